"""One test per content rule: break the sample course and expect `path:line: message (fix)`."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

MODULE = "modules/01-sample/index.md"
BANK = "quizzes/sample.yml"


def only(problems: list[str], start: str, words: str) -> None:
    """Exactly one problem, at `start` (path:line), whose text contains `words`."""
    assert len(problems) == 1, problems
    assert problems[0].startswith(start + ": "), problems
    assert words in problems[0], problems
    assert problems[0].endswith(")"), "every problem says how to fix it"


def test_the_sample_course_has_no_problems(sample):
    assert sample.problems() == []


# Module front matter ---------------------------------------------------------------------

def test_missing_field_is_reported_at_the_front_matter(sample):
    sample.replace(MODULE, "duration_minutes: 10\n", "")
    only(sample.problems(), f"{MODULE}:2", "'duration_minutes' is missing (add a line 'duration_minutes: 40')")


def test_wrong_type_is_reported_at_its_line(sample):
    sample.replace(MODULE, "order: 1", "order: first")
    only(sample.problems(), f"{MODULE}:4", "'order' must be a whole number, not 'first'")


def test_impossible_date_is_reported(sample):
    sample.replace(MODULE, "last_reviewed: 2026-11-01", "last_reviewed: 2026-13-45")
    only(sample.problems(), f"{MODULE}:16", "'last_reviewed' must be a real date written YYYY-MM-DD")


def test_reflection_prompts_are_optional_but_two_or_three_lines_of_text(sample):
    assert sample.problems() == []  # the sample has none
    sample.replace(MODULE, "last_reviewed: 2026-11-01\n", "last_reviewed: 2026-11-01\nreflection: [Only one question?]\n")
    only(sample.problems(), f"{MODULE}:17", "'reflection' needs at least 2 items, it has 1")
    sample.replace(MODULE, "reflection: [Only one question?]", "reflection: [One?, Two?, Three?, Four?]")
    only(sample.problems(), f"{MODULE}:17", "'reflection' may have at most 3 items, it has 4")
    sample.replace(MODULE, "reflection: [One?, Two?, Three?, Four?]", "reflection: [One?, {text: Two?}]")
    only(sample.problems(), f"{MODULE}:17", "reflection item 2: this entry must be text")


def test_misspelt_field_is_reported(sample):
    sample.replace(MODULE, "summary:", "sumary:")
    problems = sample.problems()
    assert f"{MODULE}:5: 'sumary' is not a field this file uses" in "\n".join(problems)
    assert any("'summary' is missing" in p for p in problems)


def test_objective_without_text_is_reported_at_the_objective(sample):
    sample.replace(MODULE, "    text: Explain consent.\n", "")
    only(sample.problems(), f"{MODULE}:11", "objectives item 2: 'text' is missing")


def test_bad_id_is_reported(sample):
    sample.replace(MODULE, "id: sample", "id: Sample Module")
    problems = "\n".join(sample.problems())
    assert f"{MODULE}:2: 'id' 'Sample Module' must use only lowercase letters, digits and single hyphens" in problems


def test_duplicate_module_id_and_order_are_reported(sample):
    text = (sample.root / MODULE).read_text()
    sample.write("modules/02-copy/index.md", text.replace("sample-levels", "x").replace("sample-consent", "y")
                 .replace("sample-review", "z"))
    problems = "\n".join(sample.problems())
    assert "modules/02-copy/index.md:2: the id 'sample' is also used by modules/01-sample/index.md" in problems
    assert "modules/02-copy/index.md:4: the order 1 is also used by modules/01-sample/index.md" in problems


def test_malformed_front_matter_yaml_is_reported_at_its_line(sample):
    sample.replace(MODULE, "summary: A tiny module used by the tests.", "summary: [unclosed")
    only(sample.problems(), f"{MODULE}:6", "the front matter is not valid YAML")


def test_missing_front_matter_is_reported(sample):
    text = (sample.root / MODULE).read_text()
    sample.write(MODULE, text.split("---\n", 2)[2])
    problems = "\n".join(sample.problems())
    assert f"{MODULE}:1: the module page has no front matter" in problems


def test_unknown_source_key_in_front_matter(sample):
    sample.replace(MODULE, "sources: [ser-family-support-network]", "sources: [ser-network]")
    only(sample.problems(), f"{MODULE}:15", "the source key 'ser-network' is not in data/references.yml")


# Quiz banks ------------------------------------------------------------------------------

def test_single_question_with_two_correct_options(sample):
    sample.replace(BANK, "      correct: false\n      feedback: Not at Level 2.", "      correct: true\n      feedback: Not at Level 2.")
    only(sample.problems(), f"{BANK}:6", "question 'sample-levels': a 'single' question needs exactly one correct option, it has 2")


def test_multiple_question_needs_a_wrong_option(sample):
    sample.replace(BANK, "      correct: false\n      feedback: No. That needs", "      correct: true\n      feedback: No. That needs")
    only(sample.problems(), f"{BANK}:25", "it has 3 correct and 0 incorrect")


def test_option_without_feedback(sample):
    sample.replace(BANK, "      feedback: Right. His father can still get support.\n", "")
    only(sample.problems(), f"{BANK}:29", "question 'sample-consent': options item 2: 'feedback' is missing")


def test_objective_not_in_module(sample):
    sample.replace(BANK, "  objective: review", "  objective: reviews")
    problems = "\n".join(sample.problems())
    assert f"{BANK}:36: question 'sample-review': the objective 'reviews' is not one of module 'sample''s objectives" in problems
    assert f"{MODULE}:13: the objective 'review' is not covered by any question" in problems


def test_duplicate_question_id(sample):
    sample.replace(BANK, "- id: sample-review", "- id: sample-levels")
    problems = "\n".join(sample.problems())
    assert f"{BANK}:35: question 'sample-levels': the id is also used in {BANK}:1" in problems


def test_embedded_id_that_does_not_exist(sample):
    sample.replace(MODULE, "<!-- md:quiz sample-review -->", "<!-- md:quiz sample-reveiw -->")
    problems = "\n".join(sample.problems())
    assert f"{MODULE}:34: no question has the id 'sample-reveiw'" in problems
    assert f"{BANK}:35: the question 'sample-review' is not embedded in any page" in problems


def test_question_embedded_twice(sample):
    sample.replace(MODULE, "<!-- md:quiz sample-review -->", "<!-- md:quiz sample-levels -->")
    problems = "\n".join(sample.problems())
    assert f"{MODULE}:34: the question 'sample-levels' is already embedded at {MODULE}:30" in problems


def test_objective_not_covered(sample):
    sample.replace(MODULE, "  - id: review\n    text: Explain review.\n",
                   "  - id: review\n    text: Explain review.\n  - id: extra\n    text: Explain more.\n")
    only(sample.problems(), f"{MODULE}:15", "the objective 'extra' is not covered by any question")


def test_malformed_bank_yaml_is_reported_at_its_line(sample):
    sample.replace(BANK, "  question: When can she do that?", "  question: When: can: she\n bad indent")
    problems = sample.problems()
    assert problems and problems[0].startswith(f"{BANK}:39: this file is not valid YAML"), problems


def test_bank_for_unknown_module(sample):
    sample.write("quizzes/other.yml", "[]\n")
    only(sample.problems(), "quizzes/other.yml:1", "no module has the id 'other'")


def test_wrong_type_word(sample):
    sample.replace(BANK, "type: multiple", "type: many")
    only(sample.problems(), f"{BANK}:22", "'type' must be one of 'single' or 'multiple', not 'many'")


# Page rules ------------------------------------------------------------------------------

def test_h1_in_module_body(sample):
    sample.replace(MODULE, "## Check your understanding", "# Check your understanding")
    only(sample.problems(), f"{MODULE}:28", "a '# ' heading (H1) in the page body")


def test_skipped_heading_level(sample):
    sample.replace(MODULE, "### Detail", "#### Detail")
    only(sample.problems(), f"{MODULE}:24", "the heading level jumps from H2 to H4")


def test_empty_heading(sample):
    sample.replace(MODULE, "### Detail", "###")
    only(sample.problems(), f"{MODULE}:24", "this heading is empty")


def test_image_without_alt_text(sample):
    sample.replace(MODULE, "Some detail.", "Some detail.\n\n![](diagram.svg)")
    only(sample.problems(), f"{MODULE}:28", "the image 'diagram.svg' has no alt text")


def test_vague_link_text(sample):
    sample.replace(MODULE, "[CRAFT in the glossary]", "[Click here]")
    only(sample.problems(), f"{MODULE}:22", "the link text 'Click here' does not say where the link goes")


def test_bare_url_as_link_text(sample):
    sample.replace(MODULE, "Some detail.", "See [https://www.nice.org.uk](https://www.nice.org.uk).")
    only(sample.problems(), f"{MODULE}:26", "the link text is a bare web address")


def test_unknown_citation_key(sample):
    sample.replace(MODULE, "[@copello2005]", "[@copello2004]")
    only(sample.problems(), f"{MODULE}:18", "the source key 'copello2004' is not in data/references.yml")


def test_stigmatising_term_but_not_in_quotes(sample):
    sample.replace(MODULE, "Some detail.", 'An addict, she said, "I am an addict".')
    only(sample.problems(), f"{MODULE}:26", "'addict' is a stigmatising term (write 'person who uses drugs' instead")


def test_stigmatising_term_in_a_quiz_bank(sample):
    sample.replace(BANK, "feedback: No. She can ask at any time.", "feedback: No. Addicts can ask at any time.")
    only(sample.problems(), f"{BANK}:46", "'Addicts' is a stigmatising term")


def test_docs_page_needs_exactly_one_title(sample):
    sample.write("docs/extra.md", "## Section\n\ntext\n\n# Title\n\n# Another\n")
    problems = "\n".join(sample.problems())
    assert "docs/extra.md:1: the page does not start with a '# ' title heading (H1)" in problems
    assert "docs/extra.md:7: a second '# ' heading (H1); a page has exactly one title" in problems


def test_every_problem_is_reported_in_one_run(sample):
    sample.replace(MODULE, "order: 1", "order: first")
    sample.replace(MODULE, "### Detail", "#### Detail")
    sample.replace(BANK, "      feedback: Right. His father can still get support.\n", "")
    sample.replace("data/references.yml", "  cite: SER Family Support Network, n.d.\n", "")
    problems = sample.problems()
    assert [p.split(": ")[0] for p in problems] == [
        "data/references.yml:5", f"{MODULE}:4", f"{MODULE}:24", f"{BANK}:29",
    ], problems


def test_command_line_check_lists_problems_without_traceback(sample):
    sample.replace(MODULE, "[@copello2005]", "[@nobody]")
    result = subprocess.run([sys.executable, "-m", "hooks", "check", "--root", str(sample.root)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{MODULE}:18: the source key 'nobody' is not in data/references.yml" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
