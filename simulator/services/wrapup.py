"""The wrap-up: every team's scores per criterion in incident 1 and 2, the answers that worked
and those that did harm, what each team changed and why, and the instructor's comments."""

from dataclasses import dataclass, field

from sqlalchemy import select

from .. import labels
from ..domain import DomainError, rubric
from ..domain import headlines as headline_rules
from ..extensions import db
from ..models import Conference, Document, DocumentVersion
from . import headlines, review
from .record import conference_record

NOTE_LIMIT = 8000


@dataclass
class Incident:
    """One team's conference of one incident, summed up."""

    number: int
    conference: Conference
    answered: int = 0
    asked: int = 0
    means: dict = field(default_factory=dict)  # criterion id -> mean level
    overall: float | None = None
    flags: dict = field(default_factory=dict)  # severity -> standing flags
    reactions: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)


@dataclass
class TeamSummary:
    team: object
    incidents: dict  # number -> Incident
    changes: list  # document versions saved after incident 1's conference, with reasons
    items_open: int
    items_done: int

    def delta(self, criterion):
        """Incident 2's mean level minus incident 1's, or None when either is missing."""
        first, second = self.incidents.get(1), self.incidents.get(2)
        if not first or not second:
            return None
        a, b = first.means.get(criterion), second.means.get(criterion)
        return None if a is None or b is None else round(b - a, 2)


def incident(conference, criteria):
    rows = conference_record(conference, dismissed=False)
    answered = [r for r in rows if r["answer"] is not None]
    found = Incident(conference.incident_no, conference, len(answered), len(rows), rows=answered)
    for c in criteria:
        levels = [
            r["score"].values[c.id] for r in answered if r["score"] and c.id in r["score"].values
        ]
        if levels:
            found.means[c.id] = round(sum(levels) / len(levels), 2)
    scored = [r["mean"] for r in answered if r["mean"] is not None]
    found.overall = round(sum(scored) / len(scored), 2) if scored else None
    for r in answered:
        for flag in r["flags"]:
            found.flags[flag.severity] = found.flags.get(flag.severity, 0) + 1
        for kind, n in (r["reactions"] or {}).items():
            found.reactions[kind] = found.reactions.get(kind, 0) + n
    return found


def changes(team, since):
    """What the team changed after `since` (incident 1's conference end) and why: new versions
    of its documents (a first version is writing, not changing), and the versions of shared
    documents that completed its improvement items."""
    if since is None:
        return []
    own = db.session.scalars(
        select(DocumentVersion)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(Document.team_id == team.id, DocumentVersion.created_at > since)
        .where(DocumentVersion.number > 1)
    ).all()
    for_items = [i.version for i in review.items(team) if i.version is not None]
    found = {v.id: v for v in [*own, *for_items]}
    return sorted(found.values(), key=lambda v: v.created_at)


def summary(workshop):
    """Every team's summary, in the teams' order."""
    criteria = rubric.criteria(workshop.rubric)
    found = []
    for team in workshop.teams:
        conferences = db.session.scalars(
            select(Conference).where(Conference.team_id == team.id).order_by(Conference.incident_no)
        ).all()
        incidents = {c.incident_no: incident(c, criteria) for c in conferences}
        first = incidents.get(1)
        items = review.items(team)
        found.append(
            TeamSummary(
                team=team,
                incidents=incidents,
                changes=changes(team, first.conference.ended_at if first else None),
                items_open=sum(i.done_at is None for i in items),
                items_done=sum(i.done_at is not None for i in items),
            )
        )
    return found


def standouts(summaries, limit=3):
    """(most effective, most damaging) answers across the workshop: (team, number, row)."""
    rows = [
        (s.team, number, row)
        for s in summaries
        for number, inc in s.incidents.items()
        for row in inc.rows
    ]
    harm = {id(r): headline_rules.weakness(headlines.entry(r)) for _, _, r in rows}
    damaging = sorted((x for x in rows if harm[id(x[2])] >= 1.5), key=lambda x: -harm[id(x[2])])
    good = [x for x in rows if x[2]["mean"] is not None and not x[2]["flags"]]
    effective = sorted(good, key=lambda x: -x[2]["mean"])
    return effective[:limit], damaging[:limit]


def save_notes(workshop, form):
    """The instructor's 講評 (overall and per team) and the lessons of the workshop."""
    notes = {
        "comments": _note(form, "comments", "wrapup_comments"),
        "lessons": _note(form, "lessons", "lessons"),
        "teams": {
            str(team.id): _note(form, f"team.{team.id}", "team_comments") for team in workshop.teams
        },
    }
    workshop.wrapup = notes
    db.session.flush()
    return notes


def _note(form, key, field):
    """One note of the form, refused (naming the field) when longer than NOTE_LIMIT."""
    text = (form.get(key) or "").strip()
    if len(text) > NOTE_LIMIT:
        raise DomainError("too_long", field=field, limit=NOTE_LIMIT, length=len(text))
    return text


def headlines_of(summaries):
    """Each team's tomorrow's headlines per incident, for the report."""
    return {
        (s.team.id, number): headlines.of(inc.conference)
        for s in summaries
        for number, inc in s.incidents.items()
    }


def summary_context(workshop):
    """What the wrap-up page and the report show."""
    summaries = summary(workshop)
    criteria = labels.rubric_view(rubric.criteria(workshop.rubric))
    effective, damaging = standouts(summaries)

    def chart_rows(team_summary):
        first, second = team_summary.incidents.get(1), team_summary.incidents.get(2)
        return [
            (
                c["name"],
                first.means.get(c["id"]) if first else None,
                second.means.get(c["id"]) if second else None,
            )
            for c in criteria
        ]

    return {
        "workshop": workshop,
        "summaries": summaries,
        "criteria": criteria,
        "effective": effective,
        "damaging": damaging,
        "chart_rows": chart_rows,
        "flag_text": labels.flag_text,
    }
