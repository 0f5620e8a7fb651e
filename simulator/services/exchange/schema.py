"""What an imported workshop file must hold: the workshop, its teams, documents, reporters,
improvement items and own questions (conferences in .talks), within the app's own limits.

`check` reads the whole file, collecting every problem; it returns the file's values cleaned
(times parsed) for .load, which writes them only when no problem was found.
"""

import re
from dataclasses import dataclass
from types import SimpleNamespace

from flask import current_app

from ...content import ContentError
from ...content import bank as bank_files
from ...domain import phases
from ...domain import review as review_rules
from ...domain.conference import OUTLETS
from ...domain.documents import LIMITS as DOC_LIMITS
from ...domain.rubric import LEVELS, MAX_OWN, SHIPPED
from ...domain.rubric import LIMITS as RUBRIC_LIMITS
from ...labels import FLAGS
from .. import content, drawing
from ..workflow import MAX_TEAMS, SETUP_LIMITS
from . import talks, work
from .node import Node, Refs

TOP = (
    "kaiken", "version", "exported_at", "title", "org_name", "org_profile", "held_on", "phase",
    "listed_company", "offered_incidents", "rubric", "wrapup", "teams", "team_incidents",
    "documents", "reporters", "conferences", "improvement_items", "workshop_questions",
)  # fmt: skip
NOTE_LIMIT = 8000  # the wrap-up's notes, as services.wrapup keeps them
ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
OWN_CRITERION = re.compile(r"^own[0-9]{1,3}$")


@dataclass(frozen=True)
class Context:
    """What the file is checked against: the importing instructor's incidents and factors,
    the question bank and the app's length limits."""

    marker: str
    version: int
    instructor_id: int
    incidents: dict
    factors: dict
    bank: frozenset
    limits: dict

    @classmethod
    def of(cls, instructor, marker, version):
        return cls(
            marker,
            version,
            instructor.id,
            content.incidents(instructor.id),
            content.factors(instructor.id),
            frozenset(drawing.shipped().questions),
            dict(current_app.config),
        )


def check(data, ctx, problems):
    if not _marked(data, ctx, problems):
        return None
    top, refs = Node(data, "", problems, TOP), Refs()
    clean = {
        "title": top.text("title", SETUP_LIMITS["title"], blank=False),
        "org_name": top.text("org_name", SETUP_LIMITS["org_name"]),
        "org_profile": top.text("org_profile", SETUP_LIMITS["org_profile"]),
        "held_on": top.day("held_on"),
        "phase": top.choice("phase", phases.PHASES),
        "listed_company": top.boolean("listed_company"),
        "offered_incidents": top.strings("offered_incidents", 64, allowed=ctx.incidents),
        "rubric": rubric(top),
        "teams": teams(top, refs),
        "reporters": reporters(top, refs, ctx),
        "documents": work.documents(top, refs),
        "team_incidents": work.team_incidents(top, refs, ctx),
        "conferences": talks.conferences(top, refs, ctx.limits),
        "improvement_items": items(top, refs),
        "workshop_questions": own_questions(top, ctx),
    }
    clean["wrapup"] = wrapup(top, refs)
    top.moment("exported_at")
    refs.resolve()
    return clean


def _marked(data, ctx, problems):
    """The file says it is a Kaiken workshop export of a version this Kaiken reads."""
    if not isinstance(data, dict) or data.get("kaiken") != ctx.marker:
        problems.append(f"kaiken: must be {ctx.marker!r}: this is not a Kaiken workshop export")
        return False
    found = data.get("version")
    if isinstance(found, bool) or found != ctx.version:
        problems.append(f"version: {found!r} is not supported; this Kaiken reads {ctx.version}")
        return False
    return True


def rubric(top):
    rows = top.children("rubric", ("id", "on", "weight", "name", "levels", "retired"), null=True)
    if not rows:
        return None
    ids, own = set(), 0
    for row in rows:
        cid = row.raw("id")
        if not isinstance(cid, str) or not (cid in SHIPPED or OWN_CRITERION.match(cid)):
            row.fail("id", "must be a shipped criterion or own1, own2, …")
        elif cid in ids:
            row.fail("id", f"{cid!r} is listed twice")
        ids.add(cid if isinstance(cid, str) else None)
        row.boolean("on", default=True)
        row.integer("weight", 1, 3, default=1)
        retired = row.boolean("retired", default=False)
        if isinstance(cid, str) and cid not in SHIPPED:
            own += not retired
            _own_criterion(row)
        elif "name" in row.data or "levels" in row.data:
            row.fail("name", "only own criteria have a name and levels")
    if own > MAX_OWN:
        top.fail("rubric", f"at most {MAX_OWN} own criteria")
    if not any(r.data.get("on", True) is True for r in rows):
        top.fail("rubric", "keep at least one criterion on")
    return [r.data for r in rows]


