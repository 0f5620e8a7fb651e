"""Translated labels of the conference's fixed vocabularies, for pages and their scripts."""

from flask_babel import lazy_gettext as _l

from . import workshop_labels

OUTLETS = {
    "national_daily": _l("National daily"),
    "tv": _l("TV"),
    "business_paper": _l("Business paper"),
    "it_trade": _l("IT trade press"),
    "weekly_magazine": _l("Weekly magazine"),
    "foreign_wire": _l("Foreign wire"),
    "web_media": _l("Web media"),
    "blogger": _l("Blogger"),
}
STATUSES = {
    "submitted": _l("Awaiting moderation"),
    "queued": _l("In the queue"),
    "rejected": _l("Not taken"),
    "live": _l("Live now"),
    "answered": _l("Answered"),
    "skipped": _l("Skipped"),
    "withdrawn": _l("Withdrawn"),
}
REACTIONS = {
    "satisfied": _l("Satisfied"),
    "not_answered": _l("Not answered"),
    "follow_up": _l("Follow-up needed"),
}
CRITERIA = {
    "facts": _l("Facts consistent with the report"),
    "honesty": _l("Honest about what is unknown"),
    "care": _l("Care for those affected"),
    "ownership": _l("Ownership, no blame"),
    "next_steps": _l("Concrete next steps with dates"),
}
CLOCK = {
    "ready": _l("Not started"),
    "running": _l("In progress"),
    "paused": _l("Paused"),
    "ended": _l("Ended"),
}
REJECT_REASONS = (
    _l("Already asked"),
    _l("Off topic for this conference"),
    _l("Please rephrase it as a question"),
)

UI = {
    "sending": _l("Sending…"),
    "sent": _l("Sent"),
    "not_sent": _l("Not sent: no connection. It will be sent when you are back online."),
    "failed": _l("Not sent"),
    "offline": _l("Connection lost. Reconnecting…"),
    "online": _l("Connected"),
    "no_questions": _l("No questions yet."),
    "no_live": _l("No question is live."),
    "votes": _l("votes"),
    "vote": _l("Vote"),
    "unvote": _l("Voted"),
    "withdraw": _l("Withdraw"),
    "follow_up": _l("Ask a follow-up"),
    "reason": _l("Reason"),
    "queue": _l("Queue"),
    "reject": _l("Reject"),
    "live": _l("Put live"),
    "skip": _l("Skip"),
    "close": _l("Close"),
    "score": _l("Score"),
    "score_saved": _l("Score saved"),
    "answer_saved": _l("Answer recorded"),
    "speaker": _l("Speaker"),
    "answer": _l("Answer"),
    "mine": _l("Your question"),
    "reject_prompt": _l("Reason the reporter will see"),
    "follows": _l("Follow-up"),
    "confirm_end": _l("End the press conference? Its record becomes read-only."),
    "no_suggestions": _l("No suggestions right now: write your own question."),
    "ask_as_is": _l("Ask as is"),
    "edit_first": _l("Edit first"),
    "from_bank": _l("Suggested question: edit it as you like."),
}
THEMES = {
    "facts_scope": _l("Facts and scope"),
    "timeline": _l("Timeline and discovery"),
    "cause": _l("Cause"),
    "responsibility": _l("Responsibility"),
    "victims_support": _l("Affected people and support"),
    "compensation": _l("Compensation"),
    "regulators": _l("Regulators and legal duties"),
    "prevention": _l("Prevention"),
    "executive": _l("Executive accountability"),
    "technical": _l("Technical detail"),
    "prior_warnings": _l("Prior warnings"),
    "delay": _l("Why the delay"),
    "hostile": _l("Hostile or trap question"),
}
NEEDS = {
    "no_date": _l("The answer gave no date"),
    "no_number": _l("The answer gave no figure"),
    "number_differs": _l("The figure differs from the report"),
    "bank": _l("A follow-up to that question"),
}


def as_text(mapping):
    return {key: str(value) for key, value in mapping.items()}


def for_scripts():
    """Every label a page script needs, in the current language."""
    return {
        "outlets": as_text(OUTLETS),
        "statuses": as_text(STATUSES),
        "reactions": as_text(REACTIONS),
        "criteria": as_text(CRITERIA),
        "clock": as_text(CLOCK),
        "ui": as_text(UI),
        "themes": as_text(THEMES),
        "needs": as_text(NEEDS),
        "reject_reasons": [str(r) for r in REJECT_REASONS],
        "report_fields": {
            key.split(".", 1)[1]: str(value)
            for key, value in workshop_labels.FIELDS.items()
            if key.startswith("report.")
        },
        "columns": as_text(workshop_labels.COLUMNS),
        "yesno": as_text(workshop_labels.YESNO),
        "breaking": str(_l("Breaking news")),
        "running_order": str(_l("Running order")),
    }
