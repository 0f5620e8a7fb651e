"""Suggested questions for each reporter: the bank (and the instructor's own questions) drawn
against the presenting team's incident, its factors, the reporter's outlet and what was asked."""

import functools
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import bindparam, func, select

from .. import identity
from ..content import bank as bank_files
from ..content.checks import Checker, ContentError
from ..content.scenarios import localise
from ..domain import DomainError, drawing, followups, japanese
from ..domain import incidents as incident_rules
from ..extensions import db, read
from ..models import (
    Answer,
    Conference,
    CustomScenario,
    News,
    Question,
    Reporter,
    TeamIncident,
    Workshop,
    WorkshopQuestion,
)
from . import content, documents, workflow

FOLLOW_UPS_SHOWN = 3


def shipped():
    """The question bank's files, read once per app and checked against their schema."""
    cache = current_app.extensions.setdefault("kaiken_content", {})
    if "bank" not in cache:
        root = Path(current_app.config["KAIKEN_CONTENT_ROOT"])
        cache["bank"] = bank_files.load(root / "question_bank", content.shipped())
    return cache["bank"]


def warm():
    """Read the bank and scenario files and load the Japanese dictionary now, at start, rather
    than inside the first phone's request for suggestions or the first answer's red flags."""
    shipped()
    japanese.words("記者会見")


def parse_own(data, workshop):
    """An instructor's question, checked like a bank entry; ContentError lists the problems."""
    problems = []
    check = Checker("question", "", data, problems)
    theme = check.choice("theme", bank_files.THEMES)
    fields = {k: v for k, v in (data or {}).items() if k != "theme"}
    question = bank_files.parse_question(
        check.child("question", fields),
        theme,
        tuple(content.incidents(workshop.instructor_id)),
        tuple(content.factors(workshop.instructor_id)),
        custom=True,
    )
    if problems:
        raise ContentError(problems)
    return question


def own_rows(workshop):
    return db.session.scalars(
        select(WorkshopQuestion)
        .where(WorkshopQuestion.workshop_id == workshop.id)
        .order_by(WorkshopQuestion.id)
    ).all()


def questions(workshop):
    """Id -> question: the shipped bank, then the workshop's own."""
    found = dict(shipped().questions)
    for row in own_rows(workshop):
        data = {"theme": row.theme, **row.data}
        found.setdefault(row.question_id, parse_own(data, workshop))
    return found


def clean_bank_id(workshop, value):
    """The bank question a reporter's question came from: a known id, or None."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in questions(workshop):
        raise DomainError("bad_bank_id")
    return value


# --- what the presenting team's incident is -----------------------------------------------


def profile(conference, today=None):
    """The Profile of the team presenting in `conference`: its report first, else its incident."""
    workshop, team, number = conference.workshop, conference.team, conference.incident_no
    row = workflow.team_incident(team, number)
    incident = content.incidents(workshop.instructor_id).get(row.incident_id) if row else None
    params = dict(row.params) if row else {}
    report = documents.content(workshop.id, team.id, documents.REPORT, number)
    agenda = documents.content(workshop.id, team.id, documents.AGENDA, number)
    active = workflow.active_factors(workshop, team, number)
    fired = tuple(workflow.fired_factors(team, number))

    facts = dict(incident.facts) if incident else {}
    facts["listed_company"] = bool(workshop.listed_company)
    for factor in active:
        for effect in factor.effects:
            if effect.type == "set_fact":
                facts[effect.fact] = effect.value
    for name in ("card_data", "encrypted"):
        if isinstance(report.get(name), bool):
            facts[name] = report[name]
    records = _records(report, params, active)
    return drawing.Profile(
        incident_id=incident.id if incident else "",
        facts=facts,
        records=records,
        gaps=frozenset(gaps(workshop)),
        active=tuple(f.id for f in active),
        fired=tuple(dict.fromkeys(fired)),
        values={
            lang: _values(workshop, incident, report, agenda, records, lang, today)
            for lang in ("ja", "en")
        },
    )


def _records(report, params, active):
    """The affected count: the report's, unless a factor in force has made it larger."""
    stated = next(
        (report[n] for n in ("records", "people") if isinstance(report.get(n), int) and report[n]),
        None,
    )
    grown = [
        incident_rules.multiplied(effect, params)
        for factor in active
        for effect in factor.effects
        if effect.type == "multiply_count"
    ]
    counts = [c for c in (stated, *grown) if c]
    if not counts:
        counts = [v for v in params.values() if isinstance(v, int) and not isinstance(v, bool)]
    return max(counts) if counts else None


