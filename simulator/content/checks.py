"""Checks shared by every content schema; each problem names its file, item and field."""

import re
from dataclasses import dataclass

LANGUAGES = ("ja", "en")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def N_(message):
    """Marks a problem's message for translation; the web pages show it in the user's language."""
    return message


@dataclass(frozen=True)
class Problem:
    file: str
    item: str
    field: str
    message: str  # an English template with %(name)s placeholders, filled from `params`
    params: tuple = ()

    def text(self, translate=None):
        template = translate(self.message) if translate else self.message
        return template % dict(self.params) if self.params else template

    def where(self):
        where = f"{self.file}: {self.item}" if self.item else self.file
        return f"{where}: {self.field}" if self.field else where

    def __str__(self):
        return f"{self.where()}: {self.text()}"


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
            self.fail("", N_("must be a mapping"))
            self.data = {}

    def fail(self, field, message, **params):
        self.problems.append(Problem(self.file, self.item, field, message, tuple(params.items())))

    def child(self, item, data):
        return Checker(self.file, item, data, self.problems)

    def unknown(self, allowed):
        for key in self.data:
            if key not in allowed:
                self.fail(str(key), N_("unknown field"))

    def ident(self, field, required=True):
        value = self.data.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.fail(field, N_("must be an id: lower-case letters, digits and _"))
            return None
        return value

    def text(self, field, required=True):
        """A localised text: both languages present and not empty."""
        value = self.data.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, dict):
            self.fail(field, N_("must give the text in ja and en"))
            return {lang: "" for lang in LANGUAGES}
        for lang in LANGUAGES:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                self.fail(f"{field}.{lang}", N_("missing or empty"))
        for lang in value:
            if lang not in LANGUAGES:
                self.fail(f"{field}.{lang}", N_("unknown language"))
        return {lang: str(value.get(lang) or "") for lang in LANGUAGES}

    def words(self, field):
        """Keywords per language: {ja: [...], en: [...]}, each list non-empty."""
        value = self.data.get(field)
        if not isinstance(value, dict):
            self.fail(field, N_("must list words for ja and en"))
            return {lang: () for lang in LANGUAGES}
        result = {}
        for lang in LANGUAGES:
            words = value.get(lang)
            if (
                not isinstance(words, list)
                or not words
                or not all(isinstance(w, str) and w.strip() for w in words)
            ):
                self.fail(f"{field}.{lang}", N_("must be a non-empty list of words"))
                words = []
            result[lang] = tuple(words)
        return result

    def integer(self, field, low, high, required=True):
        value = self.data.get(field)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(
                field, N_("must be a whole number from %(low)s to %(high)s"), low=low, high=high
            )
            return None
        return value

    def choice(self, field, allowed, required=True):
        value = self.data.get(field)
        if value is None and not required:
            return None
        if value not in allowed:
            self.fail(field, N_("must be one of %(allowed)s"), allowed=", ".join(map(str, allowed)))
            return None
        return value

    def items(self, field, required=True):
        value = self.data.get(field)
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            self.fail(field, N_("must be a non-empty list") if required else N_("must be a list"))
            return []
        return value

    def subset(self, field, allowed, required=False):
        """A list whose every entry is one of `allowed`."""
        values = self.items(field, required=required)
        for value in values:
            if value not in allowed:
                self.fail(field, N_("unknown value %(value)r"), value=value)
        return tuple(v for v in values if v in allowed)


def unique(problems, file, entries, what):
    """Report ids used twice in `entries` (pairs of id and item label)."""
    seen = set()
    for ident, item in entries:
        if ident in seen:
            message = N_("%(what)s id %(id)r is used twice")
            problems.append(Problem(file, item, "id", message, (("what", what), ("id", ident))))
        seen.add(ident)
