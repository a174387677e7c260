"""Validated access to the fields of one YAML mapping; every problem goes to a Collector."""

from __future__ import annotations

import calendar
import re
from datetime import date as calendar_date, timedelta
from pathlib import Path
from typing import Any

from explainer.errors import Collector, InputError
from explainer.yamlfile import Mapping, Sequence, load_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# An http(s) URL of the characters RFC 3986 allows, less those that could end a Markdown link or
# an HTML attribute early: no spaces, quotes, angle or square brackets.
URL = re.compile(r"^https?://[A-Za-z0-9\-._~%!$&'*+,;=:@]+(?:[/?#][A-Za-z0-9\-._~%!$&'()*+,;=:@/?#]*)?$")
# Titles and descriptions reach the HTML head of a page unescaped (the theme prints them as they
# are), so they may not hold what HTML would read as markup: tags, quotes or character references.
MARKUP_IN_TITLE = re.compile(r'[<>"]|&[#A-Za-z0-9]')


def url_problem(url: str) -> str:
    """Why a URL cannot be published as a link, or "" when it can."""
    if URL.match(url) and url.count("(") == url.count(")"):
        return ""
    return f"{url!r} is not an http(s) URL; expected https://host/path with no spaces, quotes, brackets or unbalanced parentheses"


def date_problem(value: str) -> str:
    """Why a value is not a real calendar date (YYYY-MM-DD, YYYY-MM or YYYY), or "" when it is."""
    if DATE.match(value):
        try:
            calendar_date.fromisoformat(value + "-01" * (2 - value.count("-")))
            return ""
        except ValueError:
            pass  # the shape of a date, but no such day: 2024-13-45, 2023-02-29
    return f"{value!r} is not a real date; expected YYYY-MM-DD, YYYY-MM or YYYY"


def last_day(value: str) -> calendar_date:
    """The last day a real date, month or year covers ("2027" ends on 2027-12-31)."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 1:
        return calendar_date(parts[0], 12, 31)
    if len(parts) == 2:
        return calendar_date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return calendar_date(parts[0], parts[1], parts[2])


def days_after(value: str, days: int) -> str:
    """The day `days` after the last day a date covers, as YYYY-MM-DD; "" for a date already
    reported as not real, or for no days (never)."""
    if not days or not value or date_problem(value):
        return ""
    return (last_day(value) + timedelta(days=days)).isoformat()


def title_problem(text: str) -> str:
    """Why a text cannot be a page title or description, or "" when it can."""
    found = MARKUP_IN_TITLE.search(text)
    if found:
        return f"{text!r} holds {found.group()!r}; expected plain text without <, >, \" (use “ ”) or &-references, as it reaches the HTML head unescaped"
    odd = next((c for c in text if not c.isprintable() and c != " "), None)
    if odd is not None:
        return f"{text!r} holds the control character {odd!r}; expected plain text on one line"
    return ""


class Fields:
    """Reads typed values out of one mapping, reporting each problem with its file and line."""

    def __init__(self, value: Any, path: str, line: int, collector: Collector, what: str) -> None:
        self.path = path
        self.collector = collector
        self.ok = isinstance(value, Mapping)
        self.mapping: Mapping = value if isinstance(value, Mapping) else Mapping()
        if not self.ok:
            self.mapping.line = line
            self.mapping.key_lines = {}
            collector.add(path, line, "", f"expected {what} as a mapping of keys to values")
        self.what = what

    def line(self, key: str = "") -> int:
        return self.mapping.line_of(key) if key else self.mapping.line

    def problem(self, key: str, message: str) -> None:
        self.collector.add(self.path, self.line(key), key, message)

    def allow_only(self, *keys: str) -> None:
        for key in self.mapping:
            if key not in keys:
                self.problem(key, f"unknown key in {self.what}; expected one of: {', '.join(keys)}")

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        if key not in self.mapping or self.mapping[key] is None:
            if required and self.ok:
                self.problem(key, f"missing; {self.what} needs a {key}")
            return default
        value = self.mapping[key]
        if isinstance(value, (Mapping, Sequence)):
            self.problem(key, f"expected text, found a {type(value).__name__.lower()}")
            return default
        text = str(value).strip()
        if required and not text:
            self.problem(key, "expected text, found an empty value")
        return text

    def slug(self, key: str, required: bool = True) -> str:
        value = self.text(key, required)
        if value and not SLUG.match(value):
            self.problem(key, f"{value!r} is not a slug (lowercase letters, digits and hyphens)")
        return value

    def date(self, key: str, required: bool = True) -> str:
        value = self.text(key, required)
        if value and (problem := date_problem(value)):
            self.problem(key, problem)
        return value

    def title(self, key: str, required: bool = True) -> str:
        """Text shown in a page's HTML head: a title or a description."""
        value = self.text(key, required)
        if value and (problem := title_problem(value)):
            self.problem(key, problem)
        return value

    def url(self, key: str, required: bool = True) -> str:
        value = self.text(key, required)
        if value and (problem := url_problem(value)):
            self.problem(key, problem)
        return value

    def choice(self, key: str, choices: tuple[str, ...], required: bool = True) -> str:
        value = self.text(key, required)
        if value and value not in choices:
            self.problem(key, f"{value!r} is not one of: {', '.join(choices)}")
        return value

    def integer(self, key: str, default: int) -> int:
        if key not in self.mapping:
            return default
        value = self.mapping[key]
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.isdigit():
            return int(value)
        self.problem(key, f"expected a whole number, found {value!r}")
        return default

    def flag(self, key: str) -> bool:
        """A yes-or-no key: true or false, false when missing."""
        value = self.mapping.get(key, False)
        if isinstance(value, bool):
            return value
        self.problem(key, f"expected true or false, found {value!r}")
        return False

    def items(self, key: str, required: bool = True) -> list[tuple[Any, int]]:
        """The items of a list-valued key, each with its line."""
        value = self.mapping.get(key)
        if value is None:
            if required and self.ok:
                self.problem(key, f"missing; {self.what} needs a list of {key}")
            return []
        if not isinstance(value, Sequence):
            self.problem(key, "expected a list")
            return []
        return list(zip(value, value.item_lines))

    def text_list(self, key: str, required: bool = False) -> list[str]:
        result = []
        for item, line in self.items(key, required):
            if isinstance(item, (Mapping, Sequence)) or item is None or not str(item).strip():
                self.collector.add(self.path, line, key, "expected a list of text items")
            else:
                result.append(str(item).strip())
        return result


def read_fields(path: Path, shown: str, collector: Collector, what: str) -> Fields | None:
    """The top-level fields of a YAML data file, or None after reporting why it cannot be read, so
    that the run goes on and reports everything else too."""
    try:
        data = load_yaml(path, shown)
    except InputError as error:
        collector.absorb(error)
        return None
    return Fields(data, shown, 1, collector, what)
