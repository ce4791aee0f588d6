"""The "Your service" pages: a service's family involvement policy and its printable forms.

Each page is a template (hooks/templates/service_*.md.j2) filled in from the checked
`extra.service` settings and the course; the fixed wording is in hooks/templates/service_wording.yml.
"""

from __future__ import annotations

from types import SimpleNamespace

from .course import Course
from .problems import Problems
from .render import COURSE_MAP_PAGE
from .service import WORDING, Service
from .templating import render

POLICY = "service/index.md"
AGREEMENT = "service/information-sharing-agreement.md"
CARER_PLAN = "service/carer-assessment.md"
EXIT_CHECKLIST = "service/discharge-checklist.md"
SELF_AUDIT = "service/self-audit.md"

TITLES = {
    POLICY: "Family involvement policy",
    AGREEMENT: "Information-sharing agreement",
    CARER_PLAN: "Carer assessment and support plan",
    EXIT_CHECKLIST: "Discharge and exit checklist",
    SELF_AUDIT: "Family involvement self-audit",
}
TEMPLATES = {
    POLICY: "service_policy.md.j2",
    AGREEMENT: "service_agreement.md.j2",
    CARER_PLAN: "service_carer_plan.md.j2",
    EXIT_CHECKLIST: "service_exit_checklist.md.j2",
    SELF_AUDIT: "service_self_audit.md.j2",
}


def pages(service: Service | None, problems: Problems, course: Course) -> dict[str, str]:
    """Every page by source path; a notice instead of the content while the settings have problems."""
    if service is None:
        listed = [str(problem) for problem in problems.sorted()]
        return ({src: render("service_incomplete.md.j2", title=title, problems=listed) for src, title in TITLES.items()}
                if problems else {})
    context = {
        "service": service, "wording": WORDING, "titles": TITLES, "course_map": COURSE_MAP_PAGE,
        "pages": SimpleNamespace(agreement=AGREEMENT, carer_plan=CARER_PLAN, exit_checklist=EXIT_CHECKLIST,
                                 self_audit=SELF_AUDIT),
        "modules": course.modules, "modules_by_id": {m.meta.id: m for m in course.modules},
    }
    return {src: render(template, page=src, **context) for src, template in TEMPLATES.items()}
