"""Item-writing checks: each refuses a deliberately cued question in the sample course."""

from __future__ import annotations

from conftest import ROOT
from test_checks import BANK, only

from hooks.course import load_course
from hooks.item_writing import LENGTH_RATIO, LONGEST_RIGHT_LIMIT, guessing_scores


def test_a_much_longer_right_option_is_refused(sample):
    sample.replace(BANK, "    - text: Respect his decision.\n",
                   "    - text: Respect his decision and record it, then review it at each appointment.\n")
    only(sample.problems(), f"{BANK}:26", f"this right option is 2.0 times as long as the longest wrong option (limit {LENGTH_RATIO})")


def test_all_of_the_above_is_refused(sample):
    sample.replace(BANK, "    - text: When treatment ends.\n", "    - text: All of the above.\n")
    only(sample.problems(), f"{BANK}:50", "an option says 'All of the above'")


def test_none_of_these_is_refused(sample):
    sample.replace(BANK, "    - text: When treatment ends.\n", "    - text: None of these.\n")
    only(sample.problems(), f"{BANK}:50", "an option says 'None of these'")


def test_a_single_question_needs_four_options(sample):
    sample.replace(BANK, "    - text: When treatment ends.\n      correct: false\n      feedback: She can change it while in treatment.\n", "")
    only(sample.problems(), f"{BANK}:40", "a single-answer question has 3 options; it needs at least 4")


def test_fewer_options_with_a_reason_are_accepted(sample):
    sample.replace(BANK, "    - text: When treatment ends.\n      correct: false\n      feedback: She can change it while in treatment.\n",
                   "  few_options_reason: Only three times are realistic here.\n")
    assert sample.problems() == []


def test_right_option_longest_too_often_names_each_question(sample):
    # Both single questions then have the right option longest: 2 of 2 is over the limit.
    sample.replace(BANK, "    - text: At any time.\n", "    - text: At any time she likes, by asking.\n")
    sample.replace(BANK, "    - text: That Ann came today.\n", "    - text: That Ann came in today for her appointment.\n")
    problems = sample.problems()
    assert [p.split(": ")[0] for p in problems] == [f"{BANK}:1", f"{BANK}:35"], problems
    assert all(f"as in 2 of 2 single questions (100%) across the course (limit {LONGEST_RIGHT_LIMIT:.0%})" in p
               for p in problems)


def test_absolute_words_only_in_wrong_options_are_reported_with_counts(sample):
    sample.replace(BANK, "    - text: At the yearly review.\n", "    - text: Only at the yearly review.\n")
    sample.replace(BANK, "    - text: When treatment ends.\n", "    - text: Never while in treatment.\n")
    sample.replace(BANK, "    - text: Her test results from this week.\n", "    - text: Every test result from this week.\n")
    only(sample.problems(), f"{BANK}:1", "absolute words (always, never, only, must...) are in 4 of 7 wrong options but 1 of 4 right options")


def test_absolute_words_used_alike_in_right_options_pass(sample):
    sample.replace(BANK, "    - text: At the yearly review.\n", "    - text: Only at the yearly review.\n")
    sample.replace(BANK, "    - text: When treatment ends.\n", "    - text: Never while in treatment.\n")
    sample.replace(BANK, "    - text: Her test results from this week.\n", "    - text: Every test result from this week.\n")
    sample.replace(BANK, "    - text: At any time.\n", "    - text: At any time at all.\n")
    sample.replace(BANK, "    - text: Respect his decision.\n", "    - text: Always respect it.\n")
    assert sample.problems() == []


def test_testwise_strategies_on_the_real_course_do_no_better_than_chance():
    """A learner who picks the longest option, or avoids absolute words, without reading, scores no better
    than one who guesses (a small margin for ties and rounding)."""
    course, _ = load_course(ROOT)
    scores = guessing_scores(course.questions.values())
    assert scores["longest option"] <= scores["chance"] + 0.05, scores
    assert scores["no absolute words"] <= scores["chance"] + 0.05, scores
