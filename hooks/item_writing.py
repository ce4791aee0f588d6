"""Item-writing checks: cues that let a test-wise learner find the right option without understanding.

The rules follow the item-writing guidance used in medical education (Haladyna, Downing and
Rodriguez, 2002, "A review of multiple-choice item-writing guidelines"; Case and Swanson's NBME
item-writing manual): options alike in length, no "all/none of the above", no absolute words that
only wrong options use, and enough plausible options. The README lists what is checked here and
what is left to review (plausibility of distractors, grammar cues, feedback quality).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

from .problems import Problems
from .schema import Question
from .yaml_source import YamlDoc

LENGTH_RATIO = 1.5  # a right option this much longer than the longest wrong one stands out
RANK_LIMIT = 0.35  # share of single questions whose right option has the same length rank (chance: about 0.25)
RANK_MIN_QUESTIONS = 10  # with fewer single questions the shares are too noisy to judge
MIN_SINGLE_OPTIONS = 4
ABSOLUTE_GAP = 0.15  # wrong options may use absolute words at most this much more often than right ones
ABSOLUTE_MIN_COUNT = 3  # ... counted only once at least this many wrong options use them
ABSOLUTE_WORDS = re.compile(
    r"\b(always|never|only|cannot|can't|must|all|none|every|everyone|everything|any|completely|"
    r"entirely|nothing|no one|nobody|under no circumstances)\b", re.IGNORECASE)
ALL_OR_NONE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|them|those|the options)\b",
                         re.IGNORECASE)


class Item(Protocol):
    """A question with where it is (the course's BankQuestion)."""

    question: Question
    path: str
    line: int


def length_rank(question: Question) -> int:
    """How many options are longer than the right one: 0 when it is the longest (single questions)."""
    right = next(len(option.text) for option in question.options if option.correct)
    return sum(len(option.text) > right for option in question.options)


def check_question(question: Question, doc: YamlDoc, number: int, label: str, problems: Problems) -> None:
    """Cues inside one question: a much longer right option, 'all of the above', too few options."""
    wrong = [len(option.text) for option in question.options if not option.correct]
    longest_wrong = max(wrong, default=0)
    for index, option in enumerate(question.options):
        line = doc.line((number, "options", index, "text"))
        if option.correct and longest_wrong and len(option.text) > LENGTH_RATIO * longest_wrong:
            problems.add(doc.path, line,
                         f"{label}this right option is {len(option.text) / longest_wrong:.1f} times as long as "
                         f"the longest wrong option (limit {LENGTH_RATIO})",
                         "shorten it, or make the wrong options as full and specific as the right one")
        if ALL_OR_NONE.search(option.text):
            problems.add(doc.path, line, f"{label}an option says '{ALL_OR_NONE.search(option.text).group(0)}'",
                         "write each option as a statement of its own; for several right answers use 'type: multiple'")
    if (question.type == "single" and len(question.options) < MIN_SINGLE_OPTIONS
            and not question.few_options_reason):
        problems.add(doc.path, doc.line((number, "options")),
                     f"{label}a single-answer question has {len(question.options)} options; "
                     f"it needs at least {MIN_SINGLE_OPTIONS}",
                     "add plausible wrong options, or explain why fewer suit it in 'few_options_reason:'")


def check_course(items: Iterable[Item], problems: Problems) -> None:
    """Cues across questions: the right option is usually the longest (or the second longest...);
    absolute words mark the wrong options."""
    items = list(items)
    singles = [item for item in items if item.question.type == "single"]
    by_rank: dict[int, list[Item]] = defaultdict(list)
    for item in singles if len(singles) >= RANK_MIN_QUESTIONS else []:
        by_rank[length_rank(item.question)].append(item)
    for rank, same in sorted(by_rank.items()):
        if len(same) / len(singles) <= RANK_LIMIT:
            continue
        place = "the longest" if rank == 0 else f"number {rank + 1} by length"
        share = f"{len(same)} of {len(singles)} single questions ({len(same) / len(singles):.0%})"
        for item in same:
            problems.add(item.path, item.line,
                         f"question '{item.question.id}': the right option is {place}, as in {share} "
                         f"across the course (limit {RANK_LIMIT:.0%}), so its length gives it away",
                         "vary where the right option falls by length: make it the longest, the shortest "
                         "or in between, as often as each")
    banks: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        banks[item.path].append(item)
    for path, bank in banks.items():
        _check_absolute_words(path, bank, problems)


def _check_absolute_words(path: str, bank: list[Item], problems: Problems) -> None:
    counts = {True: [0, 0], False: [0, 0]}  # correct -> [options with absolute words, options]
    for item in bank:
        for option in item.question.options:
            counts[option.correct][0] += bool(ABSOLUTE_WORDS.search(option.text))
            counts[option.correct][1] += 1
    (wrong_hits, wrong_all), (right_hits, right_all) = counts[False], counts[True]
    if not wrong_all or not right_all:
        return
    if wrong_hits >= ABSOLUTE_MIN_COUNT and wrong_hits / wrong_all - right_hits / right_all > ABSOLUTE_GAP:
        problems.add(path, bank[0].line,
                     f"absolute words (always, never, only, must...) are in {wrong_hits} of {wrong_all} wrong options "
                     f"but {right_hits} of {right_all} right options, so they mark the wrong answers",
                     "word wrong options without them, or use them in right options where they are true")


def guessing_scores(items: Iterable[Item]) -> dict[str, float]:
    """Expected share of single questions a learner gets right without reading the scenario."""
    singles = [item.question for item in items if item.question.type == "single"]
    if not singles:
        return {}

    def expected(pick) -> float:
        total = 0.0
        for question in singles:
            chosen = pick(question.options) or question.options
            total += sum(option.correct for option in chosen) / len(chosen)
        return total / len(singles)

    def by_length(keep):
        def pick(options):
            lengths = sorted({len(option.text) for option in options})
            return [option for option in options if keep(lengths.index(len(option.text)), len(lengths))]
        return pick

    return {
        "chance": expected(lambda options: options),
        "longest option": expected(by_length(lambda rank, count: rank == count - 1)),
        "shortest option": expected(by_length(lambda rank, count: rank == 0)),
        "neither longest nor shortest": expected(by_length(lambda rank, count: 0 < rank < count - 1)),
        "no absolute words": expected(lambda options: [o for o in options if not ABSOLUTE_WORDS.search(o.text)]),
    }
