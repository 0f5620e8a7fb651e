"""The team's press release and agenda as typed in the console form, checked before saving."""

from ..domain import DomainError
from ..domain.conference import clean_text

LIMITS = {"title": 200, "body": 8000, "recipients": 200, "summary": 2000, "reason": 500}
MAX_SPEAKERS = 8


def parse_speakers(text):
    """One speaker a line: 'title / name / role'; title and role may be left out."""
    speakers = []
    for line in (text or "").splitlines():
        parts = [part.strip() for part in line.split("/")]
        if not any(parts):
            continue
        if len(parts) == 1:
            parts = ["", parts[0]]
        title, name, role = parts[0], parts[1], " / ".join(parts[2:])
        if not name:
            raise DomainError("speaker_line", line=line.strip())
        speakers.append({"title": title, "name": name, "role": role})
    if not speakers:
        raise DomainError("required", field="speakers")
    if len(speakers) > MAX_SPEAKERS:
        raise DomainError("too_many_speakers", limit=MAX_SPEAKERS)
    return speakers


def speakers_text(speakers):
    return "\n".join(" / ".join([s["title"], s["name"], s["role"]]) for s in speakers)


def clean_documents(form):
    """(report, agenda, reason) from the console form; DomainError names what is wrong."""
    report = {
        "title": clean_text(form.get("report_title"), LIMITS["title"], "report_title"),
        "body": clean_text(form.get("report_body"), LIMITS["body"], "report_body"),
    }
    agenda = {
        "recipients": clean_text(form.get("recipients"), LIMITS["recipients"], "recipients"),
        "title": clean_text(form.get("agenda_title"), LIMITS["title"], "agenda_title"),
        "summary": clean_text(form.get("summary"), LIMITS["summary"], "summary"),
        "speakers": parse_speakers(form.get("speakers")),
    }
    reason = (form.get("reason") or "").strip()
    if len(reason) > LIMITS["reason"]:
        raise DomainError("too_long", field="reason", limit=LIMITS["reason"], length=len(reason))
    return report, agenda, reason
