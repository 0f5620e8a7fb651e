"""Which bank questions a reporter is offered: fit to the team's facts, factors and outlet.

Pure functions over the typed bank (simulator.content.bank) and a Profile of the presenting
team's incident; the same inputs and seed always give the same suggestions.
"""

import functools
import random
import re
import unicodedata
from dataclasses import dataclass, field, replace

SUGGESTIONS = 5
DUPLICATE_AT = 0.5  # overlap (Jaccard) at which two questions count as the same question


@dataclass(frozen=True)
class Profile:
    """What the presenting team's incident is, as far as the questions need to know."""

    incident_id: str
    facts: dict  # condition name -> bool
    records: int | None = None
    gaps: frozenset = frozenset()
    active: tuple = ()  # factor ids in force
    fired: tuple = ()  # factor ids fired live during this conference, oldest first
    values: dict = field(default_factory=dict)  # lang -> placeholder -> text


@dataclass(frozen=True)
class Asked:
    """A question already put in this conference."""

    text: str
    bank_id: str | None = None
    theme: str | None = None


@dataclass(frozen=True)
class Suggestion:
    question: object
    text: dict  # lang -> rendered text
    score: float
    reasons: tuple  # what made it fit: incident, fact:<name>, gap:<name>, factor:<id>, outlet


def eligible(question, profile):
    """Whether the question fits the incident, its facts, and the factors in force."""
    if not question.fits_incident(profile.incident_id):
        return False
    for name, wanted in question.when.items():
        if name == "records_over":
            if profile.records is None or profile.records <= wanted:
                return False
        elif profile.facts.get(name, False) != wanted:
            return False
    if not set(question.factors) <= set(profile.active):
        return False
    return all(render(question, profile, lang) is not None for lang in question.text)


def render(question, profile, lang):
    """The question's text in `lang` with the incident's values, or None if one is unknown."""
    values = profile.values.get(lang, {})
    try:
        return question.text[lang].format_map(_Strict(values))
    except KeyError:
        return None


class _Strict(dict):
    def __missing__(self, key):
        raise KeyError(key)


def fit(question, profile, outlet):
    """A question's score for this reporter and why; higher fits better."""
    score, reasons = 0.0, []
    if "any" not in question.incidents:
        score += 3
        reasons.append("incident")
    for name in question.when:
        score += 1.5
        reasons.append(f"fact:{name}")
    sharp = [g for g in question.gaps if g in profile.gaps]
    if sharp:
        score += 2.5
        reasons += [f"gap:{g}" for g in sharp]
    elif question.gaps:
        score -= 1  # the gap it probes is closed in this workshop: a weaker question
    for factor in question.factors:
        score += 4
        if factor in profile.fired:
            # Breaking news rises to the top, the newest highest: reporters chase what just
            # happened.
            score += 12 if factor == profile.fired[-1] else 6
        reasons.append(f"factor:{factor}")
    if "any" not in question.outlets:
        if outlet in question.outlets:
            score += 2.5
            reasons.append("outlet")
        else:
            score -= 6  # written for another kind of outlet
    return score, tuple(reasons)


def suggest(bank, profile, outlet, asked=(), seed=0, count=SUGGESTIONS):
    """The `count` questions that fit best, no near-duplicate of anything asked, themes spread."""
    return pick(candidates(bank, profile, outlet, asked), seed, outlet, count)


@dataclass(frozen=True)
class Candidate:
    """A bank question that may be suggested to a reporter of one outlet, before the dice."""

    score: float
    question: object
    text: dict
    reasons: tuple
    shapes: tuple


def candidates(bank, profile, outlet, asked=()):
    """The questions an outlet's reporters may be offered, in bank order, each with its fit.
    The same for every reporter of that outlet until the conference or the team's documents
    change, so the server keeps it between phones."""
    found = []
    for question in bank:
        if not eligible(question, profile):
            continue
        text = {lang: render(question, profile, lang) for lang in question.text}
        score, reasons = fit(question, profile, outlet)
        found.append(
            Candidate(score, question, text, reasons, tuple(shape(t) for t in text.values()))
        )
    return narrowed(found, asked)


def narrowed(found, asked):
    """`candidates` less what was `asked` (and near-duplicates of it), each theme's questions
    the weaker for every question of that theme already put; a server that kept the list
    narrows it by each new question instead of rendering the bank again."""
    used_ids = {a.bank_id for a in asked if a.bank_id}
    asked_shapes = [shape(a.text) for a in asked if a.text]
    theme_asked = {}
    for a in asked:
        if a.theme:
            theme_asked[a.theme] = theme_asked.get(a.theme, 0) + 1
    kept = []
    for c in found:
        if c.question.id in used_ids:
            continue
        if any(similar(s, a) for s in c.shapes for a in asked_shapes):
            continue
        penalty = 0.75 * theme_asked.get(c.question.theme, 0)
        kept.append(replace(c, score=c.score - penalty) if penalty else c)
    return kept


def pick(found, seed, outlet, count=SUGGESTIONS):
    """One reporter's `count` suggestions from `candidates`: its own dice break near-ties, themes
    spread, and no two are the same question in other words."""
    rng = random.Random(f"{seed}:{outlet}")
    pool = [(c.score + rng.random(), c) for c in found]
    # Highest first: a theme already chosen only lowers a score, so the scan for the best
    # stops at the first raw score no better than the best found (a board holds a hundred
    # candidates per outlet, and every phone picks after every answer).
    pool.sort(key=lambda p: p[0], reverse=True)
    chosen, themes, taken = [], {}, []
    while pool and len(chosen) < count:
        at, best = 0, None
        for n, (raw, candidate) in enumerate(pool):
            if best is not None and raw <= best:
                break
            value = raw - 2.5 * themes.get(candidate.question.theme, 0)
            if best is None or value > best:
                at, best = n, value
        score, candidate = pool.pop(at)
        if any(similar(s, t) for s in candidate.shapes for t in taken):
            continue
        taken += candidate.shapes
        theme = candidate.question.theme
        themes[theme] = themes.get(theme, 0) + 1
        chosen.append(
            Suggestion(candidate.question, candidate.text, round(score, 3), candidate.reasons)
        )
    return chosen


# --- near-duplicates ----------------------------------------------------------------------

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by can do does for from has have how i in is it its of on or our "
    "please so that the this to was we what when where which who why will with you your".split()
)


@functools.lru_cache(maxsize=16384)
def shape(text):
    """A question reduced for comparison: character pairs for Japanese, words for English."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    if _CJK.search(text):
        chars = [ch for ch in text if ch.isalnum()]
        return frozenset(a + b for a, b in zip(chars, chars[1:], strict=False))
    return frozenset(w.rstrip("s") for w in _WORD.findall(text) if w not in _STOP)


@functools.lru_cache(maxsize=65536)
def similar(a, b):
    """Whether two shapes overlap enough to be the same question. Kept: every phone's `pick`
    compares the same few candidates of its outlet's board."""
    if not a or not b:
        return False
    both = len(a & b)
    return both / (len(a) + len(b) - both) >= DUPLICATE_AT
