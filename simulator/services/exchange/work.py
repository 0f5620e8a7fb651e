"""What an imported file's teams work on: the incident each handles in incident 1 and 2, with
its parameters and factors, and their documents with every version, each field of its type."""

from ...domain.documents import KINDS, MAX_COUNT, MAX_ROWS, ROWS, incident_no_for
from ...domain.documents import LIMITS as DOC_LIMITS
from .node import Node


def documents(top, refs):
    found, taken = [], {}
    fields = ("ref", "team", "kind", "incident_no", "versions")
    for doc in top.children("documents", fields):
        kind = KINDS.get(doc.choice("kind", tuple(KINDS)))
        team = refs.use(doc, "team", "team", null=kind is None or kind.scope == "workshop")
        number = doc.integer("incident_no", 0, 2)
        if kind is not None and number is not None and incident_no_for(kind, number) != number:
            doc.fail("incident_no", f"must be {incident_no_for(kind, 1)} for a {kind.id}")
        if kind is not None and kind.scope == "workshop" and team is not None:
            doc.fail("team", f"must be null: the {kind.id} belongs to the whole workshop")
        slot = (team, kind and kind.id, number)
        if kind is not None and slot in taken:
            doc.fail("kind", f"a second {kind.id} of the same team and incident ({taken[slot]})")
        taken.setdefault(slot, doc.path)
        ref = refs.declare(doc, "document")
        versions = [_version(v, n, kind, refs) for n, v in enumerate(_versions(doc), start=1)]
        clean = {"ref": ref, "team": team, "kind": kind and kind.id, "incident_no": number}
        found.append({**clean, "versions": versions})
    return found


def _versions(doc):
    return doc.children("versions", ("ref", "number", "content", "reason", "author", "created_at"))


def _version(version, number, kind, refs):
    if version.integer("number", 1, 100_000) not in (None, number):
        version.fail("number", f"must be {number}: versions are numbered 1, 2, … in order")
    return {
        "ref": refs.declare(version, "version", {"kind": kind and kind.id}),
        "number": number,
        "content": _content(version, kind),
        "reason": version.text("reason", DOC_LIMITS["reason"]),
        "author": version.text("author", DOC_LIMITS["author"]),
        "created_at": version.moment("created_at"),
    }


def _content(version, kind):
    """A version's content: the kind's fields (absent ones allowed), each of its type."""
    if kind is None:
        return version.mapping("content")
    names = [spec.id for spec in kind.fields] + (["body"] if kind.id == "report" else [])
    node = version.child("content", names)
    for spec in kind.fields:
        if spec.id in node.data:
            _value(node, spec)
    if "body" in node.data:
        node.text("body", DOC_LIMITS["text"])
    return node.data


def _value(node, spec):
    key, kind = spec.id, spec.type
    if kind in ("line", "text"):
        node.text(key, DOC_LIMITS[kind], null=True)
    elif kind == "date":
        node.day(key)
    elif kind == "count":
        node.integer(key, 0, MAX_COUNT, null=True)
    elif kind == "yesno" and node.data[key] is not None:
        node.boolean(key)
    elif kind == "choice" and node.data[key] not in (None, ""):
        node.choice(key, spec.choices)
    elif kind == ROWS:
        for row in node.children(key, spec.columns, MAX_ROWS):
            for column in spec.columns:
                row.text(column, DOC_LIMITS["cell"], default="")
    elif kind == "entries":
        entries = node.mapping(key)
        for entry, cells in entries.items():
            cell = Node(cells, f"{node.where(key)}.{entry}", node.problems, spec.columns)
            for column in spec.columns:
                cell.text(column, DOC_LIMITS["cell"], default="")


def team_incidents(top, refs, ctx):
    found, taken = [], set()
    fields = ("team", "incident_no", "incident_id", "params", "factors", "chosen_at")
    for row in top.children("team_incidents", fields):
        clean = {
            "team": refs.use(row, "team", "team"),
            "incident_no": row.integer("incident_no", 1, 2),
            "incident_id": row.choice("incident_id", tuple(ctx.incidents)),
            "params": row.mapping("params"),
            "factors": row.strings("factors", 64, allowed=ctx.factors),
            "chosen_at": row.moment("chosen_at"),
        }
        if (clean["team"], clean["incident_no"]) in taken:
            row.fail("incident_no", "the team has two incidents with this number")
        taken.add((clean["team"], clean["incident_no"]))
        if clean["incident_id"]:
            _params(row, ctx.incidents[clean["incident_id"]], clean["params"])
        found.append(clean)
    return found


def _params(row, incident, params):
    """Every parameter of the incident, each with a value of its type, and no other."""
    kinds = {p.id: p for p in incident.parameters}
    for key in kinds:
        if key not in params:
            row.fail(f"params.{key}", "missing")
    for key, value in params.items():
        parameter = kinds.get(key)
        where = f"params.{key}"
        if parameter is None:
            row.fail(where, f"the incident {incident.id} has no such parameter")
        elif parameter.type == "count" and not _count(value):
            row.fail(where, "must be a whole number")
        elif parameter.type == "flag" and not isinstance(value, bool):
            row.fail(where, "must be true or false")
        elif parameter.type not in ("count", "flag") and not _choices(value, parameter):
            row.fail(where, "must be one of the parameter's options")


def _count(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def _choices(value, parameter):
    ids = {option.id for option in parameter.options}
    values = value if isinstance(value, list) and parameter.multiple else [value]
    return all(isinstance(v, str) and v in ids for v in values)