def _own_criterion(row):
    row.text("name", RUBRIC_LIMITS["name"], blank=False)
    levels = row.array("levels")
    if len(levels) != len(LEVELS):
        row.fail("levels", "must give four descriptions, level 0 to 3")
    for n, level in enumerate(levels):
        row.check_text(f"levels[{n}]", level, RUBRIC_LIMITS["level"], blank=False)


def wrapup(top, refs):
    notes = top.child("wrapup", ("comments", "lessons", "teams"), null=True)
    if notes is None:
        return None
    clean = {
        key: notes.text(key, NOTE_LIMIT) for key in ("comments", "lessons") if key in notes.data
    }
    if "teams" in notes.data:
        per_team = notes.child("teams", None)
        for ref, text in per_team.data.items():
            refs.expect(per_team, ref, ref, "team")
            per_team.check_text(ref, text, NOTE_LIMIT)
        clean["teams"] = dict(per_team.data)
    return clean


def teams(top, refs):
    found, positions = [], set()
    for team in top.children("teams", ("ref", "name", "position", "members"), MAX_TEAMS):
        clean = {
            "ref": refs.declare(team, "team"),
            "name": team.text("name", SETUP_LIMITS["team"], blank=False),
            "position": team.integer("position", 0, 999),
            "members": [
                {
                    "name": m.text("name", SETUP_LIMITS["member"], blank=False),
                    "plays": m.text("plays", SETUP_LIMITS["member"], default=""),
                }
                for m in team.children("members", ("name", "plays"))
            ],
        }
        if clean["position"] in positions:
            team.fail("position", f"{clean['position']} is given to two teams")
        positions.add(clean["position"])
        found.append(clean)
    return found


def reporters(top, refs, ctx):
    limit = ctx.limits["NAME_MAX_CHARS"]
    return [
        {
            "ref": refs.declare(r, "reporter"),
            "name": r.text("name", limit, blank=False),
            "outlet": r.choice("outlet", OUTLETS),
            "instructor": r.boolean("instructor", default=False),
            "joined_at": r.moment("joined_at"),
        }
        for r in top.children("reporters", ("ref", "name", "outlet", "instructor", "joined_at"))
    ]


def items(top, refs):
    fields = ("team", "incident_no", "answer", "flag_code", "kind", "text", "author", "done",
              "version", "created_at", "done_at")  # fmt: skip
    return [_item(item, refs) for item in top.children("improvement_items", fields)]


def _item(item, refs):
    team = refs.use(item, "team", "team")
    kind = item.choice("kind", review_rules.ITEM_KINDS)
    clean = {
        "team": team,
        "incident_no": item.integer("incident_no", 1, 2),
        "answer": refs.use(item, "answer", "answer", null=True, check=_of_team(team)),
        "flag_code": item.choice("flag_code", tuple(FLAGS), null=True),
        "kind": kind,
        "text": item.text("text", review_rules.ITEM_MAX_CHARS, blank=False),
        "author": item.text("author", DOC_LIMITS["author"]),
        "done": item.boolean("done"),
        "version": refs.use(item, "version", "version", null=True, check=_of_kind(kind)),
        "created_at": item.moment("created_at"),
        "done_at": item.moment("done_at"),
    }
    if clean["done"] != (clean["version"] is not None):
        item.fail("version", "must be given exactly when the item is done: the version did it")
    return clean


def _of_team(team):
    return lambda info: None if info.get("team") == team else "is an answer to another team"


def _of_kind(kind):
    return lambda info: None if info.get("kind") == kind else f"is a version of a {info['kind']}"


def own_questions(top, ctx):
    found, taken = [], set()
    rows = top.children("workshop_questions", ("question_id", "theme", "data", "created_at"))
    for row in rows:
        ident = row.raw("question_id")
        if not isinstance(ident, str) or not ID.match(ident) or ident in taken:
            row.fail("question_id", "must be an id (a-z, 0-9, _) used once")
        else:
            taken.add(ident)
        found.append(
            {
                "question_id": ident,
                "theme": row.choice("theme", bank_files.THEMES),
                "data": row.mapping("data"),
                "created_at": row.moment("created_at"),
            }
        )
    for row, clean in zip(rows, found, strict=True):
        _own_question(row, clean, ctx, ctx.bank | taken)
    return found


def _own_question(row, clean, ctx, known):
    """Checked as the questions page checks it, against the importing instructor's scenarios."""
    data = clean["data"]
    if data.get("id") != clean["question_id"]:
        row.fail("data.id", "must equal question_id")
    try:
        parsed = drawing.parse_own(
            {"theme": clean["theme"], **data}, SimpleNamespace(instructor_id=ctx.instructor_id)
        )
    except ContentError as error:
        for problem in error.problems:
            row.fail(f"data.{problem.field}" if problem.field else "data", problem.text())
        return
    for follow in parsed.follow_ups:
        if follow not in known:
            row.fail("data.follow_ups", f"{follow!r} is not a question of the bank or the file")
