"""Item-writing checks: each refuses a deliberately cued question in the sample course."""

from __future__ import annotations

from conftest import ROOT
from test_checks import BANK, MODULE, only

from hooks.course import load_course
from hooks.item_writing import LENGTH_RATIO, RANK_LIMIT, RANK_MIN_QUESTIONS, guessing_scores


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


def add_single_questions(sample, right_ranks: list[int]) -> list[str]:
    """Append single questions whose right option has the given length rank (0 = longest) and embed them;
    returns each question's `path:line`."""
    bank = (sample.root / BANK).read_text(encoding="utf-8")
    places, markers = [], []
    for number, rank in enumerate(right_ranks):
        places.append(f"{BANK}:{bank.count(chr(10)) + 1}")
        options = "".join(
            f"    - text: Option {'x' * (40 - 5 * place)}\n      correct: {'true' if place == rank else 'false'}\n"
            f"      feedback: Why option {place} is {'right' if place == rank else 'wrong'}.\n"
            for place in range(4))
        bank += (f"- id: extra-{number}\n  objective: levels\n  type: single\n  scenario: Case {number}.\n"
                 f"  question: What do you do?\n  options:\n{options}")
        markers.append(f"<!-- md:quiz extra-{number} -->")
    sample.write(BANK, bank)
    sample.replace(MODULE, "<!-- md:quiz sample-review -->", "\n\n".join(["<!-- md:quiz sample-review -->", *markers]))
    return places


def test_spread_length_ranks_pass(sample):
    add_single_questions(sample, [0, 1, 2, 0, 1, 2, 3, 0])  # the sample has two more, both shortest
    assert sample.problems() == []


def test_right_option_longest_too_often_names_each_question(sample):
    places = add_single_questions(sample, [0, 0, 0, 0, 1, 2, 3, 1])  # 4 of 10 longest
    problems = sample.problems()
    assert [p.split(": ")[0] for p in problems] == places[:4], problems
    assert all(f"the right option is the longest, as in 4 of 10 single questions (40%) across the course "
               f"(limit {RANK_LIMIT:.0%})" in p for p in problems)


def test_right_option_second_longest_too_often_is_reported(sample):
    places = add_single_questions(sample, [1, 1, 1, 1, 0, 2, 3, 0])
    problems = sample.problems()
    assert [p.split(": ")[0] for p in problems] == places[:4], problems
    assert all("the right option is number 2 by length, as in 4 of 10" in p for p in problems)


def test_too_few_questions_to_judge_length_ranks(sample):
    add_single_questions(sample, [0] * (RANK_MIN_QUESTIONS - 3))  # all longest, but nine in all
    assert sample.problems() == []


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


def test_guessing_strategies_on_the_real_course_do_no_better_than_chance():
    """A learner who picks by length, or avoids absolute words, without reading the question, scores
    no better than one who guesses (a small margin for ties)."""
    course, _ = load_course(ROOT)
    scores = guessing_scores(course.questions.values())
    chance = scores.pop("chance")
    assert all(score <= chance + 0.05 for score in scores.values()), (chance, scores)
