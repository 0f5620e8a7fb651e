"""The question bank (`question_bank/`): reporters' questions, checked against one schema.

Each file holds the questions of one theme (docs/question-bank.md). Loading checks every field,
that placeholders are known ones, that incidents, factors and follow-ups exist, and the lint
adds the coverage floors the workshop needs.
"""

import string
from dataclasses import dataclass
from pathlib import Path

from ..domain.conference import OUTLETS
from .checks import LANGUAGES, N_, Checker, ContentError, Problem, unique
from .scenarios import FACTS, GAPS, read_yaml

THEMES = (
    "facts_scope",
    "timeline",
    "cause",
    "responsibility",
    "victims_support",
    "compensation",
    "regulators",
    "prevention",
    "executive",
    "technical",
    "prior_warnings",
    "delay",
    "hostile",
)
PLACEHOLDERS = (
    "org",
    "incident",
    "records",
    "data_kinds",
    "discovered_on",
    "discovered_by",
    "days_since",
    "speaker",
    "speaker_title",
)
# Conditions on facts: the incident's own, plus what the workshop and report tell.
CONDITIONS = (*FACTS, "listed_company")
# Facts the chosen incident alone cannot rule out: the workshop or the report decides them.
OPEN_FACTS = ("listed_company", "vendor_involved")
FLOORS = {"questions": 300, "by_incident": 25, "by_factor": 12, "by_theme": 15, "by_outlet": 20}
ANY = "any"


@dataclass(frozen=True)
class Question:
    id: str
    theme: str
    text: dict
    incidents: tuple
    when: dict
    gaps: tuple
    factors: tuple
    outlets: tuple
    difficulty: int
    good_answer: dict
    pitfalls: dict
    follow_ups: tuple = ()
    custom: bool = False

    def fits_incident(self, incident_id):
        return ANY in self.incidents or incident_id in self.incidents

    def fits_outlet(self, outlet):
        return ANY in self.outlets or outlet in self.outlets


def placeholders(text):
    """The {names} a text uses, or None when its braces do not parse."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def parse_question(check, theme, incident_ids, factor_ids, custom=False):
    check.unknown(
        {"id", "text", "incidents", "when", "gaps", "factors", "outlets", "difficulty"}
        | {"good_answer", "pitfalls", "follow_ups"}
    )
    ident = check.ident("id")
    check.item = f"question {ident}"
    if ident and theme and not custom and not ident.startswith(f"{theme}_"):
        check.fail("id", N_("must start with its theme: %(theme)s_"), theme=theme)
    text = check.text("text")
    for lang in LANGUAGES:
        used = placeholders(text[lang])
        if used is None:
            check.fail(f"text.{lang}", N_("has an unmatched { or }"))
        elif used - set(PLACEHOLDERS):
            unknown = ", ".join(sorted(used - set(PLACEHOLDERS)))
            check.fail(f"text.{lang}", N_("unknown placeholder: %(names)s"), names=unknown)
    when = _conditions(check)
    return Question(
        id=ident,
        theme=theme,
        text=text,
        incidents=check.subset("incidents", (ANY, *incident_ids), required=True),
        when=when,
        gaps=check.subset("gaps", GAPS),
        factors=check.subset("factors", tuple(factor_ids)),
        outlets=check.subset("outlets", (ANY, *OUTLETS), required=True),
        difficulty=check.integer("difficulty", 1, 3),
        good_answer=check.text("good_answer"),
        pitfalls=check.text("pitfalls"),
        follow_ups=tuple(
            f for f in check.items("follow_ups", required=False) if isinstance(f, str)
        ),
        custom=custom,
    )


def _conditions(check):
    raw = check.data.get("when") or {}
    if not isinstance(raw, dict):
        check.fail("when", N_("must be a mapping of condition to value"))
        return {}
    when = {}
    for name, value in raw.items():
        if name == "records_over":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                check.fail("when.records_over", N_("must be a whole number of 0 or more"))
            else:
                when[name] = value
        elif name not in CONDITIONS:
            known = ", ".join((*CONDITIONS, "records_over"))
            check.fail(f"when.{name}", N_("unknown condition; known: %(known)s"), known=known)
        elif not isinstance(value, bool):
            check.fail(f"when.{name}", N_("must be true or false"))
        else:
            when[name] = value
    return when


@dataclass
class Bank:
    questions: dict  # id -> Question, in file order

    def by_theme(self):
        return {t: sum(q.theme == t for q in self.questions.values()) for t in THEMES}

    def summary(self, scenarios):
        qs = list(self.questions.values())
        return {
            "questions": len(qs),
            "by_incident": {
                i: sum(possible_for(q, incident) for q in qs)
                for i, incident in scenarios.incidents.items()
            },
            "by_factor": {f: sum(f in q.factors for q in qs) for f in scenarios.factors},
            "by_theme": self.by_theme(),
            "by_outlet": {o: sum(q.fits_outlet(o) for q in qs) for o in OUTLETS},
            "languages": list(LANGUAGES),
        }


def possible_for(question, incident):
    """Whether the question can be drawn for this incident at all (before the report's facts)."""
    if not question.fits_incident(incident.id):
        return False
    for name, wanted in question.when.items():
        if name in FACTS and name not in OPEN_FACTS and incident.facts.get(name, False) != wanted:
            return False
    return True


def load(folder, scenarios):
    """Every question file under `folder`, checked against the scenarios' incidents and factors."""
    folder = Path(folder)
    problems, found = [], []
    files = sorted(folder.glob("*.yaml"))
    if not files:
        problems.append(Problem(str(folder), "", "", N_("holds no question files")))
    for path in files:
        name = str(path.relative_to(folder.parent))
        data = read_yaml(path, problems, name)
        check = Checker(name, "", data, problems)
        check.unknown({"kind", "theme", "questions"})
        check.choice("kind", ("questions",))
        theme = check.choice("theme", THEMES)
        for n, raw in enumerate(check.items("questions")):
            question = parse_question(
                check.child(f"question {n + 1}", raw),
                theme,
                tuple(scenarios.incidents),
                tuple(scenarios.factors),
            )
            found.append((question, name))
    unique(problems, str(folder), [(q.id, name) for q, name in found], "question")
    ids = {q.id for q, _ in found}
    for question, name in found:
        for follow_up in question.follow_ups:
            if follow_up not in ids or follow_up == question.id:
                problems.append(unknown_follow_up(name, question.id, follow_up))
    if problems:
        raise ContentError(problems)
    return Bank({q.id: q for q, _ in found})


def unknown_follow_up(file, question_id, follow_up):
    message = N_("follow-up %(id)r is not another question of the bank")
    return Problem(file, f"question {question_id}", "follow_ups", message, (("id", follow_up),))


def below_floors(summary):
    """Problems for every count under the coverage the workshop needs (FLOORS)."""
    problems = []
    if summary["questions"] < FLOORS["questions"]:
        problems.append(_short("questions", "all", summary["questions"], FLOORS["questions"]))
    for key in ("by_incident", "by_factor", "by_theme", "by_outlet"):
        for name, count in summary[key].items():
            if count < FLOORS[key]:
                problems.append(_short(key, name, count, FLOORS[key]))
    return problems


def _short(key, name, count, floor):
    message = N_("%(count)s questions, fewer than the %(floor)s needed")
    return Problem(
        "question_bank", f"{key} {name}", "", message, (("count", count), ("floor", floor))
    )
