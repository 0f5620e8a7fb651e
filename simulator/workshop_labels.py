"""Translated labels of the workshop: phases, what each role does in them, documents, fields."""

from flask_babel import lazy_gettext as _l

PHASES = {
    "setup": _l("Set-up"),
    "incident_1": _l("Incident 1"),
    "review": _l("Improvement review"),
    "incident_2": _l("Incident 2"),
    "wrapup": _l("Wrap-up"),
}

# What each role is expected to do now, by phase.
EXPECTED = {
    "setup": {
        "instructor": _l(
            "Set the organisation, teams and members, the fact sheet and the stakeholders; "
            "then start incident 1."
        ),
        "team": _l("Write your incident response policy and read the fact sheet."),
        "reporter": _l("The workshop is being set up. Questions open at the press conferences."),
        "screen": _l("The workshop is being set up."),
    },
    "incident_1": {
        "instructor": _l("Teams choose and handle their incident; open each team's conference."),
        "team": _l(
            "Choose your incident, then fill the initial response sheet, the response table, "
            "the incident report and the agenda before your press conference."
        ),
        "reporter": _l("Read the published report and ask your questions during the conference."),
        "screen": _l("Incident 1: press conferences."),
    },
    "review": {
        "instructor": _l("Teams review their documents; set incident 2 and its factors."),
        "team": _l("Improve your documents after the conference. Each change needs a reason."),
        "reporter": _l("Teams are reviewing what went well and what did not."),
        "screen": _l("Improvement review."),
    },
    "incident_2": {
        "instructor": _l("Open each team's second conference; fire factors live if you wish."),
        "team": _l(
            "Handle your second incident. Resolve every warning the aggravating factors raise."
        ),
        "reporter": _l("Second incident: watch for breaking news and ask about it."),
        "screen": _l("Incident 2: press conferences."),
    },
    "wrapup": {
        "instructor": _l("Go over the records of every conference with the teams."),
        "team": _l("Look back at your documents and both conferences."),
        "reporter": _l("The workshop is wrapping up. Thank you for your questions."),
        "screen": _l("Wrap-up."),
    },
}

DOCUMENTS = {
    "policy": _l("Incident response policy"),
    "initial_response": _l("Initial response sheet"),
    "response_table": _l("Incident response table"),
    "report": _l("Incident report"),
    "agenda": _l("Press agenda"),
    "fact_sheet": _l("IT environment fact sheet"),
    "stakeholders": _l("Stakeholder list"),
}

FIELDS = {
    "policy.principles": _l("Basic principles"),
    "policy.severity_levels": _l("Severity levels and their criteria"),
    "policy.authority": _l("Who decides what (delegated authority)"),
    "policy.disclosure": _l("When and how we disclose"),
    "policy.escalation": _l("Escalation and reporting lines"),
    "initial_response.name": _l("Incident name (e.g. 標的型攻撃事案 2015-05#1)"),
    "initial_response.severity": _l("Severity"),
    "initial_response.rationale": _l("Why this severity"),
    "initial_response.timeline": _l("Actions by time band"),
    "response_table.actions": _l("Actions"),
    "report.title": _l("Title"),
    "report.summary": _l("Summary"),
    "report.discovered_on": _l("Discovered on"),
    "report.discovered_by": _l("Discovered by"),
    "report.discovery": _l("How it was discovered"),
    "report.timeline": _l("Timeline"),
    "report.records": _l("Records affected"),
    "report.people": _l("People affected"),
    "report.data_kinds": _l("Kinds of data"),
    "report.card_data": _l("Card data involved"),
    "report.encrypted": _l("Data was encrypted"),
    "report.cause": _l("Cause"),
    "report.actions": _l("Actions taken"),
    "report.support": _l("Support for those affected"),
    "report.prevention": _l("Prevention"),
    "report.contact": _l("Contact for enquiries"),
    "report.next_update": _l("Next update"),
    "agenda.recipients": _l("Recipients"),
    "agenda.title": _l("Conference title"),
    "agenda.summary": _l("Summary"),
    "agenda.speakers": _l("Speakers"),
    "agenda.running_order": _l("Running order"),
    "fact_sheet.items": _l("Items"),
    "stakeholders.people": _l("Stakeholders"),
}

COLUMNS = {
    "band": _l("Time band"),
    "actions": _l("Actions"),
    "action": _l("Action"),
    "owner": _l("Owner"),
    "decision_maker": _l("Decision-maker"),
    "policy_basis": _l("Basis in the policy"),
    "considerations": _l("Considerations"),
    "contact": _l("Who to contact"),
    "when": _l("When"),
    "time": _l("Time"),
    "event": _l("What happened"),
    "title": _l("Title"),
    "name": _l("Name"),
    "role": _l("Role"),
    "item": _l("Item"),
    "management": _l("Management status"),
    "logs": _l("Logs"),
    "standby": _l("When unreachable"),
    "played_by": _l("Played by"),
}

SEVERITIES = {
    "critical": _l("Critical"),
    "high": _l("High"),
    "medium": _l("Medium"),
    "low": _l("Low"),
}

YESNO = {"yes": _l("Yes"), "no": _l("No")}

WARNINGS = {
    "speaker_unavailable": _l(
        "%(speaker)s cannot speak: this factor makes them unavailable. Change the speakers."
    ),
    "count_outdated": _l("The affected count is now %(count)s; the report still gives fewer."),
    "fact_contradicted": _l("The report contradicts the new facts: check “%(fact)s”."),
    "must_mention": _l("%(message)s"),
}

DIFF_TAGS = {
    "same": "",
    "changed": _l("changed"),
    "removed": _l("removed"),
    "added": _l("added"),
}


def field_label(kind_id, field_id):
    return FIELDS.get(f"{kind_id}.{field_id}", field_id)


def warning_text(warning):
    params = dict(warning.params)
    if "fact" in params:
        params["fact"] = str(FIELDS.get(f"report.{params['fact']}", params["fact"]))
    return str(WARNINGS[warning.code]) % params
