"""The scenario files: incidents, aggravating factors, the IT fact sheet and the stakeholders.

Parsed into typed objects and checked against one schema per kind (docs/scenarios.md).
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from .checks import LANGUAGES, N_, Checker, ContentError, Problem, unique
from .types import (
    Effect,
    Factor,
    FactSheet,
    Incident,
    Option,
    Parameter,
    Section,
    SheetItem,
    Stakeholder,
    Stakeholders,
)

FACTS = (
    "personal_data",
    "card_data",
    "discovered_by_outsider",
    "vendor_involved",
    "confidential_data",
    "mail_data",
    "malicious",  # an attack or theft; false for a mistake such as a misconfiguration
)
GAPS = (
    "logs_not_kept",
    "logs_overwritten",
    "unsupported_os",
    "patches_unmanaged",
    "proxy_not_enforced",
    "no_ids",
    "no_central_management",
    "no_mail_authentication",
    "admin_accounts_unmanaged",
)
SECTIONS = ("pc", "network", "business_servers", "mail", "public_servers")
PARAMETER_TYPES = ("count", "flag", "choice")
EFFECT_TYPES = (
    "speaker_unavailable",
    "multiply_count",
    "set_fact",
    "press_pressure",
    "report_must_mention",
)


# --- incidents -------------------------------------------------------------------------------


def _parameter(check):
    check.unknown({"id", "label", "type", "values", "options", "multiple", "default", "unit"})
    ident, label = check.ident("id"), check.text("label")
    kind = check.choice("type", PARAMETER_TYPES)
    default, values, options, multiple = check.data.get("default"), (), (), False
    if kind == "count":
        values = tuple(check.items("values"))
        if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values):
            check.fail("values", N_("must be positive whole numbers"))
        elif list(values) != sorted(set(values)):
            check.fail("values", N_("must be ascending, each once"))
        elif default not in values:
            check.fail("default", N_("must be one of the values"))
    elif kind == "flag":
        if not isinstance(default, bool):
            check.fail("default", N_("must be true or false"))
    elif kind == "choice":
        options = tuple(_options(check))
        multiple = check.data.get("multiple", False) is True
        ids = {o.id for o in options}
        chosen = default if isinstance(default, list) else [default]
        if not multiple and isinstance(default, list) or not set(chosen) <= ids:
            check.fail(
                "default",
                N_("must name the options' ids") if multiple else N_("must be an option id"),
            )
    unit = check.text("unit", required=False) if kind == "count" else None
    return Parameter(ident, label, kind, default, values, options, multiple, unit)


def _options(check):
    for n, raw in enumerate(check.items("options")):
        option = check.child(f"{check.item} option {n + 1}", raw)
        option.unknown({"id", "label"})
        yield Option(option.ident("id"), option.text("label"))


def parse_incident(check, custom=False):
    check.unknown(
        {"kind", "id", "number", "title", "what_happened", "source", "received_by", "facts"}
        | {"parameters", "hints"}
    )
    ident = check.ident("id")
    check.item = f"incident {ident}"
    facts = check.data.get("facts") or {}
    if not isinstance(facts, dict):
        check.fail("facts", N_("must be a mapping of fact to true or false"))
        facts = {}
    for name, value in facts.items():
        if name not in FACTS:
            check.fail(
                f"facts.{name}", N_("unknown fact; known: %(known)s"), known=", ".join(FACTS)
            )
        elif not isinstance(value, bool):
            check.fail(f"facts.{name}", N_("must be true or false"))
    parameters = []
    for n, raw in enumerate(check.items("parameters", required=False)):
        parameters.append(_parameter(check.child(f"incident {ident} parameter {n + 1}", raw)))
    unique(
        check.problems, check.file, [(p.id, f"incident {ident}") for p in parameters], "parameter"
    )
    hints = []
    for n, raw in enumerate(check.items("hints", required=False)):
        hints.append(check.child(f"incident {ident} hint {n + 1}", {"text": raw}).text("text"))
    return Incident(
        id=ident,
        title=check.text("title"),
        what_happened=check.text("what_happened"),
        source=check.text("source"),
        received_by=check.text("received_by"),
        number=check.integer("number", 1, 99, required=False),
        facts={k: v for k, v in facts.items() if k in FACTS and isinstance(v, bool)},
        parameters=tuple(parameters),
        hints=tuple(hints),
        custom=custom,
    )


# --- factors ---------------------------------------------------------------------------------

EFFECT_FIELDS = {
    "speaker_unavailable": {"keywords", "unless"},
    "multiply_count": {"parameter", "by"},
    "set_fact": {"fact", "value"},
    "press_pressure": {"level"},
    "report_must_mention": {"words", "message"},
}


def _effect(check):
    kind = check.choice("type", EFFECT_TYPES)
    if kind is None:
        return None
    check.unknown({"type"} | EFFECT_FIELDS[kind])
    if kind == "speaker_unavailable":
        unless = check.words("unless") if "unless" in check.data else None
        return Effect(kind, keywords=check.words("keywords"), unless=unless)
    if kind == "multiply_count":
        parameter = check.data.get("parameter")
        if parameter != "any":
            parameter = check.ident("parameter")
        return Effect(kind, parameter=parameter, by=check.integer("by", 2, 1000))
    if kind == "set_fact":
        value = check.data.get("value")
        if not isinstance(value, bool):
            check.fail("value", N_("must be true or false"))
        return Effect(kind, fact=check.choice("fact", (*FACTS, "encrypted")), value=value)
    if kind == "press_pressure":
        return Effect(kind, level=check.integer("level", 1, 3))
    return Effect(kind, words=check.words("words"), message=check.text("message"))


def parse_factor(check, custom=False):
    check.unknown(
        {"kind", "id", "title", "description", "breaking_news", "effects", "requirements"}
    )
    ident = check.ident("id")
    check.item = f"factor {ident}"
    effects = [
        _effect(check.child(f"factor {ident} effect {n + 1}", raw))
        for n, raw in enumerate(check.items("effects"))
    ]
    requirements = [
        check.child(f"factor {ident} requirement {n + 1}", {"text": raw}).text("text")
        for n, raw in enumerate(check.items("requirements", required=False))
    ]
    return Factor(
        id=ident,
        title=check.text("title"),
        description=check.text("description"),
        breaking_news=check.text("breaking_news"),
        effects=tuple(e for e in effects if e is not None),
        requirements=tuple(requirements),
        custom=custom,
    )


# --- fact sheet and stakeholders -------------------------------------------------------------


def _sheet_item(check):
    check.unknown({"id", "name", "mark", "management", "logs", "gaps"})
    return SheetItem(
        id=check.ident("id"),
        name=check.text("name"),
        mark=check.choice("mark", ("core", "optional")),
        management=check.text("management"),
        logs=check.text("logs"),
        gaps=check.subset("gaps", GAPS),
    )


def parse_fact_sheet(check):
    check.unknown({"kind", "id", "title", "sections"})
    sections = []
    for n, raw in enumerate(check.items("sections")):
        section = check.child(f"section {n + 1}", raw)
        section.unknown({"id", "title", "items"})
        section_id = section.choice("id", SECTIONS)
        items = tuple(
            _sheet_item(section.child(f"section {section_id} item {m + 1}", item))
            for m, item in enumerate(section.items("items"))
        )
        sections.append(Section(section_id, section.text("title"), items))
    unique(check.problems, check.file, [(s.id, "sections") for s in sections], "section")
    items = [(i.id, f"section {s.id}") for s in sections for i in s.items]
    unique(check.problems, check.file, items, "item")
    return FactSheet(check.ident("id"), check.text("title"), tuple(sections))


def _stakeholder(check):
    check.unknown({"id", "name", "role", "contact", "standby", "note"})
    return Stakeholder(
        id=check.ident("id"),
        name=check.text("name"),
        role=check.text("role"),
        contact=check.text("contact"),
        standby=check.text("standby"),
        note=check.text("note", required=False),
    )


def parse_stakeholders(check):
    check.unknown({"kind", "id", "title", "internal", "external"})
    lists = {}
    for side in ("internal", "external"):
        lists[side] = tuple(
            _stakeholder(check.child(f"{side} {n + 1}", raw))
            for n, raw in enumerate(check.items(side))
        )
    everyone = [(s.id, side) for side, people in lists.items() for s in people]
    unique(check.problems, check.file, everyone, "stakeholder")
    return Stakeholders(
        check.ident("id"), check.text("title"), lists["internal"], lists["external"]
    )


PARSERS = {
    "incident": parse_incident,
    "factor": parse_factor,
    "fact_sheet": parse_fact_sheet,
    "stakeholders": parse_stakeholders,
}


# --- loading ---------------------------------------------------------------------------------


@dataclass
class Scenarios:
    incidents: dict
    factors: dict
    fact_sheet: FactSheet | None
    stakeholders: Stakeholders | None

    def summary(self):
        return {
            "incidents": len(self.incidents),
            "factors": len(self.factors),
            "fact_sheet_items": len(self.fact_sheet.all_items()) if self.fact_sheet else 0,
            "stakeholders": len(self.stakeholders.everyone()) if self.stakeholders else 0,
            "languages": list(LANGUAGES),
        }


def parse_document(data, file, problems, custom=False):
    """One scenario file's content as its typed object, or None when its kind is unknown."""
    check = Checker(file, "", data, problems)
    kind = check.choice("kind", tuple(PARSERS))
    if kind is None:
        return None, None
    parser = PARSERS[kind]
    if kind in ("incident", "factor"):
        return kind, parser(check, custom=custom)
    return kind, parser(check)


