"""The `extra.service` block of mkdocs.yml: the details a service publishes its policy and forms with.

`load_service(config_file, settings, root)` checks the block as MkDocs read it (any `INHERIT` parent
merged in) and reports each problem at its line in the file that holds the setting.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError

from . import schema
from .law import NATIONS
from .problems import Problems
from .schema import EmailAddress, OneLine, Strict, Text, WebAddress
from .templating import TEMPLATES
from .yaml_source import YamlDoc, _Loader, parse_yaml, read_source

BLOCK = ("extra", "service")

# The fixed wording of the service pages; a service can promise only what has wording there.
WORDING = yaml.safe_load((TEMPLATES / "service_wording.yml").read_text(encoding="utf-8"))
COMMITMENTS: dict[str, str] = WORDING["commitments"]
Commitment = Literal[tuple(COMMITMENTS)]
Nation = Literal[tuple(NATIONS)]

_EXAMPLES = {
    "name": "Example Drug and Alcohol Service", "address": "1 High Street, Exampletown EX1 1AA",
    "phone": "01234 567 890", "opening_hours": "Monday to Friday, 9am to 5pm",
    "role": "Family and carer lead", "contact": "01234 567 891 or family@example.org",
    "offers": "support groups and one-to-one support for family members",
    "information_sharing_levels": "[1, 2, 3]", "commitments": "[whole-family-approach, carer-assessment]",
    "emergency": "what families should do in an emergency, and who to call out of hours",
    "policy_owner": "Service manager", "example": "false",
}

_BLOCKS = {  # settings made of lines of their own, for "is missing" hints
    "contact": "address, phone and opening_hours lines (email and website if you have them)",
    "family_lead": "name, role and contact lines",
    "support_organisations": "a '- name:', 'offers:', 'contact:' item for each organisation",
    "commitments": "a '- key' line for each commitment",
}


class Contact(Strict):
    address: Text
    phone: OneLine
    email: EmailAddress | None = None
    website: WebAddress | None = None
    opening_hours: Text


class Lead(Strict):
    name: OneLine
    role: OneLine
    contact: OneLine  # a phone number or email address, or both


class Organisation(Strict):
    name: OneLine
    offers: Text  # what it offers families
    contact: OneLine


class Service(Strict):
    example: bool = False  # true: every page says it shows a fictional example service
    name: OneLine
    jurisdiction: Nation  # whose law the pages state, and the tab every law box opens first
    contact: Contact
    family_lead: Lead
    information_sharing_levels: Annotated[list[Literal[1, 2, 3]], Field(min_length=1)]
    commitments: Annotated[list[Commitment], Field(min_length=1)]
    emergency: Text
    support_organisations: Annotated[list[Organisation], Field(min_length=1)]
    policy_owner: OneLine
    review_date: Annotated[datetime.date, Field(strict=False)]


class _ConfigLoader(_Loader):
    """Reads mkdocs.yml for line numbers only, so MkDocs tags such as !ENV are ignored."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


class ConfigFiles:
    """mkdocs.yml and the files it inherits from (INHERIT), nearest first, to find where a setting is."""

    def __init__(self, config_file: Path, root: Path, problems: Problems):
        self.docs: list[YamlDoc] = []
        path = config_file.resolve()
        while path.is_file() and len(self.docs) < 10:  # a limit, in case two files inherit each other
            text = read_source(path, _shown(path, root), problems)
            doc = (parse_yaml(text, _shown(path, root), problems, loader_class=_ConfigLoader)
                   if text is not None else None)
            if doc is None or not isinstance(doc.data, dict):
                break
            self.docs.append(doc)
            parent = doc.data.get("INHERIT")
            if not isinstance(parent, str):
                break
            path = (path.parent / parent).resolve()

    def locate(self, where: tuple) -> tuple[str, int]:
        """The file and line of `where`, or of its nearest enclosing setting, nearest file first."""
        for length in range(len(where), -1, -1):
            for doc in self.docs:
                if where[:length] in doc.lines:
                    return doc.path, doc.lines[where[:length]]
        return (self.docs[0].path, 1) if self.docs else ("mkdocs.yml", 1)

    def holder(self, where: tuple) -> YamlDoc | None:
        """The nearest file that sets `where` itself."""
        return next((doc for doc in self.docs if where in doc.lines), None)


def course_folder(config_file: Path) -> Path:
    """The course folder a config builds, as the build takes it: the folder above its docs_dir
    (MkDocs reads docs_dir, inherited or not, from the config file's own folder)."""
    files = ConfigFiles(config_file, config_file.parent, Problems())
    docs_dir = next((doc.data["docs_dir"] for doc in files.docs if isinstance(doc.data.get("docs_dir"), str)), "docs")
    return (config_file.parent / docs_dir).resolve().parent


def _shown(path: Path, root: Path) -> str:
    """A file's path as messages show it: relative to the course folder when it is inside it."""
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return os.fspath(path)


