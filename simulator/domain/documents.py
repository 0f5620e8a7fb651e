"""The documents of a workshop: their fields, how a form becomes content, and diffs.

Kinds per team and incident (initial response sheet, response table, report, agenda), per
team (incident response policy) and per workshop (fact sheet, stakeholder list). Labels live
in `simulator.labels`; this module only knows ids and types.
"""

import difflib
import re
from dataclasses import dataclass
from datetime import date

from . import DomainError

LINE, TEXT, DATE, COUNT, YESNO, CHOICE, ROWS, ENTRIES = (
    "line",
    "text",
    "date",
    "count",
    "yesno",
    "choice",
    "rows",
    "entries",
)
LIMITS = {LINE: 200, TEXT: 4000, "cell": 1000, "reason": 500, "author": 80}
MAX_ROWS = 40
BLANK_ROWS = 3
MAX_COUNT = 1_000_000_000


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    required: bool = False
    columns: tuple = ()
    choices: tuple = ()


@dataclass(frozen=True)
class Kind:
    id: str
    scope: str  # "incident": per team and incident; "team": once per team; "workshop"
    fields: tuple
    public: bool = False

    def field(self, field_id):
        return next(f for f in self.fields if f.id == field_id)


SEVERITIES = ("critical", "high", "medium", "low")
TIMELINE = ("time", "event")

KINDS = {
    kind.id: kind
    for kind in (
        Kind(
            "policy",
            "team",
            (
                Field("principles", TEXT, required=True),
                Field("severity_levels", TEXT),
                Field("authority", TEXT),
                Field("disclosure", TEXT),
                Field("escalation", TEXT),
            ),
        ),
        Kind(
            "initial_response",
            "incident",
            (
                Field("name", LINE, required=True),
                Field("severity", CHOICE, required=True, choices=SEVERITIES),
                Field("rationale", TEXT),
                Field("timeline", ROWS, columns=("band", "actions")),
            ),
        ),
        Kind(
            "response_table",
            "incident",
            (
                Field(
                    "actions",
                    ROWS,
                    required=True,
                    columns=(
                        "action",
                        "owner",
                        "decision_maker",
                        "policy_basis",
                        "considerations",
                        "contact",
                        "when",
                    ),
                ),
            ),
        ),
        Kind(
            "report",
            "incident",
            (
                Field("title", LINE, required=True),
                Field("summary", TEXT, required=True),
                Field("discovered_on", DATE),
                Field("discovered_by", LINE),
                Field("discovery", TEXT),
                Field("timeline", ROWS, columns=TIMELINE),
                Field("records", COUNT),
                Field("people", COUNT),
                Field("data_kinds", LINE),
                Field("card_data", YESNO),
                Field("encrypted", YESNO),
                Field("cause", TEXT),
                Field("actions", TEXT),
                Field("support", TEXT),
                Field("prevention", TEXT),
                Field("contact", LINE),
                Field("next_update", LINE),
            ),
            public=True,
        ),
        Kind(
            "agenda",
            "incident",
            (
                Field("recipients", LINE, required=True),
                Field("title", LINE, required=True),
                Field("summary", TEXT),
                Field("speakers", ROWS, required=True, columns=("title", "name", "role")),
                Field("running_order", ROWS, columns=("time", "item")),
            ),
            public=True,
        ),
        Kind(
            "fact_sheet",
            "workshop",
            (Field("items", ENTRIES, columns=("management", "logs")),),
        ),
        Kind(
            "stakeholders",
            "workshop",
            (Field("people", ENTRIES, columns=("contact", "standby", "played_by")),),
        ),
    )
}
INCIDENT_KINDS = tuple(k for k in KINDS.values() if k.scope == "incident")
PUBLIC_KINDS = tuple(k.id for k in KINDS.values() if k.public)


def kind_or_error(kind_id):
    if kind_id not in KINDS:
        raise DomainError("unknown_document")
    return KINDS[kind_id]


def incident_no_for(kind, incident_no):
    """Policy, fact sheet and stakeholders are kept once (number 0); the rest per incident."""
    return incident_no if kind.scope == "incident" else 0


# --- form -> content --------------------------------------------------------------------------


def clean(kind, form, entries=None):
    """The content a form gives for `kind`; DomainError names the first bad field.

    `form` maps input names to strings: `<field>` for one value, `<field>.<row>.<column>`
    for a row (rows), `<field>.<entry id>.<column>` for an entry (entries; ids in `entries`).
    """
    content = {}
    for spec in kind.fields:
        content[spec.id] = _clean_field(kind, spec, form, entries or ())
    return content


