"""Translated labels of the conference's fixed vocabularies, for pages and their scripts."""

import re

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
    "removed": _l("Removed with its reporter"),
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
    "next_steps": _l("Concrete support and prevention with dates"),
    "legal": _l("Correct legal duties"),
    "delivery": _l("Delivery: conclusion first, plain words, the right speaker"),
}
# What each level of a shipped criterion looks like, 0 to 3.
LEVELS = {
    "facts": (
        _l("Contradicts the report or an earlier answer, or claims what nobody can know yet."),
        _l("Vague: figures or dates the report has are missing."),
        _l("Figures and dates match the report."),
        _l("Matches the report, says what is confirmed and what is estimated, and as of when."),
    ),
    "honesty": (
        _l("Refuses without a reason, or presents a guess as fact."),
        _l("Only says it is under investigation."),
        _l("Says what is not known yet and why."),
        _l("Says what is unknown, what is being done to find out, and when the next update comes."),
    ),
    "care": (
        _l("No apology, a conditional one, or self-pity."),
        _l("A set-phrase apology that names no one."),
        _l("A clear apology to the people affected, owning the organisation's fault."),
        _l("Names the concrete harm and worry of those affected and puts them first."),
    ),
    "ownership": (
        _l("Blames a vendor, staff, users or the attackers, or attacks the press."),
        _l("Passive voice; steps around the question of responsibility."),
        _l("Accepts the organisation's responsibility."),
        _l(
            "Accepts responsibility including the supervision of vendors and management's role, "
            "and says how accountability will be decided."
        ),
    ),
    "next_steps": (
        _l("Nothing for those affected, no measures."),
        _l("Generic: 'contact us', 'we will strengthen security'."),
        _l("Concrete support (hotline, notices) or concrete measures."),
        _l("Concrete support and measures, each with an owner and a date."),
    ),
    "legal": (
        _l("Denies a duty the facts create, or gives a wrong deadline."),
        _l("Says the authorities will be told, without which or when."),
        _l("Names the right authorities and where each report stands."),
        _l(
            "Right authorities, right deadlines counted from discovery (preliminary and final "
            "report, card companies, police), and what has been sent."
        ),
    ),
    "delivery": (
        _l("Hostile, evasive or rambling, or the wrong person answers."),
        _l("Answers, but the point is buried."),
        _l("Conclusion first, in plain words, calmly."),
        _l(
            "Conclusion first and short, jargon explained, hypotheticals brought back to facts, "
            "answered by the person whose role it is."
        ),
    ),
}
SEVERITIES = {"critical": _l("Critical"), "major": _l("Major"), "minor": _l("Minor")}
# Each red flag: what it is (with the figures found) and why it matters in front of the press.
FLAGS = {
    "refusal": (
        _l("Refusal without a reason or a time"),
        _l("'No comment' reads as hiding. Say why you cannot answer yet and when you will."),
    ),
    "speculation": (
        _l("Speculation"),
        _l("A guess said on camera becomes tomorrow's fact, and a correction later costs trust."),
    ),
    "attribution": (
        _l("Names an attacker without evidence"),
        _l("Naming a country or group before the investigation shows it invites a correction."),
    ),
    "minimising": (
        _l("Minimising the damage"),
        _l("Those affected decide how serious it is; playing it down reads as not caring."),
    ),
    "blame": (
        _l("Blaming others"),
        _l("Blaming a vendor, staff or customers makes the story about evasion, not the fix."),
    ),
    "absolute": (
        _l("Absolute guarantee"),
        _l("Nobody can promise it will never happen again; the next incident will quote it."),
    ),
    "self_pity": (
        _l("Self-pity"),
        _l("Speaking of your own hardship puts the organisation before those it harmed."),
    ),
    "hostility": (
        _l("Hostility to reporters"),
        _l("Attacking the question becomes the headline, whatever else was said."),
    ),
    "conditional_apology": (
        _l("Conditional apology"),
        _l("'If anyone was inconvenienced' doubts that harm was done: apologise without 'if'."),
    ),
    "weak_apology": (
        _l("Regret without an apology"),
        _l("'Regrettable' describes the event; it does not apologise to anyone."),
    ),
    "cover_up": (
        _l("Sounds like a cover-up"),
        _l("Any hint of keeping it quiet turns a breach story into a cover-up story."),
    ),
    "session_control": (
        _l("Cutting questions short"),
        _l("Limiting questions or the time looks like running away from them."),
    ),
    "count_contradicts": (
        _l("Figure differs from the report (report: %(stated)s)"),
        _l("Two figures from one organisation: reporters will ask which one is true."),
    ),
    "count_changes": (
        _l("Figure differs from an earlier answer (before: %(before)s)"),
        _l("A figure that changes during the conference undermines every other figure."),
    ),
    "date_contradicts": (
        _l("Date differs from the report (report: %(stated)s)"),
        _l("A discovery date that moves raises the question of what else moved."),
    ),
    "denies_card_data": (
        _l("Denies card data the report states"),
        _l("Denying what your own report says is the fastest way to lose the room."),
    ),
    "denies_encrypted": (
        _l("Claims encryption that was not there"),
        _l("The data was not encrypted: claiming otherwise will be found out."),
    ),
    "denies_leak": (
        _l("Denies a leak the report confirms"),
        _l("The report confirms people were affected; denying it contradicts your own words."),
    ),
    "premature_all_clear": (
        _l("All-clear while damage is spreading"),
        _l("Declaring it over while it spreads will be disproved within hours."),
    ),
    "legal_duty_denied": (
        _l("Denies a legal duty to report"),
        _l("On these facts a report to the regulator is required; denying it is a second breach."),
    ),
    "legal_deadline_wrong": (
        _l("Wrong legal deadline (final report: %(days)s days)"),
        _l("A wrong deadline tells regulators and reporters you do not know your duties."),
    ),
    "preliminary_overdue": (
        _l("Preliminary report still to come (%(days)s days after discovery)"),
        _l(
            "The regulator expects the preliminary report within days of discovery; saying it "
            "is still to come admits the duty was missed."
        ),
    ),
    "wrong_speaker": (
        _l("Not the speaker for this question"),
        _l("Accountability is the top executive's, technical detail the technical lead's."),
    ),
}
VERDICTS = {
    "strong": _l("Strong answer"),
    "mixed": _l("Mixed answer"),
    "weak": _l("Weak answer"),
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
    "no_answers": _l("No answers yet."),
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
    "dismiss_flag": _l("Dismiss"),
    "wrapup_qa": _l("Wrap-up Q&A"),
    "restore_flag": _l("Restore"),
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
        "verdicts": as_text(VERDICTS),
        "severities": as_text(SEVERITIES),
        "flags": {code: [str(title), str(why)] for code, (title, why) in FLAGS.items()},
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


def rubric_view(criteria):
    """The workshop's criteria as pages show them: name, weight and four level descriptors."""
    return [
        {
            "id": c.id,
            "name": c.name or str(CRITERIA.get(c.id, c.id)),
            "weight": c.weight,
            "levels": list(c.levels) if c.levels else [str(t) for t in LEVELS.get(c.id, ())],
        }
        for c in criteria
    ]


def flag_text(code, params):
    """A flag's title, with its figures filled in, and why it matters."""
    title, why = FLAGS.get(code, (code, ""))
    if not params:  # a list of kinds of flag: the title without its figures
        return re.sub(r"\s*[(（][^()（）]*%\(\w+\)s[^()（）]*[)）]", "", str(title)), str(why)
    shown = {k: f"{v:,}" if isinstance(v, int) else v for k, v in params.items()}
    try:
        return str(title) % shown if "%(" in str(title) else str(title), str(why)
    except (KeyError, TypeError):
        return str(title), str(why)


def criteria_names(stored):
    """Every criterion's name a saved score may use: the shipped ones and the workshop's own
    (switched off ones too, as scores given before stay readable)."""
    names = as_text(CRITERIA)
    for row in stored or []:
        if row.get("name"):
            names[row["id"]] = row["name"]
    return names
