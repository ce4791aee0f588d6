"""The shape of module front matter, quiz banks, references and glossary, checked by pydantic.

`validate()` turns pydantic's errors into plain-language problems at the right line.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .problems import Problems
from .yaml_source import YamlDoc

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
OneLine = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1,
                                           pattern=r"^[^\n]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Objective(Strict):
    id: Slug
    text: Text


class ModuleMeta(Strict):
    id: Slug
    title: OneLine
    order: Annotated[int, Field(ge=1)]
    summary: Text
    duration_minutes: Annotated[int, Field(ge=1, le=600)]
    audience: Annotated[list[Text], Field(min_length=1)]
    objectives: Annotated[list[Objective], Field(min_length=3, max_length=6)]
    sources: Annotated[list[Text], Field(min_length=1)]
    last_reviewed: Annotated[datetime.date, Field(strict=False)]


class Option(Strict):
    text: OneLine
    correct: bool
    feedback: Text


class Question(Strict):
    id: Slug
    objective: Slug
    type: Literal["single", "multiple"]
    scenario: Text
    question: Text
    options: Annotated[list[Option], Field(min_length=2, max_length=6)]
    sources: list[Text] = []
    few_options_reason: Text | None = None  # why a single question has fewer than four options


class Reference(Strict):
    cite: OneLine  # short in-text form, e.g. "Copello et al., 2005"
    text: Text  # the full reference (Markdown italics allowed)
    url: OneLine | None = None
    note: Text | None = None


class GlossaryEntry(Strict):
    term: OneLine
    definition: Text
    sources: Annotated[list[Text], Field(min_length=1)]
    expansion: OneLine | None = None  # when the term is an abbreviation: what it stands for
    abbr: OneLine | None = None  # when the term has a common abbreviation


M = TypeVar("M", bound=BaseModel)

# Example values shown in "how to fix" hints, by field name.
_EXAMPLES = {
    "id": "an-id-like-this", "objective": "an-objective-id", "order": "3",
    "duration_minutes": "40", "last_reviewed": "2026-11-23", "type": "single",
    "audience": "[treatment staff]", "sources": "[ser-family-support-network]",
    "correct": "true", "objectives": "a list of '- id: ...' / 'text: ...' items",
    "options": "a list of '- text: ...' / 'correct: ...' / 'feedback: ...' items",
}


def validate(model: type[M], doc: YamlDoc, where: tuple, problems: Problems,
             label: str = "") -> M | None:
    """Validate `doc.data` at `where` against `model`; report every error, return None on any."""
    data = doc.data
    for step in where:
        data = data[step]
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            loc = where + tuple(item["loc"])
            message, fix = explain(item, tuple(item["loc"]))
            problems.add(doc.path, doc.line(loc), f"{label}{message}", fix)
        return None


def _describe(loc: tuple) -> tuple[str, str]:
    """('objectives', 1, 'text') -> ("objectives item 2: ", "text")."""
    parts, field = [], ""
    for step in loc:
        if isinstance(step, int):
            parts.append(f"{field} item {step + 1}".strip())
            field = ""
        else:
            if field:
                parts.append(field)
            field = str(step)
    prefix = (" ".join(parts[-2:]) + ": ") if parts else ""
    return prefix, field


def explain(item: dict[str, Any], loc: tuple, examples: dict[str, str] = _EXAMPLES) -> tuple[str, str]:
    """A pydantic error as (what is wrong, how to fix it); `examples` gives example values by field."""
    kind, ctx, value = item["type"], item.get("ctx", {}), item.get("input")
    prefix, field = _describe(loc)
    name = f"'{field}'" if field else "this entry"
    example = examples.get(field, "...")
    shown = ("nothing" if value is None else "a list or block" if isinstance(value, (dict, list))
             else repr(value))
    if kind == "missing":
        return f"{prefix}{name} is missing", f"add a line '{field}: {example}'"
    if kind == "extra_forbidden":
        return (f"{prefix}{name} is not a field this file uses",
                "check its spelling, or remove it; the README lists the fields")
    if kind.startswith("date") or field == "last_reviewed":
        return (f"{prefix}{name} must be a real date written YYYY-MM-DD, not {shown}",
                f"write it like '{field}: {examples.get(field, '2026-11-23')}'")
    if kind.startswith("int") or kind == "int_type":
        return f"{prefix}{name} must be a whole number, not {shown}", f"write it like '{field}: {example}'"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        word = "at least" if kind == "greater_than_equal" else "at most"
        return f"{prefix}{name} must be {word} {bound}, not {shown}", "change the number"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"{prefix}{name} must be true or false, not {shown}", f"write '{field}: true' or '{field}: false'"
    if kind == "literal_error":
        return (f"{prefix}{name} must be one of {ctx.get('expected')}, not {shown}",
                "use one of the allowed words exactly")
    if kind == "string_pattern_mismatch":
        if "\\n" in str(ctx.get("pattern", "")):
            return f"{prefix}{name} must fit on one line", f"shorten {name} or move detail elsewhere"
        return (f"{prefix}{name} {shown} must use only lowercase letters, digits and single hyphens",
                f"write it like '{example}'")
    if kind == "string_too_short":
        return f"{prefix}{name} is empty", f"write the {field} after '{field}:'"
    if kind == "string_type":
        return f"{prefix}{name} must be text, not {shown}", f"write text after '{field}:' (use quotes if needed)"
    if kind == "list_type":
        return (f"{prefix}{name} must be a list",
                f"write it as [first, second] or with one '- item' line per item")
    if kind == "too_short":
        return (f"{prefix}{name} needs at least {ctx.get('min_length')} items, it has {ctx.get('actual_length')}",
                f"add {field} items")
    if kind == "too_long":
        return (f"{prefix}{name} may have at most {ctx.get('max_length')} items, it has {ctx.get('actual_length')}",
                f"remove or merge {field} items")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (f"{prefix}{name} must be a block of 'name: value' lines, not {shown}",
                "indent the lines of the block under it; see the README for the shape")
    return f"{prefix}{name}: {item['msg']}", "see the README for the expected shape"