def _clean_field(kind, spec, form, entries):
    where = f"{kind.id}.{spec.id}"
    if spec.type == ROWS:
        rows = _rows(spec, form, where)
        if spec.required and not rows:
            raise DomainError("required", field=where)
        return rows
    if spec.type == ENTRIES:
        return {
            entry: {c: _cell(form.get(f"{spec.id}.{entry}.{c}"), where) for c in spec.columns}
            for entry in entries
        }
    raw = (form.get(spec.id) or "").strip()
    if not raw:
        if spec.required:
            raise DomainError("required", field=where)
        return None if spec.type in (COUNT, YESNO, DATE) else ""
    return _value(spec, raw, where)


def _value(spec, raw, where):
    if spec.type in (LINE, TEXT):
        limit = LIMITS[spec.type]
        if len(raw) > limit:
            raise DomainError("too_long", field=where, limit=limit, length=len(raw))
        return raw
    if spec.type == DATE:
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            raise DomainError("bad_date", field=where) from None
    if spec.type == COUNT:
        digits = re.sub(r"[,\s，_]", "", raw)
        if not digits.isdigit() or int(digits) > MAX_COUNT:
            raise DomainError("bad_count", field=where)
        return int(digits)
    if spec.type == YESNO:
        if raw not in ("yes", "no"):
            raise DomainError("bad_choice", field=where)
        return raw == "yes"
    if raw not in spec.choices:
        raise DomainError("bad_choice", field=where)
    return raw


def _cell(value, where):
    text = (value or "").strip()
    if len(text) > LIMITS["cell"]:
        raise DomainError("too_long", field=where, limit=LIMITS["cell"], length=len(text))
    return text


def _rows(spec, form, where):
    rows = []
    for index in range(MAX_ROWS):
        row = {c: _cell(form.get(f"{spec.id}.{index}.{c}"), where) for c in spec.columns}
        if any(row.values()):
            rows.append(row)
    return rows


def clean_reason(reason, required):
    """The reason given for a change; the improvement review requires one."""
    text = (reason or "").strip()
    if required and not text:
        raise DomainError("reason_required")
    if len(text) > LIMITS["reason"]:
        raise DomainError("too_long", field="reason", limit=LIMITS["reason"], length=len(text))
    return text


def form_values(kind, content):
    """The inputs' values for a form showing `content`, with blank rows to add to."""
    values = {}
    for spec in kind.fields:
        value = (content or {}).get(spec.id)
        if spec.type == ROWS:
            rows = list(value or [])
            for index, row in enumerate([*rows, *([{}] * BLANK_ROWS)][:MAX_ROWS]):
                for column in spec.columns:
                    values[f"{spec.id}.{index}.{column}"] = row.get(column, "")
            values[f"{spec.id}#rows"] = min(len(rows) + BLANK_ROWS, MAX_ROWS)
        elif spec.type == ENTRIES:
            for entry, cells in (value or {}).items():
                for column in spec.columns:
                    values[f"{spec.id}.{entry}.{column}"] = cells.get(column, "")
        elif spec.type == YESNO:
            values[spec.id] = "" if value is None else ("yes" if value else "no")
        else:
            values[spec.id] = "" if value is None else str(value)
    return values


# --- diffs ------------------------------------------------------------------------------------


def as_lines(spec, value):
    """A field's value as lines of text, the unit a diff compares."""
    if value in (None, "", [], {}):
        return []
    if spec.type == ROWS:
        return [" | ".join(row.get(c, "") for c in spec.columns) for row in value]
    if spec.type == ENTRIES:
        return [
            f"{entry}: " + " | ".join(cells.get(c, "") for c in spec.columns)
            for entry, cells in value.items()
        ]
    if spec.type == YESNO:
        return ["yes" if value else "no"]
    return str(value).splitlines() or [""]


@dataclass(frozen=True)
class FieldDiff:
    field: str
    changed: bool
    rows: tuple  # (tag, old line or None, new line or None); tag: same, changed, removed, added


def diff(kind, old, new):
    """Side by side, field by field: what changed between two versions' contents."""
    result = []
    for spec in kind.fields:
        before = as_lines(spec, (old or {}).get(spec.id))
        after = as_lines(spec, (new or {}).get(spec.id))
        result.append(FieldDiff(spec.id, before != after, tuple(_side_by_side(before, after))))
    return result


def _side_by_side(before, after):
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            yield from (("same", line, line) for line in before[a1:a2])
            continue
        old, new = before[a1:a2], after[b1:b2]
        for index in range(max(len(old), len(new))):
            left = old[index] if index < len(old) else None
            right = new[index] if index < len(new) else None
            yield (
                "changed"
                if left is not None and right is not None
                else "removed"
                if right is None
                else "added",
                left,
                right,
            )