def read_yaml(path, problems, name):
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        message = N_("cannot be read as YAML: %(error)s")
        problems.append(Problem(name, "", "", message, (("error", str(error)),)))
        return None


def load(folder):
    """Every scenario file under `folder`; raises ContentError listing all problems."""
    folder = Path(folder)
    problems, found = [], {kind: [] for kind in PARSERS}
    files = sorted(folder.rglob("*.yaml")) + sorted(folder.rglob("*.yml"))
    if not files:
        problems.append(Problem(str(folder), "", "", N_("holds no scenario files")))
    for path in files:
        name = str(path.relative_to(folder.parent))
        data = read_yaml(path, problems, name)
        kind, parsed = parse_document(data, name, problems)
        if kind:
            found[kind].append((parsed, name))
    for kind in ("fact_sheet", "stakeholders"):
        if len(found[kind]) != 1:
            message = N_("needs exactly one %(kind)s file")
            problems.append(Problem(str(folder), "", "", message, (("kind", kind),)))
    for kind in ("incident", "factor"):
        unique(problems, str(folder), [(p.id, name) for p, name in found[kind]], kind)
    if problems:
        raise ContentError(problems)
    return Scenarios(
        incidents={p.id: p for p, _ in sorted(found["incident"], key=_incident_order)},
        factors={p.id: p for p, _ in found["factor"]},
        fact_sheet=found["fact_sheet"][0][0],
        stakeholders=found["stakeholders"][0][0],
    )


def _incident_order(pair):
    incident = pair[0]
    return (incident.number is None, incident.number or 0, incident.id)


def localise(text, lang):
    """The text in `lang`, falling back to the other language."""
    if not text:
        return ""
    return text.get(lang) or next((v for v in text.values() if v), "")