def _values(workshop, incident, report, agenda, records, lang, today):
    values = {"org": workshop.org_name or workshop.title}
    title = report.get("title") or (localise(incident.title, lang) if incident else "")
    if title:
        values["incident"] = title
    if records:
        values["records"] = f"{records:,}"
    if report.get("data_kinds"):
        values["data_kinds"] = report["data_kinds"]
    source = report.get("discovered_by") or (localise(incident.source, lang) if incident else "")
    if source:
        values["discovered_by"] = source
    if report.get("discovered_on"):
        found = date.fromisoformat(report["discovered_on"])
        values["discovered_on"] = _date(found, lang)
        days = ((today or date.today()) - found).days
        if days >= 1:
            values["days_since"] = str(days)
    speakers = [s for s in agenda.get("speakers") or [] if s.get("name")]
    if speakers:
        values["speaker"] = speakers[0]["name"]
        if speakers[0].get("title"):
            values["speaker_title"] = speakers[0]["title"]
    return values


def _date(day, lang):
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def gaps(workshop):
    """Fact-sheet gaps in force: an item's gaps hold while its text is still the guide's example."""
    sheet = documents.content(workshop.id, None, "fact_sheet").get("items", {})
    found = set()
    for item in content.shipped().fact_sheet.all_items():
        written = sheet.get(item.id)
        if written is None or _unchanged(written, item):
            found.update(item.gaps)
    return found


def _unchanged(written, item):
    return any(
        written.get("management", "") == item.management[lang]
        and written.get("logs", "") == item.logs[lang]
        for lang in ("ja", "en")
    )


# --- suggestions --------------------------------------------------------------------------


def asked(conference):
    """Every question put in this conference (a rejected one too: the moderator said no to it),
    with the bank theme of those drawn from the bank; withdrawn ones may come back."""
    return _as_asked(conference, _asked_rows(conference))


def _asked_rows(conference, after=0):
    return db.session.execute(
        select(Question.id, Question.text, Question.bank_id)
        .where(
            Question.conference_id == conference.id,
            Question.status != "withdrawn",
            Question.id > after,
        )
        .order_by(Question.id)
    ).all()


def _as_asked(conference, rows):
    known = questions(conference.workshop)
    return [
        drawing.Asked(text, bank_id, known[bank_id].theme if bank_id in known else None)
        for _, text, bank_id in rows
    ]


class Board:
    """What every phone's suggestions are drawn from at one state of a conference: the team's
    profile, the bank, what was asked; the candidates per outlet and follow-ups per language
    are filled in as phones ask. Kept by `board` while its `key` holds; a question asked since
    narrows it (`add`) rather than drawing everything again, since questions come every few
    seconds and a thousand phones ask for suggestions after each answer and piece of news."""

    def __init__(self, conference, today, key):
        self.key = key
        self.profile = profile(conference, today)
        self.known = questions(conference.workshop)
        rows = _asked_rows(conference)
        self.put = _as_asked(conference, rows)
        self.asked_count, self.asked_top = len(rows), max((r.id for r in rows), default=0)
        self._candidates = {}
        self._follow_ups = {}

    def add(self, conference, rows):
        """Questions asked since the board was drawn (`rows`, newer than `asked_top`)."""
        more = _as_asked(conference, rows)
        self.put += more
        self.asked_count += len(rows)
        self.asked_top = max(r.id for r in rows)
        self._candidates = {
            outlet: drawing.narrowed(found, more) for outlet, found in self._candidates.items()
        }
        self._follow_ups = {}  # they leave out bank questions already asked

    def candidates(self, outlet):
        if outlet not in self._candidates:
            bank = list(self.known.values())
            found = drawing.candidates(bank, self.profile, outlet, self.put)
            self._candidates[outlet] = found
        return self._candidates[outlet]

    def follow_ups_held(self, lang):
        """The follow-ups drawn for this language, or None if none was drawn yet."""
        return self._follow_ups.get(lang)

    def follow_ups(self, conference, lang):
        if lang not in self._follow_ups:
            found = follow_ups(conference, self.profile, self.known, self.put, lang)
            self._follow_ups[lang] = found
        return self._follow_ups[lang]


