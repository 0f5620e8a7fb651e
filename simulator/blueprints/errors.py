"""Error pages in the user's language; the session is rolled back first."""

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from .. import requestlog
from ..extensions import db

bp = Blueprint("errors", __name__)


def _page(status, text):
    db.session.rollback()
    return render_template("errors/error.html", status=status, text=text), status


@bp.app_errorhandler(CSRFError)
def csrf_error(error):
    requestlog.note(error.description)  # the one log line of the request says why
    return _page(400, _("The form had expired. Go back, reload the page and send it again."))


@bp.app_errorhandler(400)
def bad_request(_error):
    return _page(400, _("The request was not understood."))


@bp.app_errorhandler(403)
def forbidden(_error):
    return _page(403, _("This page is not open to you. Open the link you were given again."))


@bp.app_errorhandler(404)
def not_found(_error):
    return _page(404, _("This page does not exist."))


@bp.app_errorhandler(413)
def too_large(_error):
    return _page(413, _("What you sent is too large (at most 20 MB); nothing was saved."))


@bp.app_errorhandler(500)
def server_error(_error):
    return _page(500, _("Something went wrong on the server; nothing was saved."))
