"""Documents with their history: every saved change is a new version with author and reason."""

import functools

from sqlalchemy import bindparam, func, select

from ..domain import DomainError
from ..domain import documents as rules
from ..extensions import db, read
from ..models import Document, DocumentVersion

REPORT, AGENDA = "report", "agenda"


def _which(workshop_id, team_id, kind_id, incident_no):
    """The clauses that pick one document: the team's, or the workshop's when `team_id` is None."""
    kind = rules.kind_or_error(kind_id)
    team_clause = Document.team_id.is_(None) if team_id is None else Document.team_id == team_id
    return (
        Document.workshop_id == workshop_id,
        team_clause,
        Document.kind == kind.id,
        Document.incident_no == rules.incident_no_for(kind, incident_no),
    )


def find(workshop_id, team_id, kind_id, incident_no=1):
    """The document (team's, or the workshop's when `team_id` is None), or None."""
    return db.session.scalar(
        select(Document).where(*_which(workshop_id, team_id, kind_id, incident_no))
    )


def newest_version_id(workshop_id):
    """A select of the workshop's newest document version id: any document saved since (a
    report, an agenda, the fact sheet) changes it. What is kept from documents keys on it."""
    return (
        select(func.max(DocumentVersion.id))
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(Document.workshop_id == workshop_id)
    )


@functools.cache
def _newest_version_query():
    return newest_version_id(bindparam("workshop_id"))


def newest_version(workshop_id):
    """The workshop's newest document version id (None before any is saved)."""
    return read(_newest_version_query(), {"workshop_id": workshop_id}).scalar()


def newest(document):
    return document.versions[-1] if document is not None and document.versions else None


def content(workshop_id, team_id, kind_id, incident_no=1):
    """The newest content of a document, or an empty dict when nothing is saved yet.
    One query, however many versions the document has."""
    saved = db.session.scalar(
        select(DocumentVersion.content)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(*_which(workshop_id, team_id, kind_id, incident_no))
        .order_by(DocumentVersion.number.desc())
        .limit(1)
    )
    return dict(saved) if saved else {}


def save(
    workshop_id,
    team_id,
    kind_id,
    new_content,
    *,
    incident_no=1,
    author="",
    reason="",
    require_reason=False,
):
    """Keep `new_content` as a new version; None when it equals the newest (nothing to keep)."""
    kind = rules.kind_or_error(kind_id)
    document = find(workshop_id, team_id, kind.id, incident_no)
    if document is None:
        document = Document(
            workshop_id=workshop_id,
            team_id=team_id,
            kind=kind.id,
            incident_no=rules.incident_no_for(kind, incident_no),
        )
        db.session.add(document)
        db.session.flush()
    elif newest(document) is not None and newest(document).content == new_content:
        return None
    reason = rules.clean_reason(reason, require_reason)
    version = DocumentVersion(
        document=document,
        number=len(document.versions) + 1,
        content=new_content,
        reason=reason,
        author=(author or "").strip()[: rules.LIMITS["author"]],
    )
    db.session.add(version)
    db.session.flush()
    return version


def history(document):
    """Every version, newest first."""
    return list(reversed(document.versions)) if document is not None else []


def version(document, number):
    found = next((v for v in (document.versions if document else []) if v.number == number), None)
    if found is None:
        raise DomainError("unknown_version")
    return found


def restore(document, number, *, author, reason, require_reason=False):
    """Bring back an old version's content as a new version; history is never rewritten."""
    old = version(document, number)
    kept = save(
        document.workshop_id,
        document.team_id,
        document.kind,
        dict(old.content),
        incident_no=document.incident_no,
        author=author,
        reason=reason,
        require_reason=require_reason,
    )
    if kept is None:
        raise DomainError("already_current")
    return kept


def compare(document, older, newer):
    """The side-by-side diff of two versions of the document."""
    kind = rules.KINDS[document.kind]
    return rules.diff(kind, version(document, older).content, version(document, newer).content)
