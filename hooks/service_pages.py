"""The "Your service" pages: a service's family involvement policy, its information for families and
its printable forms.

Each page is a template (hooks/templates/service_*.md.j2) filled in from the checked
`extra.service` settings and the course; the fixed wording is in hooks/templates/service_wording.yml,
and the law of the service's nation in plain sentences in data/nations.yml.
"""

from __future__ import annotations

from types import SimpleNamespace

from .course import Course
from .law import NATION_LAW, NATIONS
from .problems import Problems
from .render import COURSE_MAP_PAGE
from .service import WORDING, Service
from .templating import render

POLICY = "service/index.md"
FAMILIES = "service/families.md"
AGREEMENT = "service/information-sharing-agreement.md"
CARER_PLAN = "service/carer-assessment.md"
EXIT_CHECKLIST = "service/discharge-checklist.md"
SELF_AUDIT = "service/self-audit.md"

TITLES = {
    POLICY: "Family involvement policy",
    FAMILIES: "Information for families",
    AGREEMENT: "Information-sharing agreement",
    CARER_PLAN: "Carer assessment and support plan",
    EXIT_CHECKLIST: "Discharge and exit checklist",
    SELF_AUDIT: "Family involvement self-audit",
}
TEMPLATES = {
    POLICY: "service_policy.md.j2",
    FAMILIES: "service_families.md.j2",
    AGREEMENT: "service_agreement.md.j2",
    CARER_PLAN: "service_carer_plan.md.j2",
    EXIT_CHECKLIST: "service_exit_checklist.md.j2",
    SELF_AUDIT: "service_self_audit.md.j2",
}


def pages(service: Service | None, problems: Problems, course: Course) -> dict[str, str]:
    """Every page by source path; a notice instead of the content while the settings have problems."""
    if service is not None and service.jurisdiction not in course.nation_law:
        problems = Problems()  # the course checks report what is wrong in the file
        problems.add(NATION_LAW, 1, f"the text for {NATIONS[service.jurisdiction]} has problems",
                     "fix the problems the build lists for this file")
        service = None
    if service is None:
        listed = [str(problem) for problem in problems.sorted()]
        return ({src: render("service_incomplete.md.j2", title=title, problems=listed) for src, title in TITLES.items()}
                if problems else {})
    context = {
        "service": service, "wording": WORDING, "titles": TITLES, "course_map": COURSE_MAP_PAGE,
        "law": course.nation_law[service.jurisdiction],
        "pages": SimpleNamespace(families=FAMILIES, agreement=AGREEMENT, carer_plan=CARER_PLAN,
                                 exit_checklist=EXIT_CHECKLIST, self_audit=SELF_AUDIT),
        "modules": course.modules, "modules_by_id": {m.meta.id: m for m in course.modules},
    }
    return {src: render(template, page=src, **context) for src, template in TEMPLATES.items()}
