"""Reading an imported file: each object checked field by field, every problem kept with its
place in the file ("teams[1].name: missing"), and the keys objects refer to each other by."""

import re
from datetime import UTC, date, datetime

REF = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
MISSING = object()
LONGEST = 300  # a problem's text, however long the key or value it quotes


class Node:
    """One object of the file at `path`; reads its fields, collecting problems as it goes."""

    def __init__(self, data, path, problems, fields=None):
        self.path, self.problems = path, problems
        if not isinstance(data, dict):
            self.fail("", "must be an object")
            data = {}
        self.data = data
        for key in data:
            if fields is not None and key not in fields:
                self.fail(key, "unknown field")

    def where(self, key=""):
        return f"{self.path}.{key}" if self.path and key else self.path or key or "(file)"

    def fail(self, key, text):
        problem = f"{self.where(key)}: {text}"
        self.problems.append(problem if len(problem) <= LONGEST else problem[: LONGEST - 1] + "…")

    def raw(self, key, null=False, default=MISSING):
        """The value, or MISSING (with a problem unless a default is given)."""
        value = self.data.get(key, MISSING)
        if value is MISSING and default is not MISSING:
            return default
        if value is MISSING:
            self.fail(key, "missing")
        elif value is None and not null:
            self.fail(key, "must not be null")
            return MISSING
        return value

    def text(self, key, limit, blank=True, null=False, default=MISSING):
        value = self.raw(key, null, default)
        if value is MISSING or value is None:
            return None if value is None else ""
        return self.check_text(key, value, limit, blank)

    def check_text(self, key, value, limit, blank=True):
        if not isinstance(value, str):
            self.fail(key, "must be text")
            return ""
        if not blank and not value.strip():
            self.fail(key, "must not be empty")
        if len(value) > limit:
            self.fail(key, f"too long: {len(value)} characters, at most {limit}")
        return value

    def integer(self, key, low, high, null=False, default=MISSING):
        value = self.raw(key, null, default)
        if value is MISSING or value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(key, f"must be a whole number from {low} to {high}")
            return None
        return value

    def number(self, key, low, high):
        value = self.raw(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            if value is not MISSING:
                self.fail(key, f"must be a number from {low} to {high}")
            return float(low)
        return float(value)

    def boolean(self, key, default=MISSING):
        value = self.raw(key, default=default)
        if value is not MISSING and not isinstance(value, bool):
            self.fail(key, "must be true or false")
            return False
        return value is True

    def choice(self, key, allowed, null=False, default=MISSING):
        value = self.raw(key, null, default)
        if value is MISSING or value is None:
            return None
        if not isinstance(value, str) or value not in allowed:
            self.fail(key, f"{_shown(value)} is not one of: {', '.join(allowed)}")
            return None
        return value

    def moment(self, key):
        """An ISO 8601 time (UTC unless it names its zone), as naive UTC; null or absent: None."""
        value = self.raw(key, null=True, default=None)
        if value is None:
            return None
        try:
            found = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(key, "must be a time such as 2026-11-28T10:15:00Z")
            return None
        return found.astimezone(UTC).replace(tzinfo=None) if found.tzinfo else found

    def day(self, key):
        value = self.raw(key, null=True)
        if value is None or value is MISSING:
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(key, "must be a date such as 2026-11-28")
            return None

    def mapping(self, key, null=False, default=MISSING):
        value = self.raw(key, null, default)
        if value is MISSING or value is None:
            return None if value is None else {}
        if not isinstance(value, dict):
            self.fail(key, "must be an object")
            return {}
        return value

    def array(self, key, limit=None, null=False, default=MISSING):
        value = self.raw(key, null, default)
        if value is MISSING or value is None:
            return None if value is None else []
        if not isinstance(value, list):
            self.fail(key, "must be a list")
            return []
        if limit is not None and len(value) > limit:
            self.fail(key, f"too many: {len(value)}, at most {limit}")
        return value

    def children(self, key, fields, limit=None, null=False):
        """The list's objects as Nodes; None when the value is null and null is allowed."""
        items = self.array(key, limit, null)
        if items is None:
            return None
        return [
            Node(item, f"{self.where(key)}[{n}]", self.problems, fields)
            for n, item in enumerate(items)
        ]

    def child(self, key, fields, null=False):
        value = self.raw(key, null)
        if value is None:
            return None
        return Node({} if value is MISSING else value, self.where(key), self.problems, fields)

    def strings(self, key, limit, allowed=None, unique=True):
        """A list of texts, each at most `limit` long and, with `allowed`, one of those."""
        found = []
        for n, value in enumerate(self.array(key)):
            where = f"{key}[{n}]"
            if not isinstance(value, str) or len(value) > limit:
                self.fail(where, f"must be text of at most {limit} characters")
            elif allowed is not None and value not in allowed:
                self.fail(where, f"{_shown(value)} is not known here")
            elif unique and value in found:
                self.fail(where, f"{_shown(value)} is listed twice")
            else:
                found.append(value)
        return found


def _a(noun):
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _shown(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Refs:
    """The keys objects are declared with, and the places that use them, resolved at the end."""

    def __init__(self):
        self.known = {}  # key -> (kind, where declared, info)
        self.uses = []

    def declare(self, node, kind, info=None, key="ref"):
        ref = node.raw(key)
        if ref is MISSING:
            return None
        if not isinstance(ref, str) or not REF.match(ref):
            node.fail(key, "must be a key of 1 to 32 letters, digits, - or _")
            return None
        if ref in self.known:
            node.fail(key, f"duplicate key {ref!r}, first given at {self.known[ref][1]}")
            return None
        self.known[ref] = (kind, node.where(key), info or {})
        return ref

    def use(self, node, key, kind, null=False, check=None):
        """A reference to a `kind` object; `check(info)` may return what else is wrong."""
        ref = node.raw(key, null)
        if ref is MISSING or ref is None:
            return None
        return self.expect(node, key, ref, kind, check)

    def expect(self, node, key, ref, kind, check=None):
        """`ref`, found at `key` of `node`, must be the key of a `kind` object."""
        if not isinstance(ref, str):
            node.fail(key, f"must be the key of {_a(kind)}")
            return None
        self.uses.append((node, key, ref, kind, check))
        return ref

    def resolve(self):
        for node, key, ref, kind, check in self.uses:
            found = self.known.get(ref)
            if found is None:
                node.fail(key, f"refers to {ref!r}, which is not in the file")
            elif found[0] != kind:
                node.fail(key, f"{ref!r} is {_a(found[0])}, not {_a(kind)}")
            elif check is not None and (wrong := check(found[2])):
                node.fail(key, f"{ref!r} {wrong}")

    def info(self, ref):
        return self.known.get(ref, (None, None, {}))[2]
