"""Team documents with their versions: each save is a new version with its reason."""

from sqlalchemy import select

from ..extensions import db
from ..models import Document, DocumentVersion

REPORT, AGENDA = "report", "agenda"


def latest(team_id, kind, incident_no=1):
    """The newest content of a team's document, or an empty dict when it has none."""
    version = db.session.scalar(
        select(DocumentVersion)
        .join(Document)
        .where(
            Document.team_id == team_id,
            Document.kind == kind,
            Document.incident_no == incident_no,
        )
        .order_by(DocumentVersion.number.desc())
        .limit(1)
    )
    return dict(version.content) if version else {}


def save(team_id, kind, content, reason="", incident_no=1):
    """Keep a new version of the document; the earlier ones stay as history."""
    document = db.session.scalar(
        select(Document).where(
            Document.team_id == team_id,
            Document.kind == kind,
            Document.incident_no == incident_no,
        )
    )
    if document is None:
        document = Document(team_id=team_id, kind=kind, incident_no=incident_no)
        db.session.add(document)
        db.session.flush()
    number = len(document.versions) + 1
    version = DocumentVersion(document=document, number=number, content=content, reason=reason)
    db.session.add(version)
    db.session.flush()
    return version


def history(team_id, kind, incident_no=1):
    """Every version of a team's document, newest first."""
    return db.session.scalars(
        select(DocumentVersion)
        .join(Document)
        .where(
            Document.team_id == team_id,
            Document.kind == kind,
            Document.incident_no == incident_no,
        )
        .order_by(DocumentVersion.number.desc())
    ).all()
