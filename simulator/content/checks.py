"""Checks shared by every content schema; each problem names its file, item and field."""

import re
from dataclasses import dataclass

LANGUAGES = ("ja", "en")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Problem:
    file: str
    item: str
    field: str
    message: str

    def __str__(self):
        where = f"{self.file}: {self.item}" if self.item else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ContentError(Exception):
    """Content that failed its schema; `problems` lists every one found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Checker:
    """Reads one mapping of a content file, collecting problems instead of stopping at the first."""

    def __init__(self, file, item, data, problems):
        self.file, self.item, self.data, self.problems = file, item, data, problems
        if not isinstance(data, dict):
            self.fail("", "must be a mapping")
            self.data = {}

    def fail(self, field, message):
        self.problems.append(Problem(self.file, self.item, field, message))

    def child(self, item, data):
        return Checker(self.file, item, data, self.problems)

    def unknown(self, allowed):
        for key in self.data:
            if key not in allowed:
                self.fail(str(key), "unknown field")

    def ident(self, field, required=True):
        value = self.data.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.fail(field, "must be an id: lower-case letters, digits and _")
            return None
        return value

    def text(self, field, required=True):
        """A localised text: both languages present and not empty."""
        value = self.data.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, dict):
            self.fail(field, "must give the text in ja and en")
            return {lang: "" for lang in LANGUAGES}
        for lang in LANGUAGES:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                self.fail(f"{field}.{lang}", "missing or empty")
        for lang in value:
            if lang not in LANGUAGES:
                self.fail(f"{field}.{lang}", "unknown language")
        return {lang: str(value.get(lang) or "") for lang in LANGUAGES}

    def words(self, field):
        """Keywords per language: {ja: [...], en: [...]}, each list non-empty."""
        value = self.data.get(field)
        if not isinstance(value, dict):
            self.fail(field, "must list words for ja and en")
            return {lang: () for lang in LANGUAGES}
        result = {}
        for lang in LANGUAGES:
            words = value.get(lang)
            if (
                not isinstance(words, list)
                or not words
                or not all(isinstance(w, str) and w.strip() for w in words)
            ):
                self.fail(f"{field}.{lang}", "must be a non-empty list of words")
                words = []
            result[lang] = tuple(words)
        return result

    def integer(self, field, low, high, required=True):
        value = self.data.get(field)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(field, f"must be a whole number from {low} to {high}")
            return None
        return value

    def choice(self, field, allowed, required=True):
        value = self.data.get(field)
        if value is None and not required:
            return None
        if value not in allowed:
            self.fail(field, "must be one of " + ", ".join(map(str, allowed)))
            return None
        return value

    def items(self, field, required=True):
        value = self.data.get(field)
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            self.fail(field, "must be a non-empty list" if required else "must be a list")
            return []
        return value

    def subset(self, field, allowed, required=False):
        """A list whose every entry is one of `allowed`."""
        values = self.items(field, required=required)
        for value in values:
            if value not in allowed:
                self.fail(field, f"unknown value {value!r}")
        return tuple(v for v in values if v in allowed)


def unique(problems, file, entries, what):
    """Report ids used twice in `entries` (pairs of id and item label)."""
    seen = set()
    for ident, item in entries:
        if ident in seen:
            problems.append(Problem(file, item, "id", f"{what} id {ident!r} is used twice"))
        seen.add(ident)
