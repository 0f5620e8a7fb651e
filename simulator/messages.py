"""Translated messages for refused actions, shared by HTTP pages and Socket.IO acks."""

from flask_babel import lazy_gettext

from .workshop_labels import FIELDS as DOCUMENT_FIELDS
from .workshop_labels import PHASES

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
    "title": lazy_gettext("Workshop title"),
    "org_name": lazy_gettext("Organisation name"),
    "org_profile": lazy_gettext("Organisation profile"),
    "held_on": lazy_gettext("Date"),
    "team": lazy_gettext("Team name"),
    "members": lazy_gettext("Members"),
    "teams": lazy_gettext("Teams"),
    "headline": lazy_gettext("Headline"),
    "details": lazy_gettext("New facts"),
    "wrapup_comments": lazy_gettext("Comments on the whole workshop (講評)"),
    "team_comments": lazy_gettext("Comments for a team"),
    "lessons": lazy_gettext("Lessons to take home"),
    "criteria": lazy_gettext("own criteria"),
    "criterion": lazy_gettext("Criterion name"),
    "level": lazy_gettext("Level description"),
    "item": lazy_gettext("Improvement item"),
    "item_kind": lazy_gettext("Document to change"),
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
    "bad_bank_id": lazy_gettext("That suggested question is not in this workshop's bank."),
    "bad_reaction": lazy_gettext("Choose one of the reactions offered."),
    "bad_score": lazy_gettext("Score at least one of this workshop's criteria, each 0 to 3."),
    "unknown_flag": lazy_gettext("That red flag does not exist in this conference."),
    "conference_not_ended": lazy_gettext(
        "Tomorrow's headlines are written once the press conference has ended."
    ),
    "wrapup_phase_only": lazy_gettext("The wrap-up Q&A opens in the wrap-up phase."),
    "unknown_item": lazy_gettext("That improvement item does not exist for this team."),
    "bad_weight": lazy_gettext("A criterion's weight is 1, 2 or 3."),
    "rubric_empty": lazy_gettext("Keep at least one criterion in the rubric."),
    "levels_required": lazy_gettext(
        "The criterion “%(criterion)s” needs a description for each level, 0 to 3."
    ),
    "too_many": lazy_gettext("At most %(limit)s %(field)s."),
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
    "slow_questions": lazy_gettext(
        "You have asked many questions in a short time. Try again in %(seconds)s seconds."
    ),
    "slow_votes": lazy_gettext("Too many votes in a short time. Try again in %(seconds)s seconds."),
    "slow_reactions": lazy_gettext(
        "Too many reactions in a short time. Try again in %(seconds)s seconds."
    ),
    "slow_join_codes": lazy_gettext(
        "Too many wrong codes were typed from this network. Try again in %(seconds)s seconds."
    ),
    "slow_joins": lazy_gettext(
        "Too many people joined from this network at once. Try again in %(seconds)s seconds."
    ),
    "slow_logins": lazy_gettext(
        "Too many wrong passwords from this network. Try again in %(seconds)s seconds."
    ),
    "joining_locked": lazy_gettext(
        "The instructor has closed joining for this workshop. Ask the instructor to open it."
    ),
    "reporter_removed": lazy_gettext("The instructor removed you from this workshop."),
    "unknown_reporter": lazy_gettext("That reporter is not in this workshop."),
    "first_password_here": lazy_gettext(
        "Set the first instructor password on the computer that runs Kaiken, or open the "
        "one-time link it printed."
    ),
    "sign_in_first": lazy_gettext("Sign in as the instructor to open that page."),
    "bad_login": lazy_gettext("Wrong name or password."),
    "password_short": lazy_gettext("Choose a password of at least 10 characters."),
    "speaker_line": lazy_gettext(
        "This speaker line has no name: “%(line)s”. Write title / name / role."
    ),
    "too_many_speakers": lazy_gettext("At most %(limit)s speakers."),
    "server_error": lazy_gettext("Something went wrong on the server; nothing was saved."),
    "unknown_document": lazy_gettext("There is no such document."),
    "bad_date": lazy_gettext("%(field)s must be a date such as 2026-11-28."),
    "bad_count": lazy_gettext("%(field)s must be a whole number, such as 5000."),
    "bad_choice": lazy_gettext("Choose %(field)s from the list."),
    "reason_required": lazy_gettext(
        "During the improvement review, say why you change the document (the reason field)."
    ),
    "unknown_version": lazy_gettext("That version does not exist."),
    "already_current": lazy_gettext("That version is already the current one."),
    "bad_phase": lazy_gettext("That phase is not known."),
    "phase_skip": lazy_gettext(
        "The workshop moves one phase at a time; it cannot go to %(phase)s now."
    ),
    "conference_running": lazy_gettext("A press conference is still running: end it first."),
    "no_teams": lazy_gettext("Add at least one team first."),
    "conferences_pending": lazy_gettext(
        "These teams have not finished their press conference yet: %(teams)s."
    ),
    "incident_2_unassigned": lazy_gettext(
        "Choose the second incident for these teams first: %(teams)s."
    ),
    "wrong_phase_for_conference": lazy_gettext(
        "Press conferences open during incident 1 or incident 2, each in its own phase."
    ),
    "no_incident_chosen": lazy_gettext("%(team)s has no incident for this phase yet."),
    "choice_closed": lazy_gettext(
        "The first incident can only be chosen before its press conference opens."
    ),
    "unknown_incident": lazy_gettext("Choose one of the incidents offered."),
    "unknown_factor": lazy_gettext("Choose factors from the list."),
    "assign_closed": lazy_gettext(
        "The second incident is set during the improvement review or incident 2."
    ),
    "bad_parameter": lazy_gettext("Choose a value offered for %(parameter)s."),
    "too_many_teams": lazy_gettext("At most %(limit)s teams."),
    "bad_question": lazy_gettext(
        "Nothing was saved: the question has %(problems)s problem(s), listed below."
    ),
    "bad_scenario": lazy_gettext(
        "Nothing was saved: the scenario has %(problems)s problem(s), listed by field below."
    ),
    "bad_import": lazy_gettext(
        "Nothing was imported: the file has %(problems)s problem(s), listed below with their "
        "place in the file."
    ),
    "import_too_large": lazy_gettext("Nothing was imported: the file is larger than %(limit)s MB."),
    "bad_json": lazy_gettext(
        "Nothing was imported: the file is not valid JSON. Choose a workshop file exported "
        "from Kaiken."
    ),
    "no_import_file": lazy_gettext(
        "Nothing was imported: choose a workshop file (.json) exported from Kaiken."
    ),
}


def message(code, **params):
    """The user's-language text for an error code."""
    template = MESSAGES.get(code, MESSAGES["bad_request"])
    if "field" in params:
        params["field"] = field_name(params["field"])
    if "phase" in params:
        params["phase"] = str(PHASES.get(params["phase"], params["phase"]))
    return str(template) % params if params else str(template)


def shown(code, params):
    """The message for a refusal passed back in a page's address; a code or parameters made up
    by hand read as "not understood" rather than failing the page."""
    try:
        return message(code, **params)
    except (KeyError, ValueError, TypeError):
        return message("bad_request")


def field_name(field):
    """A field's label: a form field of a page, or `kind.field` of a document."""
    if field in FIELDS:
        return str(FIELDS[field])
    return str(DOCUMENT_FIELDS.get(field, field))


def refusal(code, **params):
    """A refused acknowledgement: {"ok": false, "error": code, "message": text}."""
    return {"ok": False, "error": code, "message": message(code, **params)}
