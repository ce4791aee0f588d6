"""The shape of module front matter, quiz banks, references and glossary, checked by pydantic.

`validate()` turns pydantic's errors into plain-language problems at the right line.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from .problems import Problems
from .yaml_source import YamlDoc

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
OneLine = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1,
                                           pattern=r"^[^\n]*$")]

# The only kinds of address a page links to: anything else (javascript:, data:, a relative or
# scheme-less address) is refused at its line.
URL_SCHEMES = ("https", "http", "mailto", "tel")
_UNSAFE_IN_URL = re.compile(r'[\s"<>\\`{}|^]|[\x00-\x1f\x7f]')
_EMAIL = re.compile(r"[^@\s\"<>()\[\]\\,;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def _web_address(url: str) -> str:
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if not re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
        raise PydanticCustomError("explained", "{shown} is not a full address",
                                  {"shown": repr(url), "fix": "start it with https://, e.g. 'https://www.example.org'"})
    if scheme not in URL_SCHEMES:
        raise PydanticCustomError("explained", "{shown} starts with '{scheme}:', which pages never link to",
                                  {"shown": repr(url), "scheme": scheme,
                                   "fix": "use an address that starts with https:// (or http://, mailto: or tel:)"})
    if _UNSAFE_IN_URL.search(url) or (scheme.startswith("http") and not urlsplit(url).hostname):
        raise PydanticCustomError("explained", "{shown} is not a valid web address",
                                  {"shown": repr(url), "fix": "write it like 'https://www.example.org/page', "
                                   "with no spaces, quotes or angle brackets (use %20 for a space)"})
    return url


def _email_address(email: str) -> str:
    if not _EMAIL.fullmatch(email):
        raise PydanticCustomError("explained", "{shown} is not an email address",
                                  {"shown": repr(email), "fix": "write one address like 'families@example.org'"})
    return email


WebAddress = Annotated[OneLine, AfterValidator(_web_address)]
EmailAddress = Annotated[OneLine, AfterValidator(_email_address)]
# What a page can show as an abbreviation with its explanation on hover.
ABBREVIATION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 .&/+'-]*$"
Abbreviation = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, pattern=ABBREVIATION_PATTERN)]


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
    sources: Annotated[list[Slug], Field(min_length=1)]
    last_reviewed: Annotated[datetime.date, Field(strict=False)]
    # Questions about the learner's own practice, answered in the browser for their CPD record.
    reflection: Annotated[list[OneLine], Field(min_length=2, max_length=3)] | None = None


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
    sources: list[Slug] = []
    few_options_reason: Text | None = None  # why a single question has fewer than four options


class Reference(Strict):
    cite: OneLine  # short in-text form, e.g. "Copello et al., 2005"
    text: Text  # the full reference (Markdown italics allowed)
    url: WebAddress | None = None
    note: Text | None = None


class GlossaryEntry(Strict):
    term: OneLine
    definition: Text
    sources: Annotated[list[Slug], Field(min_length=1)]
    expansion: OneLine | None = None  # when the term is an abbreviation: what it stands for
    abbr: Abbreviation | None = None  # when the term has a common abbreviation

    @model_validator(mode="after")
    def _term_is_an_abbreviation(self):
        if self.expansion is not None and not re.fullmatch(ABBREVIATION_PATTERN, self.term):
            raise PydanticCustomError(
                "explained", "a term with an 'expansion' is an abbreviation, and {shown} is not one",
                {"shown": repr(self.term),
                 "fix": "write the abbreviation alone as the term, in letters, digits, spaces and . & / + ' -"})
        return self


class LanguageRule(Strict):
    avoid: Annotated[list[OneLine], Field(min_length=1)]  # stigmatising words and phrases
    prefer: OneLine  # the wording to use instead


M = TypeVar("M", bound=BaseModel)

# Example values shown in "how to fix" hints, by field name.
_EXAMPLES = {
    "id": "an-id-like-this", "objective": "an-objective-id", "order": "3",
    "duration_minutes": "40", "last_reviewed": "2026-11-23", "type": "single",
    "audience": "[treatment staff]", "sources": "[ser-family-support-network]",
    "correct": "true", "objectives": "a list of '- id: ...' / 'text: ...' items",
    "options": "a list of '- text: ...' / 'correct: ...' / 'feedback: ...' items",
    "reflection": "a list of 2 or 3 questions, one '- ...' line each",
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
    if kind == "explained":  # web and email addresses, abbreviations: the error carries its own words
        return f"{prefix}{name + ' ' if field else ''}{item['msg']}", ctx["fix"]
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
                "write it as [first, second] or with one '- item' line per item")
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
