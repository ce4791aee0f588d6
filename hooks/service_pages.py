"""The "Your service" pages: a service's family involvement policy and its printable forms.

Each function returns the Markdown of one page, from the checked `extra.service` settings and the
course. Write-in lines, tick boxes and signature boxes are styled for A4 by docs/assets/print-forms.css.
"""

from __future__ import annotations

import re
from html import escape

from .course import Course
from .problems import Problems
from .render import COURSE_MAP_PAGE, link_from, long_date
from .service import COMMITMENTS, Service

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

# The three levels of information sharing in the SER paper: (name, what may be shared, what may not).
LEVELS = {
    1: ("Information about drugs and services",
        "General information about drugs and alcohol, about treatment, and about the support on offer "
        "for family members.",
        "Anything about the person, including whether they use the service."),
    2: ("A basic agreement",
        "That the person is being seen, how often, when their next appointment is, and if they miss "
        "an appointment.",
        "Any detail of what happens in the person's sessions."),
    3: ("A fuller agreement",
        "What is happening in the person's sessions, as the person agrees and, if it is right for "
        "everyone, an invitation to join some sessions.",
        "Anything beyond what the person has agreed to."),
}


def pages(service: Service | None, problems: Problems, course: Course) -> dict[str, str]:
    """Every page by source path; a notice instead of the content while the settings have problems."""
    if service is None:
        return {src: _incomplete(title, problems) for src, title in TITLES.items()} if problems else {}
    builders = {POLICY: policy, AGREEMENT: agreement_form, CARER_PLAN: carer_plan,
                EXIT_CHECKLIST: exit_checklist, SELF_AUDIT: self_audit}
    return {src: build(service, course) for src, build in builders.items()}


def _incomplete(title: str, problems: Problems) -> str:
    listed = "\n".join(f"    - `{problem}`" for problem in problems.sorted())
    return (f"# {title}\n\n"
            '!!! danger service-incomplete "The service settings are not complete"\n\n'
            "    This page is published from the `extra.service` settings in mkdocs.yml. They have "
            "problems, so the page is not shown until they are fixed:\n\n"
            f"{listed}\n")


# Building blocks -------------------------------------------------------------------------------

def _header(page: str, service: Service) -> str:
    text = f"# {TITLES[page]}\n\n"
    if service.example:
        text += ('!!! warning service-example "Example: replace with your own service\'s details"\n\n'
                 f"    {service.name} is a fictional service that comes with the course. Before you use "
                 "this page, put your own service's details in the `extra.service` settings in mkdocs.yml "
                 "and set `example: false` (the README explains each setting).\n\n")
    return text + (f"{service.name} · {TITLES[page]} · next review {long_date(service.review_date)}\n"
                   "{: .form-meta }\n\n")


def _section(heading: str, body: str) -> str:
    """A part of a form that is never split across two printed pages."""
    return f'<div class="form-section" markdown>\n\n## {heading}\n\n{body.strip()}\n\n</div>\n\n'


def _write_in(*labels: str, lines: int = 1) -> str:
    """A labelled line to write on, and `lines - 1` more blank lines under each label."""
    more = '<div class="write-line"></div>' * (lines - 1)
    return "\n".join(f'<div class="write-in"><span>{escape(label)}</span></div>{more}' for label in labels) + "\n\n"


def _ticks(*items: str) -> str:
    """A list with a box to tick before each item."""
    return '<div class="ticks" markdown>\n\n' + "\n".join(f"- {item}" for item in items) + "\n\n</div>\n\n"


def _signature(who: str) -> str:
    return (f'<div class="signature-box"><span>Signature: {escape(who)}</span></div>\n'
            + _write_in("Name in capitals", "Date"))


