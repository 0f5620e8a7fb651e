"""A team's incident: the parameters it was chosen with, and what aggravating factors demand.

Works on the typed scenario objects (simulator.content.types) and plain document contents.
"""

from dataclasses import dataclass

from . import DomainError


def clean_params(incident, form):
    """The parameter values a form gives for `incident`; each must be one the scenario allows."""
    params = {}
    for parameter in incident.parameters:
        name = f"param.{parameter.id}"
        if parameter.type == "count":
            raw = (form.get(name) or "").strip()
            value = int(raw) if raw.isdigit() else parameter.default
            if value not in parameter.values:
                raise DomainError("bad_parameter", parameter=parameter.id)
        elif parameter.type == "flag":
            value = form.get(name, "yes" if parameter.default else "no") == "yes"
        else:
            ids = {option.id for option in parameter.options}
            chosen = form.getlist(name) if hasattr(form, "getlist") else form.get(name, [])
            chosen = [c for c in chosen if c in ids]
            if not parameter.multiple:
                chosen = chosen[:1]
            value = chosen if parameter.multiple else (chosen[0] if chosen else parameter.default)
        params[parameter.id] = value
    return params


def defaults(incident):
    return {p.id: p.default for p in incident.parameters}


@dataclass(frozen=True)
class Warning:
    """Something an active factor makes wrong in a document: shown until the team fixes it."""

    document: str
    code: str
    params: dict
    factor: str


def factor_warnings(factors, params, report, agenda, lang="ja"):
    """Every warning the active `factors` raise against the team's report and agenda."""
    found = []
    for factor in factors:
        for effect in factor.effects:
            found += [
                Warning(doc, code, values, factor.id)
                for doc, code, values in _check(effect, params, report or {}, agenda or {}, lang)
            ]
    return found


def _check(effect, params, report, agenda, lang):
    if effect.type == "speaker_unavailable":
        words = _all_words(effect.keywords)
        others = _all_words(effect.unless or {})
        for speaker in agenda.get("speakers") or []:
            title = (speaker.get("title") or "").lower()
            for other in others:  # a deputy's title holds the executive's: 副社長, Vice President
                title = title.replace(other, " ")
            if any(word in title for word in words):
                yield "agenda", "speaker_unavailable", {"speaker": _speaker(speaker)}
    elif effect.type == "multiply_count":
        expected = multiplied(effect, params)
        stated = report.get("records")
        if expected and (stated is None or stated < expected):
            yield "report", "count_outdated", {"count": f"{expected:,}"}
    elif effect.type == "set_fact":
        stated = report.get(effect.fact)
        if stated is not None and stated != effect.value:
            yield "report", "fact_contradicted", {"fact": effect.fact}
    elif effect.type == "report_must_mention":
        text = " ".join(str(v) for v in report.values() if isinstance(v, str)).lower()
        words = _all_words(effect.words)
        if not any(word in text for word in words):
            yield "report", "must_mention", {"message": effect.message.get(lang) or ""}


def multiplied(effect, params):
    """The count the factor makes true: the chosen parameter's value times the factor."""
    if effect.parameter == "any":
        counts = [v for v in params.values() if isinstance(v, int) and not isinstance(v, bool)]
        base = counts[0] if counts else None
    else:
        base = params.get(effect.parameter)
    return base * effect.by if isinstance(base, int) and not isinstance(base, bool) else None


def _all_words(by_language):
    return [word.lower() for words in by_language.values() for word in words]


def _speaker(speaker):
    return " ".join(part for part in (speaker.get("title"), speaker.get("name")) if part)
