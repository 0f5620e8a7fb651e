"""The pages of one document, shared by the team console and the instructor: edit with its
history, compare two versions side by side, restore one, and a read-only view that prints."""

from dataclasses import dataclass

from flask import abort, make_response, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ..content.scenarios import localise
from ..domain import DomainError, phases
from ..domain import documents as rules
from ..extensions import db
from ..messages import message
from ..services import content, documents, review, workflow


@dataclass
class Page:
    """Which document a request is about, and who is looking at it."""

    workshop: object
    team: object  # None for the workshop's fact sheet and stakeholder list
    kind: rules.Kind
    number: int
    endpoint: str  # blueprint prefix of the edit/diff/restore/view routes
    default_author: str
    back: str

    def url(self, action, **args):
        return url_for(
            f"{self.endpoint}_{action}",
            workshop_id=self.workshop.id,
            kind=self.kind.id,
            n=self.number,
            **self.route_args(),
            **args,
        )

    def route_args(self):
        if self.endpoint.startswith("setup."):
            return {"team_id": self.team.id if self.team is not None else 0}
        return {}

    @property
    def document(self):
        return documents.find(self.workshop.id, self.team_id, self.kind.id, self.number)

    @property
    def team_id(self):
        return self.team.id if self.team is not None else None


def lang():
    return str(get_locale() or "ja")


def entries(page):
    """For the fact sheet and stakeholders: the rows the scenario defines, with headings."""
    scenarios = content.shipped()
    if page.kind.id == "fact_sheet":
        return [
            {
                "id": item.id,
                "heading": localise(item.name, lang()),
                "group": localise(section.title, lang()),
                "note": "○" if item.mark == "core" else "△",
            }
            for section in scenarios.fact_sheet.sections
            for item in section.items
        ]
    if page.kind.id == "stakeholders":
        people = [("internal", p) for p in scenarios.stakeholders.internal]
        people += [("external", p) for p in scenarios.stakeholders.external]
        return [
            {
                "id": person.id,
                "heading": localise(person.name, lang()),
                "group": _("Internal") if side == "internal" else _("External"),
                "note": localise(person.role, lang()),
            }
            for side, person in people
        ]
    return []


def parse_number(kind):
    raw = request.args.get("n", "1")
    number = int(raw) if raw in ("1", "2") else 1
    return rules.incident_no_for(kind, number)


def author_name(page):
    name = (request.form.get("author") or "").strip()
    if name:
        session["author_name"] = name[: rules.LIMITS["author"]]
    return name or page.default_author


def improvement_item(page):
    """The open improvement item this edit carries out (?item=), or None."""
    item_id = request.args.get("item", type=int)
    if item_id is None or page.team is None and page.endpoint.startswith("team."):
        return None
    team_id = page.team.id if page.team is not None else request.args.get("for", type=int)
    try:
        item = review.get_item(team_id, item_id)
    except DomainError:
        return None
    if item.workshop_id != page.workshop.id or item.kind != page.kind.id or item.done_at:
        return None  # another workshop's item, or not this document's
    return item


def edit(page):
    """GET: the form with the newest content; POST: keep the change as a new version, which
    completes the improvement item it was made for."""
    document = page.document
    current = documents.newest(document)
    values = rules.form_values(page.kind, current.content if current else {})
    error, status, notice = None, 200, None
    item = improvement_item(page)
    if item is not None:
        values.setdefault("reason", item.text[: rules.LIMITS["reason"]])
    if request.method == "POST":
        values.update(request.form.to_dict())
        try:
            new = rules.clean(page.kind, request.form, [e["id"] for e in entries(page)])
            kept = documents.save(
                page.workshop.id,
                page.team_id,
                page.kind.id,
                new,
                incident_no=page.number,
                author=author_name(page),
                reason=request.form.get("reason"),
                # a change made for an improvement item always says why
                require_reason=item is not None or phases.reason_required(page.workshop.phase),
            )
            if kept is not None and item is not None:
                review.complete(item, kept)
        except DomainError as refused:
            db.session.rollback()
            error, status = message(refused.code, **refused.params), 400
        else:
            db.session.commit()
            if kept is None:
                notice = _("Nothing changed, so no new version was kept.")
            elif item is not None:  # back to the review, where the item now shows as done
                review_url = url_for(
                    "review.team_review", workshop_id=page.workshop.id, team_id=item.team_id
                )
                return redirect(review_url + "#items")
            else:
                return redirect(page.url("edit", saved=kept.number))
    if request.args.get("saved"):
        notice = _("Saved as version %(n)s.", n=request.args["saved"])
    html = render_template(
        "documents/edit.html",
        page=page,
        workshop=page.workshop,
        values=values,
        rows=_row_counts(page.kind, values),
        entries=entries(page),
        history=documents.history(page.document),
        warnings=_warnings(page),
        reason_required=item is not None or phases.reason_required(page.workshop.phase),
        author=session.get("author_name", ""),
        item=item,
        error=error,
        notice=notice,
    )
    return make_response(html, status)


def _row_counts(kind, values):
    return {f.id: values.get(f"{f.id}#rows", rules.BLANK_ROWS) for f in kind.fields}


def _warnings(page):
    if page.team is None or page.kind.id not in rules.PUBLIC_KINDS:
        return []
    found = workflow.warnings(page.workshop, page.team, page.number, lang())
    return [w for w in found if w.document == page.kind.id]


def compare(page):
    document = page.document
    if document is None:
        abort(404)
    newest = len(document.versions)
    newer = request.args.get("b", type=int) or newest
    older = request.args.get("a", type=int) or max(newer - 1, 1)
    try:
        fields = documents.compare(document, older, newer)
        versions = documents.version(document, older), documents.version(document, newer)
    except DomainError:
        abort(404)
    return render_template(
        "documents/diff.html",
        page=page,
        workshop=page.workshop,
        fields=fields,
        older=versions[0],
        newer=versions[1],
        history=documents.history(document),
        entries={e["id"]: e["heading"] for e in entries(page)},
    )


def restore(page):
    document = page.document
    if document is None:
        abort(404)
    try:
        kept = documents.restore(
            document,
            request.form.get("version", type=int) or 0,
            author=author_name(page),
            reason=request.form.get("reason")
            or _("Restored version %(n)s", n=request.form.get("version", "")),
            require_reason=phases.reason_required(page.workshop.phase),
        )
    except DomainError as refused:
        db.session.rollback()
        error = message(refused.code, **refused.params)
        return make_response(render_template("errors/error.html", status=400, text=error), 400)
    db.session.commit()
    return redirect(page.url("edit", saved=kept.number))


def view(page):
    """The document read-only, laid out for A4 paper."""
    document = page.document
    number = request.args.get("v", type=int)
    try:
        shown = documents.version(document, number) if number else documents.newest(document)
    except DomainError:
        abort(404)
    return render_template(
        "documents/view.html",
        page=page,
        workshop=page.workshop,
        version=shown,
        content=shown.content if shown else {},
        entries=entries(page),
    )