def load_service(config_file: Path, settings, root: Path) -> tuple[Service | None, Problems]:
    """Check `settings` (the merged extra.service, or None when the block is absent).

    Returns the service when every setting is right, else None and every problem found.
    """
    problems = Problems()
    if settings is None:
        return None, problems
    files = ConfigFiles(config_file, root, problems)

    def add(where: tuple, message: str, fix: str) -> None:
        problems.add(*files.locate(BLOCK + where), message, fix)

    if not isinstance(settings, dict):
        add((), "extra.service must be a block of 'name: value' lines",
            "indent the service's settings under 'service:'; the README shows the block")
        return None, problems
    try:
        service = Service.model_validate(settings)
    except ValidationError as error:
        service = None
        for item in error.errors():
            _report(item, tuple(item["loc"]), add)
    if isinstance(settings.get("information_sharing_levels"), list):
        _no_repeats(settings["information_sharing_levels"], "information_sharing_levels", "level", add)
    if isinstance(settings.get("commitments"), list):
        _no_repeats(settings["commitments"], "commitments", "commitment", add)
    today, review = datetime.date.today(), _as_date(settings.get("review_date"))
    if review is not None and review < today:
        next_year = today + datetime.timedelta(days=365)
        add(("review_date",), f"extra.service: the review date {review} has passed",
            f"review the policy with your team, then set 'review_date: \"{next_year}\"' (or your next review date)")
    _not_from_example(settings, files, add)
    return (service if not problems else None), problems


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None  # reported as a bad date


def check_config(config_file: Path, root: Path) -> Problems:
    """Check extra.service without MkDocs (`python -m hooks check`), merging INHERIT parents as MkDocs
    does. Dates stay text here, so even an unquoted impossible date is reported at its line."""
    problems = Problems()
    merged: object = {}
    for doc in reversed(ConfigFiles(config_file, root, problems).docs):
        merged = _merge(merged, doc.data)
    settings = (merged.get("extra") or {}).get("service") if isinstance(merged, dict) else None
    problems.items += load_service(config_file, settings, root)[1].items
    return problems


def _merge(parent, child):
    """MkDocs's INHERIT merge: blocks are merged key by key, anything else is replaced."""
    if isinstance(parent, dict) and isinstance(child, dict):
        return {**parent, **{key: _merge(parent.get(key), value) for key, value in child.items()}}
    return child


def _report(item: dict, loc: tuple, add) -> None:
    # Literal errors name the parent field's item; say which words are allowed, in plain words.
    if item["type"] == "literal_error" and loc[:1] == ("commitments",):
        add(loc, f"extra.service: commitments item {loc[1] + 1}: {item['input']!r} is not a known commitment",
            f"use these words exactly: {', '.join(COMMITMENTS)}")
        return
    if loc == ("jurisdiction",):
        found = "is missing" if item["type"] == "missing" else f"is {item['input']!r}, which is not one of the nations"
        add(loc, f"extra.service: 'jurisdiction' {found}",
            f"write the nation whose law your service follows, one of: {', '.join(NATIONS)}, "
            "e.g. 'jurisdiction: england'")
        return
    if item["type"] in ("literal_error", "int_type") and loc[:1] == ("information_sharing_levels",):
        add(loc, f"extra.service: information_sharing_levels item {loc[1] + 1}: {item['input']!r} is not a level",
            "the levels are 1, 2 and 3; list the ones your service offers, e.g. [1, 2, 3]")
        return
    if item["type"] == "missing" and loc[-1] in _BLOCKS:
        add(loc, f"extra.service: '{loc[-1]}' is missing",
            f"add a '{loc[-1]}:' block with {_BLOCKS[loc[-1]]}; the README shows an example")
        return
    if loc[-1:] == ("review_date",) and item["type"] != "missing":
        add(loc, f"extra.service: 'review_date' must be a real date written YYYY-MM-DD, not {item['input']!r}",
            "write it in quotes, like 'review_date: \"2027-11-30\"'")
        return
    if item["type"] == "extra_forbidden":
        add(loc, f"extra.service: '{loc[-1]}' is not a service setting",
            "check its spelling, or remove it; the README lists the settings")
        return
    keys = []  # the blocks above the field, e.g. ["contact"]; schema.explain names list items itself
    for index, step in enumerate(loc[:-1]):
        if isinstance(step, int) or isinstance(loc[index + 1], int):
            break
        keys.append(step)
    message, fix = schema.explain(item, loc[len(keys):], _EXAMPLES)
    add(loc, f"{'.'.join(('extra.service', *keys))}: {message}", fix)


def _is_optional(setting: tuple) -> bool:
    """Whether a service may leave the setting out, e.g. ("contact", "email")."""
    model, field = Service, None
    for step in setting:
        field = model.model_fields.get(step) if isinstance(model, type) and issubclass(model, Strict) else None
        if field is None:
            return False
        model = field.annotation
    return not field.is_required()


def _no_repeats(values: list, field: str, what: str, add) -> None:
    for index, value in enumerate(values):
        if isinstance(value, (str, int)) and value in values[:index]:
            add((field, index), f"extra.service: the {what} {value!r} is listed twice", "list each one once")


def _not_from_example(settings: dict, files: ConfigFiles, add, where: tuple = ()) -> None:
    """A real service (example: false) must not publish any detail inherited from an example block.

    MkDocs merges INHERIT blocks key by key at every depth, so a block the overlay writes still
    takes the keys it leaves out from the parent: each setting, at any depth, that only a parent's
    example block holds is refused at the overlay's enclosing block."""
    if settings.get("example") is True and not where:
        return
    for key, value in settings.items():
        setting = where + (key,)
        holder = files.holder(BLOCK + setting)
        if holder is files.docs[0] and isinstance(value, dict):
            _not_from_example(value, files, add, setting)
        if holder is None or holder is files.docs[0]:
            continue
        parent_block = holder.data.get("extra", {}).get("service", {})
        if isinstance(parent_block, dict) and parent_block.get("example") is True:
            name = ".".join(map(str, setting))
            add(where, f"extra.service: '{name}' comes from the example service in {holder.path}",
                f"write your own '{key}:' in this block" + (f", or '{key}: null' if you have none"
                                                            if _is_optional(setting) else "")
                + ", so the example's details are not published as yours")

