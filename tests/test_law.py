"""The law where you work: law/<topic>.md files, their checks, and the box with one tab per nation."""

from __future__ import annotations

from test_checks import MODULE, only

from hooks.course import load_course
from hooks.law import NATIONS, NOT_LEGAL_ADVICE, law_box

TOPIC = "law/capacity.md"
SECTIONS = "".join(f"## {label}\n\n{label}'s rule [@ser-family-support-network].\n\n" for label in NATIONS.values())


def with_topic(sample, body: str = SECTIONS, title: str = "Mental capacity"):
    sample.write(TOPIC, f"---\ntitle: {title}\n---\n\nThe same everywhere.\n\n{body}")
    sample.replace(MODULE, "## Key points", "<!-- md:law capacity -->\n\n## Key points")
    return sample


def test_a_complete_topic_has_no_problems(sample):
    with_topic(sample)
    course, problems = load_course(sample.root)
    assert problems.sorted() == []
    assert set(course.law["capacity"].nations) == set(NATIONS)


def test_a_missing_nation_is_reported(sample):
    with_topic(sample, SECTIONS.replace("## Scotland", "## Scotland and Wales"))
    only(sample.problems(), f"{TOPIC}:7", "a law topic has one section per nation")


def test_nations_out_of_order_are_reported(sample):
    with_topic(sample, SECTIONS.replace("## England", "## Englnd"))
    only(sample.problems(), f"{TOPIC}:7", "use exactly these '## ' headings, in this order: England, Wales")


def test_an_empty_nation_is_reported(sample):
    with_topic(sample, SECTIONS.replace("Wales's rule [@ser-family-support-network].", ""))
    only(sample.problems(), f"{TOPIC}:11", "the section 'Wales' is empty")


def test_a_title_with_markup_is_refused(sample):
    with_topic(sample, title='"Capacity <b>law</b>"')
    only(sample.problems(), f"{TOPIC}:2", "the law topic needs a plain 'title'")


def test_an_unknown_citation_in_a_topic_is_reported(sample):
    with_topic(sample, SECTIONS.replace("\nIreland's rule [@ser-family-support-network]", "\nIreland's rule [@nokey]"))
    only(sample.problems(), f"{TOPIC}:25", "the source key 'nokey' is not in data/references.yml")


def test_a_marker_for_a_missing_topic_is_reported(sample):
    sample.replace(MODULE, "## Key points", "<!-- md:law capacty -->\n\n## Key points")
    problems = sample.problems()
    assert len(problems) == 1 and "there is no law topic 'capacty'" in problems[0], problems


def test_the_box_has_a_tab_per_nation_and_opens_the_services_nation(sample):
    with_topic(sample)
    topic = load_course(sample.root)[0].law["capacity"]
    box = law_box(topic, "wales")
    tabs = [line.strip() for line in box.splitlines() if line.strip().startswith("===")]
    assert tabs == [f'==={"+" if label == "Wales" else ""} "{label}"' for label in NATIONS.values()]
    assert box.startswith('!!! info "The law where you work: Mental capacity"')
    assert NOT_LEGAL_ADVICE in box and "The same everywhere." in box
    assert not any(tab.startswith("===+") for tab in law_box(topic, None).splitlines())
