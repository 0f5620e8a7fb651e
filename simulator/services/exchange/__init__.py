"""A whole workshop as one JSON file (and back, as a new workshop), or its questions as CSV.

The JSON file carries everything the workshop holds except its secrets (join code, screen and
team tokens, the instructor's sign-in); objects refer to each other by keys local to the file
("t1", "q3"), never by database ids, so export → import → export gives the same content.
"""

import json
import uuid

from ...domain import DomainError
from ...models import Workshop
from . import dump, load, schema, table

FORMAT, VERSION = "workshop", 1
MAX_BYTES = 20 * 1024 * 1024
FORMATS = ("json", "csv", "md", "html")


class ExchangeError(DomainError):
    """A refused import; `problems` lists what is wrong, each with its place in the file."""

    def __init__(self, code, found=(), **params):
        super().__init__(code, **params)
        self.problems = list(found)


def export_json(workshop: Workshop) -> dict:
    return dump.workshop(workshop, FORMAT, VERSION)


def export_csv(workshop: Workshop) -> str:
    return table.questions(workshop)


def parse(raw: bytes):
    """The JSON value of an uploaded file; refuses files over MAX_BYTES and anything not JSON."""
    if len(raw) > MAX_BYTES:
        raise ExchangeError("import_too_large", limit=MAX_BYTES // (1024 * 1024))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExchangeError("bad_json", [f"byte {error.start}: not UTF-8 text"]) from None
    try:
        return json.loads(text, parse_constant=_constant, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ExchangeError("bad_json", [f"{where}: {error.msg}"]) from None
    except (ValueError, RecursionError) as error:
        raise ExchangeError("bad_json", [str(error) or "too deeply nested"]) from None


def _constant(name):
    raise ValueError(f"{name} is not a JSON number")


def _object(pairs):
    found = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {key!r} appears twice in one object")
        found[key] = value
    return found


def import_json(data, instructor) -> Workshop:
    """A new workshop owned by `instructor` from an exported file; nothing is added unless the
    whole file is valid (ExchangeError "bad_import" lists every problem otherwise)."""
    problems = []
    clean = schema.check(data, schema.Context.of(instructor, FORMAT, VERSION), problems)
    if problems:
        raise ExchangeError("bad_import", problems, problems=len(problems))
    return load.workshop(clean, instructor, new_client_id)


def new_client_id():
    return uuid.uuid4().hex


def render(workshop, fmt, lang="ja"):
    """The workshop as text in one of FORMATS: md and html are the wrap-up report."""
    if fmt == "json":
        return json.dumps(export_json(workshop), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return export_csv(workshop)
    from .. import report  # the report reads the wrap-up, which reads this package's peers

    return (
        report.render_markdown(workshop, lang)
        if fmt == "md"
        else report.render_html(workshop, lang)
    )
