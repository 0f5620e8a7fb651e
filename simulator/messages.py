"""Translated messages for refused actions, shared by HTTP pages and Socket.IO acks."""

from flask_babel import lazy_gettext

FIELDS = {
    "question": lazy_gettext("Question"),
    "answer": lazy_gettext("Answer"),
    "speaker": lazy_gettext("Speaker"),
    "reason": lazy_gettext("Reason"),
    "comment": lazy_gettext("Comment"),
    "name": lazy_gettext("Display name"),
    "password": lazy_gettext("Password"),
    "report_title": lazy_gettext("Press release title"),
    "report_body": lazy_gettext("Press release text"),
    "recipients": lazy_gettext("Recipients"),
    "agenda_title": lazy_gettext("Conference title"),
    "summary": lazy_gettext("Summary"),
    "speakers": lazy_gettext("Speakers"),
}

MESSAGES = {
    "unauthorized": lazy_gettext("You are not signed in to this workshop. Open your link again."),
    "forbidden": lazy_gettext("Your role cannot do this."),
    "bad_request": lazy_gettext("The request was not understood. Reload the page and try again."),
    "no_conference": lazy_gettext("No press conference is open in this workshop yet."),
    "conference_ended": lazy_gettext("The press conference has ended; its record is read-only."),
    "unknown_question": lazy_gettext("That question does not exist in this conference."),
    "unknown_answer": lazy_gettext("That answer does not exist in this conference."),
    "bad_client_id": lazy_gettext(
        "The request carried no valid id. Reload the page and try again."
    ),
    "required": lazy_gettext("%(field)s must not be empty."),
    "too_long": lazy_gettext("%(field)s is too long: %(length)s characters, at most %(limit)s."),
    "bad_outlet": lazy_gettext("Choose an outlet from the list."),
    "bad_reaction": lazy_gettext("Choose one of the reactions offered."),
    "bad_score": lazy_gettext("Give every criterion a score from 0 to 3."),
    "bad_action": lazy_gettext("That action is not known."),
    "illegal_move": lazy_gettext("This question cannot be changed that way now."),
    "bad_minutes": lazy_gettext("The planned length must be 1 to %(limit)s minutes."),
    "illegal_clock": lazy_gettext("The conference clock cannot do that now."),
    "not_yours": lazy_gettext("You can only withdraw your own questions."),
    "own_question": lazy_gettext("You cannot vote for your own question."),
    "not_votable": lazy_gettext("Only questions waiting or live can be voted for."),
    "no_answer": lazy_gettext("Record the answer first, or skip the question."),
    "not_live": lazy_gettext("Answers can only be recorded for the live question."),
    "bad_join_code": lazy_gettext("No workshop has that code. Check the code on the screen."),
    "bad_link": lazy_gettext("This link is not valid, has expired or was already used."),
    "bad_login": lazy_gettext("Wrong name or password."),
    "password_short": lazy_gettext("Choose a password of at least 10 characters."),
    "speaker_line": lazy_gettext(
        "This speaker line has no name: “%(line)s”. Write title / name / role."
    ),
    "too_many_speakers": lazy_gettext("At most %(limit)s speakers."),
    "server_error": lazy_gettext("Something went wrong on the server; nothing was saved."),
}


def message(code, **params):
    """The user's-language text for an error code."""
    template = MESSAGES.get(code, MESSAGES["bad_request"])
    if "field" in params:
        params["field"] = str(FIELDS.get(params["field"], params["field"]))
    return str(template) % params if params else str(template)


def refusal(code, **params):
    """A refused acknowledgement: {"ok": false, "error": code, "message": text}."""
    return {"ok": False, "error": code, "message": message(code, **params)}