def _table(header: list[str], rows: int) -> str:
    """An empty table to fill in by hand."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(["&nbsp;"] * len(header)) + " |"] * rows
    return "\n".join(lines) + "\n\n"


def _module(course: Course, module_id: str, page: str, text: str) -> str:
    """A link to a course module by its title, or `text` when the course has no module with that id."""
    module = next((m for m in course.modules if m.meta.id == module_id), None)
    return f"[{module.meta.title}]({link_from(page, module.page)})" if module else text


def _link(page: str, target: str) -> str:
    return f"[{TITLES[target].lower()}]({link_from(page, target)})"


def _lead(service: Service) -> str:
    lead = service.family_lead
    return f"{lead.name}, {lead.role} ({lead.contact})"


def _organisations(service: Service) -> str:
    rows = ["| Organisation | What it offers | Contact |", "|---|---|---|"]
    rows += [f"| {o.name} | {' '.join(o.offers.split())} | {o.contact} |" for o in service.support_organisations]
    return "\n".join(rows) + "\n\n"


def _contact_lines(service: Service) -> str:
    contact = service.contact
    lines = [f"- **Address:** {' '.join(contact.address.split())}", f"- **Phone:** {contact.phone}"]
    if contact.email:
        lines.append(f"- **Email:** {contact.email}")
    if contact.website:
        host = re.sub(r"^https?://", "", contact.website).rstrip("/")
        lines.append(f"- **Website:** [{service.name} website ({host})]({contact.website})")
    lines.append(f"- **Opening hours:** {' '.join(contact.opening_hours.split())}")
    return "\n".join(lines) + "\n\n"


def _emergency(service: Service) -> str:
    return " ".join(service.emergency.split())


# The pages ---------------------------------------------------------------------------------------

def policy(service: Service, course: Course) -> str:
    page = POLICY
    name = service.name
    offered = service.information_sharing_levels
    levels = "\n".join(f"- **Level {n}: {LEVELS[n][0]}.** We may share: {LEVELS[n][1][0].lower()}{LEVELS[n][1][1:]} "
                       f"We do not share: {LEVELS[n][2][0].lower()}{LEVELS[n][2][1:]}" for n in sorted(offered))
    not_offered = [str(n) for n in (1, 2, 3) if n not in offered]
    commitments = "\n".join(f"- {COMMITMENTS[key]}" for key in COMMITMENTS if key in service.commitments)
    modules = "\n".join(f"- [{m.meta.title}]({link_from(page, m.page)})" for m in course.modules)
    promised = set(service.commitments)
    support = ("We offer every family member or carer an assessment of their own needs, separate from the "
               "person's, in a place that suits them. It leads to a support plan with their own goals for the "
               f"next six months [@ser-family-support-network]. Staff use the {_link(page, CARER_PLAN)} form.\n\n"
               if "carer-assessment" in promised else "")
    refer = " We can refer you to them:" if "information-and-referral" in promised else ""
    discharge = ("We ask the person early on who we should contact if they leave, and what we can tell them. "
                 "We tell families about the risk of overdose and how to get overdose prevention training and "
                 "naloxone, and we keep supporting family members if the person stops coming "
                 f"[@ser-family-support-network]. Staff use the {_link(page, EXIT_CHECKLIST)}.\n\n"
                 if "involvement-at-discharge" in promised else "")
    staff = "Every member of staff takes the" if "staff-training" in promised else "Staff can take the"
    text = _header(page, service)
    text += (
        f"This policy explains how {name} involves and supports the family members and carers of the "
        "people who use our service. It is written for families and for our staff.\n\n"
        "By family we mean the people who play an important part in a person's life "
        "[@quality-principles]. The person tells us who they are: a partner, parent, son, daughter, "
        "friend or anyone else close to them.\n\n"
        "## Why we involve families\n\n"
        "When families are involved, people are more likely to start treatment, stay in it and do well "
        "[@copello2005; @ser-family-support-network]. Family members are affected too, and need support "
        "in their own right, whatever their relative decides [@scotgov2021-family].\n\n"
        "Involving family is the person's own choice, and it is not always right for everyone "
        "[@ser-family-support-network]. The person in treatment, not their family, stays responsible "
        "for their treatment and its results [@ser-family-support-network].\n\n"
        "## What we promise\n\n"
        f"{name} follows these principles for services from the SER Family Support Network "
        f"[@ser-family-support-network]:\n\n{commitments}\n\n"
        "## What we share with your family\n\n"
        "We explain what we keep private, who we may share information with, and when the law says "
        "we must share it, when you first come to us [@ser-family-support-network]. How much we share "
        "with your family depends on what you agree. We offer these levels of information sharing "
        f"[@ser-family-support-network]:\n\n{levels}\n\n"
    )
    if not_offered:
        text += f"We do not offer Level {' or '.join(not_offered)}.\n\n"
    text += (
        "We write down what you agree in an information-sharing agreement: what we share, who shares "
        "it and when [@ser-family-support-network]. You or your family member can ask to change it, or "
        "to stop it, at any time, and we review it with everyone regularly [@ser-family-support-network]. "
        f"Staff use the {_link(page, AGREEMENT)} form.\n\n"
        "There are limits. We may have to share information without consent to protect a child, or "
        "when someone is in serious danger [@carersinfo2018; @tewv-conf]. We follow our safeguarding "
        "procedures and will tell you what we must do and why whenever we can.\n\n"
        "Even without an agreement, we can always listen to a family member, take note of what they "
        "tell us, and give them general information and support [@recovery-college-conf].\n\n"
        "## Support for family members and carers\n\n"
        f"{support}"
        f"Our family and carer lead is {_lead(service)}.\n\n"
        f"These local organisations support family members.{refer}\n\n"
        f"{_organisations(service)}"
        "## When someone leaves treatment\n\n"
        "Leaving treatment, planned or not, can be hard for families too [@ser-family-support-network]. "
        "After a break from opioids such as heroin or methadone, a person's tolerance falls, so an amount "
        "they used before can cause an overdose [@strang2003]. Naloxone is an emergency medicine that "
        "reverses an opioid overdose [@dhsc-naloxone]. Families can help the person come back to "
        f"treatment if they stop coming [@ser-family-support-network].\n\n{discharge}"
        f"## In an emergency\n\n{_emergency(service)}\n\n"
        f"## Contact us\n\n{_contact_lines(service)}"
        "## For staff\n\n"
        f"{staff} [family involvement course]({link_from(page, COURSE_MAP_PAGE)}), "
        f"which explains the practice behind this policy:\n\n{modules}\n\n"
        f"The team checks how well it keeps these promises with the {_link(page, SELF_AUDIT)}. "
        "Follow this policy together with our confidentiality, safeguarding and emergency procedures.\n\n"
        "## About this policy\n\n"
        f"This policy is owned by the {service.policy_owner} of {name}. It will next be reviewed by "
        f"{long_date(service.review_date)}. It is based on the SER Family Support Network paper "
        "*Involving family members and carers in treatment services* [@ser-family-support-network].\n"
    )
    return text


def agreement_form(service: Service, course: Course) -> str:
    page = AGREEMENT
    offered = service.information_sharing_levels
    rows = ["| Level | What may be shared | What may not be shared |", "|---|---|---|"]
    for n, (title, may, may_not) in LEVELS.items():
        label = f"**Level {n}: {title}**" + ("" if n in offered else f" (not offered by {service.name})")
        rows.append(f"| {label} | {may} | {may_not} |")
    choices = [f"**Level {n}: {LEVELS[n][0]}.** {LEVELS[n][1]}" for n in sorted(offered)]
    text = _header(page, service)
    text += (
        "This agreement records what information about a person in treatment is shared with their family "
        "members or carers, who shares it and when [@ser-family-support-network]. The person, each family "
        "member named below and the worker keep a copy.\n\n"
    )
    text += _section("The person in treatment", _write_in("Name", "Date of birth", "Worker and team"))
    text += _section("Family members or carers named in this agreement",
                     _table(["Name", "Relationship", "Phone or email", "Emergency contact? (yes/no)"], 3))
    text += _section("The three levels of information sharing",
                     "\n".join(rows) + "\n\n"
                     f"The levels come from the SER Family Support Network paper [@ser-family-support-network]. "
                     "Nothing about the person is shared at Level 1, so general information and support can be given "
                     "to any family member without consent.")
    text += _section("The level agreed", "Tick one.\n\n" + _ticks(*choices)
                     + "Anything the person wants kept private, even at this level:\n\n" + _write_in("Keep private", lines=3))
    text += _section("How the information is shared",
                     _write_in("What is shared (for example, missed appointments only)", lines=2)
                     + _write_in("Who shares it (name or role)", "How and when (for example, a phone call on the day)",
                                 *(["Joint sessions agreed (Level 3 only): yes / no"] if 3 in offered else [])))
    text += _section("When we must share without consent",
                     "No agreement stops us acting to protect a child or an adult at risk, or when someone is in "
                     "serious danger; information may also be shared by court order [@carersinfo2018; @tewv-conf]. "
                     f"{service.name} follows its safeguarding procedures and will explain what it must do and why "
                     "whenever it can.")
    text += _section("Changing or ending this agreement",
                     "The person and each family member can ask to change this agreement, or to end it, at any time "
                     f"[@ser-family-support-network]. Tell the worker, or call {service.contact.phone}. Sharing changes "
                     "from that moment, and the change is written down and dated. Family members keep their own "
                     "support whatever the person decides [@scotgov2021-family].\n\n"
                     "We review this agreement with everyone regularly [@ser-family-support-network].\n\n"
                     + _write_in("Date of next review"))
    text += _section("Signatures",
                     "**The person in treatment**\n\n" + _signature("person in treatment")
                     + "**Family member or carer**\n\n" + _signature("family member or carer")
                     + "**Worker**\n\n" + _signature("worker"))
    text += _section("Changes to this agreement", _table(["Date", "What changed", "Asked for by", "Worker's initials"], 4))
    return text


# The areas of a carer's own assessment in the SER paper, each with prompts for the worker.
CARER_AREAS = [
    ("What they want to know about",
     "For example drugs and alcohol, ways to reduce harm (such as safer sex for partners), treatment "
     "services and the criminal justice system."),
    ("Their relationship with the person", "Do they live together? How well do they talk to each other?"),
    ("How it affects their feelings and daily life",
     "Their physical and mental health, their social life and their work."),
    ("How it affects their other relationships", "With other family members and close friends."),
    ("Domestic violence or harassment",
     "Is either happening? If so, follow the service's domestic abuse procedure."),
    ("Their own contact with the criminal justice system", ""),
    ("Child protection", "Any concerns about a child? If so, follow the service's safeguarding procedure."),
    ("How they cope", "How they deal with the drug or alcohol use and the person's behaviour, and what "
                      "that way of coping does to them."),
    ("Their social support", "How much support they get, what kind, and what they would need to keep on caring."),
]


def carer_plan(service: Service, course: Course) -> str:
    page = CARER_PLAN
    text = _header(page, service)
    text += (
        "Use this form for a family member's or carer's own assessment. Offer it separately from the "
        "person's assessment, in a place the carer chooses. Keep the focus on the carer's own needs, "
        "and keep talk about their relative to a minimum. It is done by a member of staff trained to "
        f"assess needs [@ser-family-support-network]. The module {_module(course, 'assessment', page, 'on assessment')} "
        "explains each area.\n\n"
    )
    text += _section("Personal and contact details",
                     _write_in("Name", "Address", "Phone", "Email", "Best way and time to contact",
                               "Relationship to the person who uses drugs or alcohol",
                               "Where the assessment took place", "Date", "Assessed by")
                     + "Monitoring information, as your service requires:\n\n" + _write_in("Monitoring", lines=2))
    for number, (area, prompt) in enumerate(CARER_AREAS, start=1):
        text += _section(f"{number}. {area}", (f"{prompt}\n\n" if prompt else "") + _write_in("Notes", lines=4))
    text += _section("10. Goals for the next six months",
                     "The carer's own goals, based on what came up above [@ser-family-support-network].\n\n"
                     + _table(["Goal", "What will help", "Who arranges it", "By when"], 4))
    orgs = [f"Referral to {o.name}: {' '.join(o.offers.split())}" for o in service.support_organisations]
    text += _section("Support plan",
                     "Make sure the carer knows the full range of help on offer, then agree which will help with "
                     "their goals [@ser-family-support-network]. Tick what is agreed.\n\n"
                     + _ticks("Information about the drug or alcohol problem, about treatment and about looking after "
                              "themselves as a carer [@ser-family-support-network]",
                              *orgs,
                              "Guided self-help or a support group for families [@nice-cg51-ifp]",
                              "Structured help from a trained practitioner, such as the 5-Step Method "
                              f"[@copello2010] (see {_module(course, 'five-step', page, 'the course')})",
                              "Help to encourage a relative who refuses treatment to start, such as CRAFT, from a "
                              f"trained practitioner [@nrepp-craft] (see {_module(course, 'craft', page, 'the course')})",
                              "Something else:")
                     + _write_in("Other help agreed", lines=2))
    text += _section("Review and signatures",
                     _write_in("Date of review") + "**Family member or carer**\n\n" + _signature("family member or carer")
                     + "**Worker**\n\n" + _signature("worker"))
    return text


def exit_checklist(service: Service, course: Course) -> str:
    page = EXIT_CHECKLIST
    levels = [f"Level {n}" for n in sorted(service.information_sharing_levels)] + ["No agreement"]
    text = _header(page, service)
    text += (
        "Use this checklist whenever someone leaves treatment, planned or not, and in a crisis. Services "
        "need clear steps for how to involve families, what to do and what to share at these times "
        f"[@ser-family-support-network]. The module {_module(course, 'discharge', page, 'on discharge')} "
        "explains the reasons behind each step. Share only what the person's information-sharing agreement allows.\n\n"
    )
    text += _section("The person and their family contact",
                     _write_in("Person's name", "Worker", "Family contact (name and relationship)",
                               "Family contact's phone, checked on (date)")
                     + "Information-sharing agreement on file:\n\n" + _ticks(*levels))
    text += _section("At admission and at every review",
                     _ticks("Emergency contact details for the family are up to date [@ser-family-support-network]",
                            "The person has said who we should contact if they leave early, and what we can tell them",
                            "The family knows who to contact in an emergency, including out of hours [@ser-family-support-network]",
                            "The family has been offered overdose prevention training and naloxone",
                            "The family member has been offered support in their own right"))
    text += _section("Planned exit",
                     _ticks(*(["Joint session with the family offered before discharge (Level 3, with the person's "
                               "consent) [@ser-family-support-network]"] if 3 in service.information_sharing_levels else []),
                            "Aftercare plan agreed, including how to get back into treatment quickly",
                            "Overdose risk after a break from opioids explained to the person and, as agreed, the family",
                            "The family member's own support carries on after discharge")
                     + _write_in("Date of discharge", "Notes", lines=1))
    text += _section("Unplanned exit or crisis",
                     _ticks("Family contacted as agreed, and how soon:",
                            "Told, as far as the agreement allows, that the person has left or stopped attending",
                            "Told about the dangers the person now faces, such as a return to use and overdose "
                            "[@ser-family-support-network]",
                            "Support arranged for the family member [@ser-family-support-network]",
                            "Emergency and out-of-hours contacts given",
                            "Follow-up call to the family booked")
                     + _write_in("Date and time of exit", "Who contacted the family, and when", lines=1))
    text += _section("Overdose risk and prevention information given to the family",
                     _ticks("Loss of tolerance: after a detox, a residential stay, a hospital stay or prison, an amount the "
                            "person used before can cause an overdose [@strang2003]",
                            "The risk is greatest in the first two weeks after release from prison [@green2014]",
                            "Naloxone is an emergency medicine that reverses an opioid overdose [@dhsc-naloxone]",
                            "Where the family can get overdose prevention training and naloxone:")
                     + _write_in("Training and naloxone from", lines=1)
                     + "This course is for staff: follow your service's naloxone policy, and point families to an "
                       "approved local supplier for training and naloxone.")
    text += _section("Emergency contacts given to the family",
                     _ticks(f"In an emergency: {_emergency(service)}",
                            f"{service.name}: {service.contact.phone} ({' '.join(service.contact.opening_hours.split())})",
                            f"Family and carer lead: {_lead(service)}",
                            *[f"{o.name}: {o.contact}" for o in service.support_organisations]))
    text += _section("Re-engagement and continuing support",
                     "If someone drops out, their family may be able to help them come back, and keeping up support "
                     "for the family member may help the person return sooner [@ser-family-support-network].\n\n"
                     + _ticks("The family knows how the person can get back in touch with the service",
                              "The family member's next session is booked",
                              "The service's procedure for the person who has disengaged is followed",
                              "Everything above is recorded in the person's notes")
                     + "**Worker**\n\n" + _signature("worker"))
    return text


def self_audit(service: Service, course: Course) -> str:
    page = SELF_AUDIT
    text = _header(page, service)
    text += (
        "A family-inclusive service checks its own practice. It reviews family work at team meetings, "
        "audits case notes, and asks clients about family work in satisfaction questionnaires "
        f"[@ser-family-support-network]. Use this checklist with the team, for example every six months. "
        f"The module {_module(course, 'family-inclusive-service', page, 'on building a family-inclusive service')} "
        "explains why.\n\n"
    )
    text += _section("About this audit", _write_in("Date", "Completed by", "Team or site"))
    rows = ["| Principle | In our policy | In place / partly / not yet | Evidence |", "|---|---|---|---|"]
    rows += [f"| {wording} | {'Yes' if key in service.commitments else 'No'} | &nbsp; | &nbsp; |"
             for key, wording in COMMITMENTS.items()]
    text += _section("Our promises",
                     f"Check each principle for services [@ser-family-support-network] against what happens in "
                     f"practice.\n\n" + "\n".join(rows) + "\n\n")
    text += _section("Team meetings",
                     _ticks("Family and carer work is a regular item at team meetings [@ser-family-support-network]",
                            "New clients this month: how many were asked about family members and carers?",
                            "Carer assessments offered, accepted and completed",
                            "One case where family work helped, and one where it stalled",
                            "Information-sharing agreements due for review")
                     + _write_in("Notes", lines=3))
    text += _section("Case-note audit",
                     "Look at a sample of case notes to see how much family and carer work is happening "
                     "[@ser-family-support-network]. Low recording is more likely to reflect practice than a lack of need.\n\n"
                     + _write_in("Number of case notes looked at")
                     + "| In how many case notes... | Number | Out of |\n|---|---|---|\n"
                     + "\n".join(f"| {item} | &nbsp; | &nbsp; |" for item in [
                         "were the person's family members or carers asked about?",
                         "were children or young people affected asked about?",
                         "was a family member or carer offered their own assessment?",
                         "is an information-sharing agreement recorded, with its level?",
                         "was the agreement reviewed when due?",
                         "are emergency contact details for the family recorded?",
                         "was the family involved, as agreed, when the person left treatment?"])
                     + "\n\n")
    text += _section("Satisfaction questionnaire",
                     "Questions about family and carer work belong in the client satisfaction questionnaire "
                     "[@ser-family-support-network]. Tick those in ours.\n\n"
                     + _ticks("Did staff ask whether you wanted your family or someone close to you involved?",
                              "Were you told you can change what is shared with your family at any time?",
                              "Was your family offered information or support?",
                              "For family members: were you offered support for yourself?",
                              "For family members: do you know who to contact in an emergency?"))
    text += _section("Actions", _table(["Action", "Who", "By when"], 4)
                     + _write_in("Date of next audit") + _signature(service.policy_owner))
    return text
