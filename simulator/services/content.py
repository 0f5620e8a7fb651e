"""The scenarios a workshop draws on: the shipped files, plus the instructor's own."""

from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..content import ContentError, Problem
from ..content import load as load_folder
from ..content.checks import N_
from ..content.scenarios import parse_document
from ..extensions import db
from ..models import CustomScenario

CUSTOM_KINDS = ("incident", "factor")


def shipped():
    """The scenario files, read once per app and checked against their schemas."""
    cache = current_app.extensions.setdefault("kaiken_content", {})
    if "scenarios" not in cache:
        root = Path(current_app.config["KAIKEN_CONTENT_ROOT"])
        cache["scenarios"] = load_folder(root / "scenarios")
    return cache["scenarios"]


def parse_custom(kind, data, label):
    """An instructor's incident or factor, checked like a file; ContentError lists problems."""
    problems = []
    if not isinstance(data, dict) or data.get("kind") != kind:
        problems.append(Problem(label, "", "kind", N_("must be %(kind)s"), (("kind", kind),)))
        raise ContentError(problems)
    _, parsed = parse_document(data, label, problems, custom=True)
    if problems:
        raise ContentError(problems)
    return parsed


def custom_rows(instructor_id, kind):
    return db.session.scalars(
        select(CustomScenario)
        .where(CustomScenario.instructor_id == instructor_id, CustomScenario.kind == kind)
        .order_by(CustomScenario.id)
    ).all()


def incidents(instructor_id):
    """Id -> incident: the seed's, then the instructor's own."""
    found = dict(shipped().incidents)
    for row in custom_rows(instructor_id, "incident"):
        found.setdefault(row.scenario_id, parse_custom("incident", row.data, row.scenario_id))
    return found


def factors(instructor_id):
    found = dict(shipped().factors)
    for row in custom_rows(instructor_id, "factor"):
        found.setdefault(row.scenario_id, parse_custom("factor", row.data, row.scenario_id))
    return found
