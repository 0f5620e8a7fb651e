"""The scoring rubric: criteria scored 0–3 with a descriptor per level, adjusted per workshop.

The shipped criteria follow the research notes (shared/research/domain.md §5); their names and
level descriptors are translated labels (simulator.labels.RUBRIC). An instructor may leave a
criterion out, weigh it 1–3, or add their own with names and descriptors as typed.
"""

from dataclasses import dataclass

from . import DomainError

SHIPPED = ("facts", "honesty", "care", "ownership", "next_steps", "legal", "delivery")
LEVELS = (0, 1, 2, 3)
MAX_OWN = 5
LIMITS = {"name": 80, "level": 300}

# A weighted mean of the levels scored: at least this is "strong", below the next "weak".
STRONG, WEAK = 2.25, 1.25


@dataclass(frozen=True)
class Criterion:
    id: str
    weight: int = 1
    name: str | None = None  # None: the shipped criterion's translated name
    levels: tuple | None = None  # four descriptors, 0 to 3; None: the shipped ones

    @property
    def own(self):
        return self.id not in SHIPPED


def criteria(stored):
    """The workshop's criteria in order; `stored` is Workshop.rubric (None: all shipped)."""
    if not stored:
        return [Criterion(cid) for cid in SHIPPED]
    found = []
    for row in stored:
        if not row.get("on", True):
            continue
        levels = tuple(row["levels"]) if row.get("levels") else None
        found.append(Criterion(row["id"], int(row.get("weight", 1)), row.get("name"), levels))
    return found


def clean(form_rows, previous=None):
    """A rubric from the set-up form's rows: [{id, on, weight, name, levels}] → stored rows.

    Shipped criteria keep their id and may be switched off or weighed; own criteria need a
    name and four level descriptors. At least one criterion stays on. An own criterion the
    instructor removes is kept retired (`previous`: the stored rubric), so its id is never
    given to another and the scores given with it keep their meaning."""
    stored, own = [], 0
    previous = [row for row in previous or [] if _own_id(row.get("id"))]
    taken = {row.get("id") for row in [*form_rows, *previous] if _own_id(row.get("id"))}
    fresh = (f"own{n}" for n in range(1, 100) if f"own{n}" not in taken)
    for row in form_rows:
        cid = row.get("id") or ""
        weight = row.get("weight", 1)
        if isinstance(weight, bool) or weight not in (1, 2, 3):
            raise DomainError("bad_weight")
        if cid in SHIPPED:
            stored.append({"id": cid, "on": bool(row.get("on")), "weight": weight})
            continue
        name = (row.get("name") or "").strip()
        if not name:
            continue  # an empty own row is not a criterion
        own += 1
        if own > MAX_OWN:
            raise DomainError("too_many", field="criteria", limit=MAX_OWN)
        cid = cid if _own_id(cid) else next(fresh)  # kept across saves: scores refer to it
        stored.append(_own(cid, name, row, weight))
    if not any(row["on"] for row in stored):
        raise DomainError("rubric_empty")
    kept = {row["id"] for row in stored}
    retired = [{**row, "on": False, "retired": True} for row in previous if row["id"] not in kept]
    return stored + retired


def _own_id(value):
    return isinstance(value, str) and value.startswith("own") and value[3:].isdigit()


def _own(cid, name, row, weight):
    if len(name) > LIMITS["name"]:
        raise DomainError("too_long", field="criterion", limit=LIMITS["name"], length=len(name))
    levels = [(text or "").strip() for text in row.get("levels") or []]
    if len(levels) != len(LEVELS) or not all(levels):
        raise DomainError("levels_required", criterion=name)
    for text in levels:
        if len(text) > LIMITS["level"]:
            raise DomainError("too_long", field="level", limit=LIMITS["level"], length=len(text))
    return {
        "id": cid,
        "on": bool(row.get("on", True)),
        "weight": weight,
        "name": name,
        "levels": levels,
    }


def clean_scores(values, wanted):
    """Levels 0–3 for some of the workshop's criteria `wanted`; at least one, no others."""
    ids = {c.id for c in wanted}
    if not isinstance(values, dict) or not values or set(values) - ids:
        raise DomainError("bad_score")
    for value in values.values():
        if isinstance(value, bool) or value not in LEVELS:
            raise DomainError("bad_score")
    return {c.id: values[c.id] for c in wanted if c.id in values}


def mean(values, wanted):
    """The weighted mean level of a score, over the criteria scored; None when none are."""
    weights = {c.id: c.weight for c in wanted}
    scored = [(v, weights[k]) for k, v in values.items() if k in weights]
    if not scored:
        return None
    return sum(v * w for v, w in scored) / sum(w for _, w in scored)


def verdict(values, wanted):
    """ "strong", "mixed" or "weak", derived from the score; None when nothing is scored."""
    level = mean(values or {}, wanted)
    if level is None:
        return None
    return "strong" if level >= STRONG else "weak" if level < WEAK else "mixed"
