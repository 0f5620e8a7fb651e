"""Writing a checked workshop file as a new workshop: fresh join code and tokens, fresh client
ids, file keys turned back into database ids. Adds and flushes; the caller commits."""

from ...extensions import db
from ...models import (
    Answer,
    AnswerFlag,
    Conference,
    Document,
    DocumentVersion,
    Headline,
    ImprovementItem,
    News,
    Question,
    Reaction,
    Reporter,
    Score,
    TeamIncident,
    Vote,
    WorkshopQuestion,
    utcnow,
)
from .. import workshops
from .dump import HEADLINE_NEWS

# Times the database fills in when the file leaves them out.
DEFAULTED = {"created_at", "joined_at", "recorded_at", "fired_at", "scored_at", "chosen_at"}
SETTINGS = ("org_profile", "held_on", "phase", "listed_company", "offered_incidents", "rubric")


def add(model, **fields):
    row = model(**{k: v for k, v in fields.items() if v is not None or k not in DEFAULTED})
    db.session.add(row)
    return row


def workshop(clean, instructor, client_id):
    """The new workshop, owned by `instructor`, not on any screen yet."""
    ws = workshops.create_workshop(instructor, clean["title"], clean["org_name"])
    for key in SETTINGS:
        setattr(ws, key, clean[key])
    made = {}  # file key -> the row made for it
    for team in clean["teams"]:
        row = workshops.add_team(ws, team["name"])
        row.position, row.members = team["position"], team["members"]
        made[team["ref"]] = row
    ws.wrapup = _wrapup(clean["wrapup"], made)
    for row in clean["team_incidents"]:
        fields = {k: v for k, v in row.items() if k != "team"}
        add(TeamIncident, team_id=made[row["team"]].id, **fields)
    for reporter in clean["reporters"]:
        made[reporter["ref"]] = _reporter(ws, reporter, instructor)
    _documents(ws, clean["documents"], made)
    db.session.flush()
    for conference in clean["conferences"]:
        _conference(ws, conference, made, client_id)
    for conference in clean["conferences"]:
        _news(made[conference["ref"]], conference["news"], made, client_id)
    _items(ws, clean["improvement_items"], made)
    for row in clean["workshop_questions"]:
        add(WorkshopQuestion, workshop_id=ws.id, **row)
    db.session.flush()
    return ws


def _wrapup(notes, made):
    if not notes or "teams" not in notes:
        return notes
    return {**notes, "teams": {str(made[ref].id): text for ref, text in notes["teams"].items()}}


def _reporter(ws, reporter, instructor):
    return add(
        Reporter,
        workshop_id=ws.id,
        name=reporter["name"],
        outlet=reporter["outlet"],
        instructor_id=instructor.id if reporter["instructor"] else None,
        joined_at=reporter["joined_at"],
    )


def _documents(ws, documents, made):
    for doc in documents:
        team = made[doc["team"]].id if doc["team"] else None
        row = add(
            Document,
            workshop_id=ws.id,
            team_id=team,
            kind=doc["kind"],
            incident_no=doc["incident_no"],
        )
        db.session.flush()
        for version in doc["versions"]:
            fields = {k: v for k, v in version.items() if k != "ref"}
            made[version["ref"]] = add(DocumentVersion, document_id=row.id, **fields)


def _conference(ws, clean, made, client_id):
    """A conference as it was; one that was running when exported comes back paused."""
    conference = add(
        Conference,
        workshop_id=ws.id,
        team_id=made[clean["team"]].id if clean["team"] else None,
        incident_no=clean["incident_no"],
        planned_minutes=clean["planned_minutes"],
        clock="paused" if clean["clock"] == "running" else clean["clock"],
        started_at=clean["started_at"],
        ended_at=clean["ended_at"],
        elapsed_before=clean["elapsed_seconds"],
        team_may_moderate=clean["team_may_moderate"],
    )
    db.session.flush()
    made[clean["ref"]] = conference
    questions = [_question(conference, q, made, client_id) for q in clean["questions"]]
    for question, q in zip(questions, clean["questions"], strict=True):
        if q["follows"]:
            question.follows_answer_id = made[q["follows"]].id
    for h in clean["headlines"]:
        fields = {k: v for k, v in h.items() if k not in ("ref", "answer")}
        answer = made[h["answer"]].id if h["answer"] else None
        made[h["ref"]] = add(Headline, conference_id=conference.id, answer_id=answer, **fields)
    db.session.flush()


def _question(conference, q, made, client_id):
    question = add(
        Question,
        conference_id=conference.id,
        reporter_id=made[q["reporter"]].id,
        client_id=client_id(),
        **{k: q[k] for k in ("text", "bank_id", "status", "reject_reason", "votes")},
        **{k: q[k] for k in ("created_at", "live_at", "closed_at")},
    )
    db.session.flush()
    for voter in q["voted_by"]:
        add(Vote, question_id=question.id, reporter_id=made[voter].id)
    if q["answer"]:
        made[q["answer"]["ref"]] = _answer(question, q["answer"], made, client_id)
    return question


def _answer(question, clean, made, client_id):
    answer = add(
        Answer,
        question_id=question.id,
        client_id=client_id(),
        speaker=clean["speaker"],
        summary=clean["summary"],
        recorded_at=clean["recorded_at"],
    )
    db.session.flush()
    for reaction in clean["reactions"]:
        add(
            Reaction,
            answer_id=answer.id,
            reporter_id=made[reaction["reporter"]].id,
            kind=reaction["kind"],
        )
    if clean["score"]:
        add(Score, answer_id=answer.id, client_id=client_id(), **clean["score"])
    for flag in clean["flags"]:
        dismissed = (flag["dismissed_at"] or utcnow()) if flag["dismissed"] else None
        fields = {k: flag[k] for k in ("code", "severity", "words", "params")}
        add(AnswerFlag, answer_id=answer.id, dismissed_at=dismissed, **fields)
    return answer


def _news(conference, news, made, client_id):
    """Breaking news; news made from a headline keeps naming that headline, by its new id."""
    for item in news:
        source = made.get(item["from_headline"])
        add(
            News,
            conference_id=conference.id,
            client_id=f"{HEADLINE_NEWS}{source.id}" if source else client_id(),
            factor_id=item["factor_id"],
            headline=item["headline"],
            details=item["details"],
            fired_at=item["fired_at"],
        )


def _items(ws, items, made):
    for item in items:
        done_at = (item["done_at"] or utcnow()) if item["done"] else None
        add(
            ImprovementItem,
            workshop_id=ws.id,
            team_id=made[item["team"]].id,
            incident_no=item["incident_no"],
            answer_id=made[item["answer"]].id if item["answer"] else None,
            flag_code=item["flag_code"],
            kind=item["kind"],
            text=item["text"],
            author=item["author"],
            created_at=item["created_at"],
            version_id=made[item["version"]].id if item["version"] else None,
            done_at=done_at,
        )