def _stamp_parts(workshop_id, conference_id, instructor_id, team_id):
    """The selects behind `stamp`, for ids given as bound parameters or as the columns of an
    enclosing query."""
    newest = documents.newest_version_id(workshop_id)
    own = select(func.max(WorkshopQuestion.id)).where(WorkshopQuestion.workshop_id == workshop_id)
    scenarios = select(func.max(CustomScenario.id)).where(
        CustomScenario.instructor_id == instructor_id
    )
    chosen = select(func.max(TeamIncident.chosen_at)).where(TeamIncident.team_id == team_id)
    fired = select(func.count(News.id)).where(News.conference_id == conference_id)
    answered = (
        select(func.max(Answer.id))
        .join(Question, Question.id == Answer.question_id)
        .where(Question.conference_id == conference_id)
    )
    put = (Question.conference_id == conference_id, Question.status != "withdrawn")
    count = select(func.count(Question.id)).where(*put)
    top = select(func.max(Question.id)).where(*put)
    return [
        q.scalar_subquery() for q in (newest, own, scenarios, chosen, fired, answered, count, top)
    ]


@functools.cache
def _stamp_query():
    """The one select behind `stamp`, built once: building it costs a hundred times more
    than SQLite takes to answer it, and a thousand phones ask after every piece of news."""
    names = ("workshop_id", "conference_id", "instructor_id", "team_id")
    return select(*_stamp_parts(*(bindparam(name) for name in names)))


@functools.cache
def stamp_columns():
    """The same selects as columns of the query that checks who sent an event
    (`identity.resolve`), correlated to its workshop and open conference: a phone's `suggest`
    then reads who it is and whether its board is current in one query."""
    return tuple(
        _stamp_parts(Workshop.id, Conference.id, Workshop.instructor_id, Conference.team_id)
    )


def stamp(conference, today):
    """What a Board depends on that can change, read in one query (or taken from the query
    that checked the sender): (key, asked). The key holds the conference's news and newest
    answer, the workshop's newest document version, own questions and scenarios, the team's
    incident choice, the workshop's name and listing, and the day; `asked` counts the
    questions put and gives the newest one's id."""
    workshop = conference.workshop
    values = identity.also_read(conference.id)
    if values is None:
        params = {
            "workshop_id": workshop.id,
            "conference_id": conference.id,
            "instructor_id": workshop.instructor_id,
            "team_id": conference.team_id,
        }
        values = db.session.execute(_stamp_query(), params).one()
    return _keyed(values, workshop.title, workshop.org_name, workshop.listed_company, today)


def _keyed(values, title, org_name, listed_company, today):
    *changed, count, top = values
    key = (tuple(changed), title, org_name, listed_company, today or date.today())
    return key, (count, top or 0)


def board(conference, today=None):
    """The Board for the conference as it is now, shared by every phone until it changes."""
    boards = current_app.extensions.setdefault("kaiken_boards", {})
    key, (count, top) = stamp(conference, today)
    held = boards.get(conference.id)
    if held is not None and held.key == key and (count, top) != (held.asked_count, held.asked_top):
        rows = _asked_rows(conference, after=held.asked_top) if top > held.asked_top else []
        if rows and held.asked_count + len(rows) == count:
            held.add(conference, rows)
        else:  # a question withdrawn, or back: draw again
            held = None
    if held is None or held.key != key:
        held = Board(conference, today, key)
        boards[conference.id] = held
    return held


def suggestions(conference, reporter, lang, today=None):
    """What this reporter's phone offers now: follow-ups to the latest answer, then the bank.
    The wrap-up Q&A has no incident to draw on."""
    if conference.wrapup:
        return {"follow_ups": [], "questions": []}
    drawn_from = board(conference, today)
    follow = drawn_from.follow_ups(conference, lang)
    return _offered(drawn_from, conference.id, reporter.id, reporter.outlet, lang, follow)


