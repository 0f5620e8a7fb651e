"""The phases of a workshop, as the seed guide runs it, and which moves between them are legal.

set-up → incident 1 → improvement review → incident 2 → wrap-up. The instructor moves one
step forward when what the step needs is done, or one step back to correct a mistake.
"""

from dataclasses import dataclass

from . import DomainError

SETUP, INCIDENT_1, REVIEW, INCIDENT_2, WRAPUP = (
    "setup",
    "incident_1",
    "review",
    "incident_2",
    "wrapup",
)
PHASES = (SETUP, INCIDENT_1, REVIEW, INCIDENT_2, WRAPUP)
INCIDENT_OF = {INCIDENT_1: 1, INCIDENT_2: 2}


@dataclass(frozen=True)
class TeamState:
    """What the phase rules need to know of one team."""

    name: str
    incidents: frozenset = frozenset()  # incident numbers with an incident chosen
    ended: frozenset = frozenset()  # incident numbers whose conference has ended


@dataclass(frozen=True)
class WorkshopState:
    phase: str
    org_name: str
    teams: tuple
    conference_running: bool = False


def incident_no(phase):
    """1 or 2 while an incident is being worked on; else the last one reached (0 in set-up)."""
    return {SETUP: 0, INCIDENT_1: 1, REVIEW: 1, INCIDENT_2: 2, WRAPUP: 2}[phase]


def neighbours(phase):
    """(previous, next) phase, either None at the ends."""
    at = PHASES.index(phase)
    return (PHASES[at - 1] if at else None, PHASES[at + 1] if at + 1 < len(PHASES) else None)


def check_move(state, target):
    """Raise DomainError saying why the workshop cannot move to `target` now."""
    if target not in PHASES:
        raise DomainError("bad_phase")
    previous, following = neighbours(state.phase)
    if target not in (previous, following):
        raise DomainError("phase_skip", phase=target)
    if state.conference_running:
        raise DomainError("conference_running")
    if target == following:
        _check_ready(state, target)


def _check_ready(state, target):
    if target == INCIDENT_1:
        if not state.org_name.strip():
            raise DomainError("required", field="org_name")
        if not state.teams:
            raise DomainError("no_teams")
    if target in (REVIEW, WRAPUP):
        number = 1 if target == REVIEW else 2
        waiting = [t.name for t in state.teams if number not in t.ended]
        if waiting:
            raise DomainError("conferences_pending", teams=", ".join(waiting))
    if target == INCIDENT_2:
        waiting = [t.name for t in state.teams if 2 not in t.incidents]
        if waiting:
            raise DomainError("incident_2_unassigned", teams=", ".join(waiting))


def check_open_conference(phase, team, number):
    """A team's conference opens in its incident's phase, once its incident is chosen."""
    if INCIDENT_OF.get(phase) != number:
        raise DomainError("wrong_phase_for_conference")
    if number not in team.incidents:
        raise DomainError("no_incident_chosen", team=team.name)


def team_may_choose(phase):
    """Teams pick their first incident during set-up or incident 1."""
    return phase in (SETUP, INCIDENT_1)


def reason_required(phase):
    """During the improvement review every change to a document must say why."""
    return phase == REVIEW
