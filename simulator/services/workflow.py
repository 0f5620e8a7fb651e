"""The workshop from set-up to wrap-up: its phases, each team's incidents, what factors require."""

from datetime import date

from sqlalchemy import select

from ..content.scenarios import localise
from ..domain import DomainError, phases
from ..domain import incidents as incident_rules
from ..domain.conference import clean_text
from ..extensions import db
from ..models import Conference, News, TeamIncident
from . import content, documents, headlines, workshops

SETUP_LIMITS = {"title": 200, "org_name": 200, "org_profile": 4000, "team": 80, "member": 80}
MAX_TEAMS = 12


def team_incident(team, number):
    return db.session.scalar(
        select(TeamIncident).where(
            TeamIncident.team_id == team.id, TeamIncident.incident_no == number
        )
    )


def conferences(workshop):
    return db.session.scalars(select(Conference).where(Conference.workshop_id == workshop.id)).all()


def state(workshop):
    """What the phase rules need: per team, incidents chosen and conferences ended."""
    ended, running = {}, False
    for conference in conferences(workshop):
        if conference.ended_at is not None:
            ended.setdefault(conference.team_id, set()).add(conference.incident_no)
        elif conference.clock in ("running", "paused"):
            running = True
    chosen = {}
    for row in db.session.scalars(
        select(TeamIncident).where(TeamIncident.team_id.in_([t.id for t in workshop.teams]))
    ):
        chosen.setdefault(row.team_id, set()).add(row.incident_no)
    teams = tuple(
        phases.TeamState(t.name, frozenset(chosen.get(t.id, ())), frozenset(ended.get(t.id, ())))
        for t in workshop.teams
    )
    return phases.WorkshopState(workshop.phase, workshop.org_name, teams, running)


def move(workshop, target):
    """Move the workshop to `target`, or raise DomainError with the reason it cannot."""
    phases.check_move(state(workshop), target)
    workshop.phase = target
    current = db.session.get(Conference, workshop.current_conference_id or 0)
    if current is not None and phases.INCIDENT_OF.get(target) != current.incident_no:
        workshop.current_conference_id = None
    db.session.flush()


def open_conference(workshop, team):
    """Put `team`'s conference for the phase's incident on every screen."""
    number = phases.INCIDENT_OF.get(workshop.phase, 0)
    team_state = next(t for t in state(workshop).teams if t.name == team.name)
    phases.check_open_conference(workshop.phase, team_state, number)
    conference = workshops.open_conference(workshop, team, incident_no=number)
    row = team_incident(team, number)
    headlines.start_incident_2(conference, tuple(row.factors) if row else ())
    return conference


def open_wrapup(workshop):
    """Put the wrap-up Q&A on every screen: the room asks, the instructor answers."""
    if workshop.phase != phases.WRAPUP:
        raise DomainError("wrapup_phase_only")
    conference = db.session.scalar(
        select(Conference).where(
            Conference.workshop_id == workshop.id, Conference.team_id.is_(None)
        )
    )
    if conference is None:
        conference = Conference(workshop_id=workshop.id, team_id=None, incident_no=0)
        db.session.add(conference)
        db.session.flush()
    workshop.current_conference_id = conference.id
    db.session.flush()
    return conference


def choose_incident(workshop, team, number, incident_id, form, factor_ids=()):
    """Record the incident `team` handles as its incident `number`, with its parameters."""
    incident = content.incidents(workshop.instructor_id).get(incident_id)
    if incident is None:
        raise DomainError("unknown_incident")
    known = content.factors(workshop.instructor_id)
    if any(f not in known for f in factor_ids):
        raise DomainError("unknown_factor")
    row = team_incident(team, number) or TeamIncident(team_id=team.id, incident_no=number)
    row.incident_id = incident.id
    row.params = incident_rules.clean_params(incident, form)
    row.factors = list(dict.fromkeys(factor_ids))
    db.session.add(row)
    db.session.flush()
    return row


def team_choice(workshop, team, incident_id, form):
    """The team picks its first incident from those the instructor offers."""
    if not phases.team_may_choose(workshop.phase):
        raise DomainError("choice_closed")
    if workshop.offered_incidents and incident_id not in workshop.offered_incidents:
        raise DomainError("unknown_incident")
    if _conference_opened(team, 1):
        raise DomainError("choice_closed")
    return choose_incident(workshop, team, 1, incident_id, form)


def _conference_opened(team, number):
    return db.session.scalar(
        select(Conference.id).where(Conference.team_id == team.id, Conference.incident_no == number)
    )


