"""Every question of every conference as one CSV row, for a spreadsheet: UTF-8 with a byte
order mark so Excel opens Japanese text, a header row, RFC 4180 quoting."""

import csv
import io
from datetime import UTC

from ...domain import rubric
from ...domain.conference import REACTIONS
from ..record import conference_record
from ..workflow import conferences

BOM = "\ufeff"
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula
HEAD = ("team", "incident", "order", "reporter", "outlet", "question", "status", "votes",
        "bank_id", "speaker", "answer")  # fmt: skip
TAIL = ("mean", "verdict", "comment", "flags", "asked_at", "live_at", "answered_at")


def questions(workshop):
    held = sorted(conferences(workshop), key=place)
    records = [(c, conference_record(c)) for c in held]
    criteria = criterion_ids(workshop, records)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(criteria))
    for conference, rows in records:
        for order, row in enumerate(rows, start=1):
            writer.writerow([cell(v) for v in line(conference, order, row, criteria)])
    return BOM + out.getvalue()


def place(conference):
    """Teams in their order, incident 1 then 2; the wrap-up Q&A (no team) last."""
    team = conference.team
    return (team is None, team.position if team else 0, conference.incident_no)


def criterion_ids(workshop, records):
    """The workshop's criteria, then any other a saved score uses (a criterion switched off)."""
    found = [c.id for c in rubric.criteria(workshop.rubric)]
    for _, rows in records:
        for row in rows:
            found += [
                cid for cid in (row["score"].values if row["score"] else {}) if cid not in found
            ]
    return found


def header(criteria):
    return [*HEAD, *(f"reaction_{kind}" for kind in REACTIONS),
            *(f"score_{cid}" for cid in criteria), *TAIL]  # fmt: skip


def line(conference, order, row, criteria):
    question, answer, score = row["question"], row["answer"], row["score"]
    reactions = row["reactions"] or {}
    values = score.values if score else {}
    return [
        conference.team.name if conference.team else "",
        conference.incident_no,
        order,
        question.reporter.name,
        question.reporter.outlet,
        question.text,
        question.status,
        question.votes,
        question.bank_id or "",
        answer.speaker if answer else "",
        answer.summary if answer else "",
        *(reactions.get(kind, "") if answer else "" for kind in REACTIONS),
        *(values.get(cid, "") for cid in criteria),
        "" if row["mean"] is None else round(row["mean"], 2),
        row["verdict"] or "",
        score.comment if score else "",
        flags(row["flags"]),
        clock(question.created_at),
        clock(question.live_at),
        clock(answer.recorded_at) if answer else "",
    ]


def flags(found):
    """Each flag's code and the words that raised it; dismissed ones say so."""
    return "; ".join(_flag(f) for f in found)


def _flag(flag):
    text = f"{flag.code}: {', '.join(flag.words)}" if flag.words else flag.code
    return f"{text} (dismissed)" if flag.dismissed_at else text


def clock(moment):
    """A stored UTC time as the room's wall-clock time, as the pages show it."""
    if moment is None:
        return ""
    return moment.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def cell(value):
    """Text a spreadsheet would run as a formula starts with an apostrophe instead."""
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value
