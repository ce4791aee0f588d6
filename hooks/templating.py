"""Renders the generated pages from `hooks/templates/*.md.j2`, so text from data stays text.

Jinja2 escapes HTML everywhere (autoescape). Where data lands in Markdown, templates also use the
`md` filter, which escapes Markdown's own characters, so a `|` cannot split a table, a `*` cannot
start emphasis and `- [x]` or `</quiz>` cannot become a quiz. Module bodies are authored Markdown,
trusted like code; templates mark them `| safe` where they include them.
"""

from __future__ import annotations

import posixpath
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"

# The characters Python-Markdown lets a backslash escape (with the tables extension's '|'). A '-'
# or '.' matters only where it could start a list or a rule, at the start of the text: escaped
# elsewhere, it would split abbreviations such as "A-CRA".
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+!|]|^\d*[-.]")
# At the start, ':' could start a definition and '~' a code fence: no backslash escape, so an entity.
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_LEADING_ENTITY = {":": "&#58;", "~": "&#126;"}
# What authored data may keep as Markdown: citations in course text, *italics* in references.
_CITATION = re.compile(r"\[@[a-z0-9-]+(?:\s*;\s*@[a-z0-9-]+)*\]")
_ITALICS = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*")


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def _escape_markdown(text: str) -> str:
    text = _MARKDOWN_SPECIAL.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], text)
    text = re.sub(r"[&<>]", lambda m: _HTML_SPECIAL[m.group(0)], text)
    return _LEADING_ENTITY.get(text[:1], text[:1]) + text[1:]


def markdown_text(value: object, citations: bool = False, italics: bool = False) -> Markup:
    """`value` as Markdown that shows exactly what was typed, on one line. With `citations`,
    [@key] citations stay (render.expand_page turns them into links); with `italics`, *words* stay
    italic (the titles in references)."""
    text = one_line(value)
    kept = [pattern for pattern, wanted in ((_CITATION, citations), (_ITALICS, italics)) if wanted]
    if not kept:
        return Markup(_escape_markdown(text))
    pieces, at = [], 0
    for match in re.finditer("|".join(p.pattern for p in kept), text):
        pieces.append(_escape_markdown(text[at:match.start()]))
        if _CITATION.fullmatch(match.group(0)):
            pieces.append(match.group(0))
        else:
            pieces.append(f"*{_escape_markdown(match.group(0)[1:-1])}*")
        at = match.end()
    pieces.append(_escape_markdown(text[at:]))
    return Markup("".join(pieces))


def link_target(url: str) -> Markup:
    """A checked web address (schema.WebAddress) as a Markdown link target: characters that could
    end the target or the attribute are percent-encoded."""
    return Markup(quote(url, safe=":/?#@!$&'*+,;=%~-._"))


def host(url: str) -> str:
    """"https://www.nice.org.uk/guidance" -> "nice.org.uk"; "mailto:a@b.org" -> "a@b.org"."""
    parts = urlsplit(url)
    return (parts.hostname or parts.path).removeprefix("www.")


def css_string(value: object) -> Markup:
    """Text as a quoted CSS string (for printed page margins): every character but letters, digits
    and spaces as a six-digit escape, so no quote, backslash or `</style>` can end it."""
    return Markup('"' + "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):06x}"
                                for c in one_line(value)) + '"')


def plain_text(value: object) -> Markup:
    """Escaped text for HTML attributes such as the page description, on one line."""
    return escape(one_line(value))


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def link_from(page: str, target: str) -> str:
    """Relative link from one source page to another, as MkDocs expects in Markdown."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def lower_first(text: str) -> str:
    """"Explain the levels" -> "explain the levels", but "NICE ..." stays."""
    text = one_line(text)
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
_ENV.filters.update(md=markdown_text, url=link_target, long_date=long_date, lower_first=lower_first,
                    one_line=one_line, host=host, css_string=css_string)
_ENV.globals.update(link_from=link_from)


def render(template: str, **context) -> str:
    """The Markdown of `hooks/templates/<template>` with `context`."""
    return _ENV.get_template(template).render(**context)