def assign_second(workshop, teams, incident_id, form, factor_ids):
    """The instructor sets incident 2 and its factors for some teams (or all)."""
    if workshop.phase not in (phases.REVIEW, phases.INCIDENT_2):
        raise DomainError("assign_closed")
    if not teams:
        raise DomainError("required", field="teams")
    return [choose_incident(workshop, t, 2, incident_id, form, factor_ids) for t in teams]


def fired_factors(team, number):
    """Factors the instructor fired live during the team's conference for incident `number`."""
    return db.session.scalars(
        select(News.factor_id)
        .join(Conference, Conference.id == News.conference_id)
        .where(Conference.team_id == team.id, Conference.incident_no == number)
        .where(News.factor_id.isnot(None))
        .order_by(News.id)
    ).all()


def active_factors(workshop, team, number):
    """The factor objects in force for a team's incident: assigned ones, then any fired live."""
    row = team_incident(team, number)
    ids = list(row.factors if row else []) + fired_factors(team, number)
    known = content.factors(workshop.instructor_id)
    return [known[i] for i in dict.fromkeys(ids) if i in known]


def warnings(workshop, team, number, lang):
    """What the active factors make wrong in the team's report and agenda for `number`."""
    factors = active_factors(workshop, team, number)
    if not factors:
        return []
    row = team_incident(team, number)
    report = documents.content(workshop.id, team.id, documents.REPORT, number)
    agenda = documents.content(workshop.id, team.id, documents.AGENDA, number)
    return incident_rules.factor_warnings(factors, row.params if row else {}, report, agenda, lang)


def update_setup(workshop, form):
    """Title, date, organisation, listing and offered incidents from the set-up form."""
    workshop.title = clean_text(form.get("title"), SETUP_LIMITS["title"], "title")
    workshop.org_name = clean_text(form.get("org_name"), SETUP_LIMITS["org_name"], "org_name")
    profile = (form.get("org_profile") or "").strip()
    if len(profile) > SETUP_LIMITS["org_profile"]:
        raise DomainError("too_long", field="org_profile", limit=4000, length=len(profile))
    workshop.org_profile = profile
    workshop.listed_company = form.get("listed_company") == "yes"
    raw_date = (form.get("held_on") or "").strip()
    try:
        workshop.held_on = date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        raise DomainError("bad_date", field="held_on") from None
    known = content.incidents(workshop.instructor_id)
    workshop.offered_incidents = [i for i in form.getlist("offered") if i in known]
    db.session.flush()


def parse_members(text):
    """One member a line: 'name / stakeholder they play'; the part after / may be left out."""
    members = []
    for line in (text or "").splitlines():
        name, _, plays = (part.strip() for part in line.partition("/"))
        if name:
            if len(name) > SETUP_LIMITS["member"] or len(plays) > SETUP_LIMITS["member"]:
                raise DomainError("too_long", field="members", limit=80, length=len(line))
            members.append({"name": name, "plays": plays})
    return members


def members_text(members):
    return "\n".join(f"{m['name']} / {m['plays']}" if m["plays"] else m["name"] for m in members)


def update_teams(workshop, form):
    """Rename teams, set their members, add a new one if a name is given."""
    for team in workshop.teams:
        team.name = clean_text(form.get(f"team.{team.id}.name"), SETUP_LIMITS["team"], "team")
        team.members = parse_members(form.get(f"team.{team.id}.members"))
    new_name = (form.get("new_team") or "").strip()
    if new_name:
        if len(workshop.teams) >= MAX_TEAMS:
            raise DomainError("too_many_teams", limit=MAX_TEAMS)
        workshops.add_team(workshop, clean_text(new_name, SETUP_LIMITS["team"], "team"))
    db.session.flush()


def seed_documents(workshop, lang):
    """The workshop's fact sheet and stakeholder list, first filled with the guide's examples."""
    scenarios = content.shipped()
    items = {
        item.id: {
            "management": localise(item.management, lang),
            "logs": localise(item.logs, lang),
        }
        for item in scenarios.fact_sheet.all_items()
    }
    people = {
        person.id: {
            "contact": localise(person.contact, lang),
            "standby": localise(person.standby, lang),
            "played_by": "",
        }
        for person in scenarios.stakeholders.everyone()
    }
    author = "Kaiken"
    documents.save(workshop.id, None, "fact_sheet", {"items": items}, author=author)
    documents.save(workshop.id, None, "stakeholders", {"people": people}, author=author)


def create(instructor, title, org_name, team_names, lang, **setup):
    """A new workshop in set-up, with its teams and the guide's fact sheet and stakeholders."""
    workshop = workshops.create_workshop(instructor, title, org_name, team_names)
    for key, value in setup.items():
        setattr(workshop, key, value)
    if not workshop.offered_incidents:
        workshop.offered_incidents = list(content.incidents(instructor.id))
    seed_documents(workshop, lang)
    return workshop