def _offered(drawn_from, conference_id, reporter_id, outlet, lang, follow):
    drawn = drawing.pick(drawn_from.candidates(outlet), f"{conference_id}:{reporter_id}", outlet)
    fired = drawn_from.profile.fired
    return {
        "follow_ups": follow,
        "questions": [
            _view(
                s.question,
                s.text,
                s.reasons,
                lang,
                breaking=any(f in fired for f in s.question.factors),
            )
            for s in drawn
        ],
    }


@functools.cache
def _quick_query():
    """Who is asking, the workshop's open conference and its board's stamp, as plain columns
    of one query."""
    return (
        select(
            Workshop.id,
            Workshop.instructor_id,
            Workshop.screen_token,
            Reporter.id,
            Reporter.workshop_id,
            Reporter.removed_at,
            Reporter.outlet,
            Conference.id,
            Conference.team_id,
            Workshop.title,
            Workshop.org_name,
            Workshop.listed_company,
            *stamp_columns(),
        )
        .select_from(Workshop)
        .where(Workshop.id == bindparam("workshop_id"))
        .outerjoin(Reporter, Reporter.id == bindparam("row_id"))
        .outerjoin(Conference, Conference.id == Workshop.current_conference_id)
    )


def quick_suggestions(workshop_id, lang, today=None):
    """A reporter's suggestions from one query of plain columns and the board kept in memory,
    when the session's reporter is still in the workshop and its conference's board is
    current and has this language's follow-ups; else None, and the event takes the full path,
    which draws the board or says why it refuses. After the first phone of a wave, every
    phone takes this path: a thousand of them ask after each answer."""
    value = identity.held("reporter", workshop_id)
    if value is None:
        return None
    found = read(_quick_query(), {"workshop_id": workshop_id, "row_id": value}).first()
    if found is None:
        return None
    workshop, row, (outlet, conference_id, team_id) = found[:3], found[3:6], found[6:9]
    if conference_id is None or team_id is None:  # none open, or the wrap-up Q&A
        return None
    if identity.judged("reporter", value, tuple(workshop), tuple(row)) is None:
        return None
    held = current_app.extensions.get("kaiken_boards", {}).get(conference_id)
    key, asked = _keyed(found[12:], *found[9:12], today)
    if held is None or held.key != key or asked != (held.asked_count, held.asked_top):
        return None
    follow = held.follow_ups_held(lang)
    if follow is None:
        return None
    return _offered(held, conference_id, row[0], outlet, lang, follow)


def _view(question, text, reasons, lang, follows=None, need=None, breaking=False):
    return {
        "breaking": breaking,
        "bank_id": question.id if question else None,
        "theme": question.theme if question else None,
        "text": text.get(lang) or next(iter(text.values())),
        "reasons": list(reasons),
        "follows_answer_id": follows,
        "need": need,
    }


def follow_ups(conference, found_profile, known, put, lang):
    """Follow-ups to the newest answer: what it left open, then the bank question's own."""
    answer = db.session.scalar(
        select(Answer)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.conference_id == conference.id)
        .order_by(Answer.id.desc())
        .limit(1)
    )
    if answer is None:
        return []
    question = answer.question
    source = known.get(question.bank_id)
    report = documents.content(
        conference.workshop_id, conference.team_id, documents.REPORT, conference.incident_no
    )
    offered = []
    for code, values in followups.needs(
        question.text, source.theme if source else None, answer.summary, report
    ):
        text = {lg: followups.text(code, values, lg) for lg in ("ja", "en")}
        offered.append(_view(None, text, (), lang, answer.id, code))
    used = {a.bank_id for a in put}
    for follow_id in source.follow_ups if source else ():
        follow = known.get(follow_id)
        if follow is None or follow_id in used or not drawing.eligible(follow, found_profile):
            continue
        text = {lg: drawing.render(follow, found_profile, lg) for lg in follow.text}
        offered.append(_view(follow, text, ("follow_up",), lang, answer.id, "bank"))
    return offered[:FOLLOW_UPS_SHOWN]
