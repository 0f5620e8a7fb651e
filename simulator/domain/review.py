"""The improvement review: the conference record sorted and filtered, and improvement items.

Rows are plain dicts built by simulator.services.review; this module only decides which rows
show and in what order, and what an improvement item may say.
"""

from . import DomainError
from .documents import KINDS
from .flags import CODES as FLAG_CODES

# Documents an improvement item may change, in the guide's order.
ITEM_KINDS = (
    "policy",
    "fact_sheet",
    "stakeholders",
    "initial_response",
    "response_table",
    "report",
    "agenda",
)
ITEM_MAX_CHARS = 1000
SORTS = ("order", "weakest", "flags", "not_answered", "votes")
VERDICT_FILTERS = ("weak", "mixed", "strong", "unscored")


def choose(rows, flag=None, verdict=None, sort="order"):
    """The rows the filters keep, in the order asked for; unknown values are ignored."""
    kept = [r for r in rows if _keeps(r, flag, verdict)]
    if sort == "weakest":
        kept.sort(key=lambda r: (r["mean"] is None, r["mean"] if r["mean"] is not None else 0))
    elif sort == "flags":
        kept.sort(key=lambda r: (-r["critical"], -len(r["flags"])))
    elif sort == "not_answered":
        kept.sort(key=lambda r: -(r["reactions"] or {}).get("not_answered", 0))
    elif sort == "votes":
        kept.sort(key=lambda r: -r["question"].votes)
    return kept


def _keeps(row, flag, verdict):
    if flag not in (None, "any") and flag not in FLAG_CODES:
        flag = None  # an unknown filter shows everything rather than nothing
    if flag == "any" and not row["flags"]:
        return False
    if flag and flag != "any" and flag not in {f.code for f in row["flags"]}:
        return False
    if verdict in VERDICT_FILTERS:
        if verdict == "unscored":
            return row["answer"] is not None and row["verdict"] is None
        return row["verdict"] == verdict
    return True


def clean_item(kind, text):
    """An item's document kind and what should change; raises DomainError naming the field."""
    if kind not in ITEM_KINDS or kind not in KINDS:
        raise DomainError("bad_choice", field="item_kind")
    if not isinstance(text, str) or not text.strip():
        raise DomainError("required", field="item")
    text = text.strip()
    if len(text) > ITEM_MAX_CHARS:
        raise DomainError("too_long", field="item", limit=ITEM_MAX_CHARS, length=len(text))
    return kind, text
