"""The workshop's rules without Flask: phases, document forms and diffs, factor effects."""

import pytest

from simulator.config import ROOT
from simulator.content import load
from simulator.domain import DomainError, incidents, phases
from simulator.domain import documents as docs

SCENARIOS = load(ROOT / "scenarios")


def state(phase, *teams, running=False, org="株式会社サンプル商事"):
    return phases.WorkshopState(phase, org, tuple(teams), running)


def team(name, incidents=(), ended=()):
    return phases.TeamState(name, frozenset(incidents), frozenset(ended))


def refused(workshop, target):
    with pytest.raises(DomainError) as error:
        phases.check_move(workshop, target)
    return error.value


def test_phases_go_forward_one_step_when_ready():
    a, b = team("A", {1}, {1}), team("B", {1}, {1})
    phases.check_move(state("setup", a), "incident_1")
    phases.check_move(state("incident_1", a, b), "review")
    phases.check_move(state("review", team("A", {1, 2}, {1})), "incident_2")
    phases.check_move(state("incident_2", team("A", {1, 2}, {1, 2})), "wrapup")


def test_illegal_moves_say_why():
    assert refused(state("setup", team("A")), "review").code == "phase_skip"
    assert refused(state("setup"), "incident_1").code == "no_teams"
    assert refused(state("setup", team("A"), org=" "), "incident_1").params == {"field": "org_name"}
    pending = refused(state("incident_1", team("A", {1}, {1}), team("B", {1})), "review")
    assert pending.code == "conferences_pending" and pending.params == {"teams": "B"}
    missing = refused(state("review", team("A", {1}, {1})), "incident_2")
    assert missing.code == "incident_2_unassigned" and missing.params == {"teams": "A"}
    assert refused(state("incident_1", team("A"), running=True), "setup").code == (
        "conference_running"
    )
    assert refused(state("wrapup"), "nowhere").code == "bad_phase"


def test_one_step_back_is_allowed_to_correct_a_mistake():
    phases.check_move(state("review", team("A")), "incident_1")


def test_conferences_open_only_in_their_incidents_phase():
    ready = team("A", {1})
    phases.check_open_conference("incident_1", ready, 1)
    with pytest.raises(DomainError) as error:
        phases.check_open_conference("review", ready, 1)
    assert error.value.code == "wrong_phase_for_conference"
    with pytest.raises(DomainError) as error:
        phases.check_open_conference("incident_2", ready, 2)
    assert error.value.code == "no_incident_chosen"


def test_report_form_becomes_typed_content():
    form = {
        "title": "お知らせ",
        "summary": "概要",
        "records": "5,000",
        "card_data": "no",
        "discovered_on": "2026-11-28",
        "timeline.0.time": "10:00",
        "timeline.0.event": "連絡を受けた",
        "timeline.2.event": "ページ停止",
    }
    content = docs.clean(docs.KINDS["report"], form)
    assert content["records"] == 5000 and content["card_data"] is False
    assert content["encrypted"] is None and content["people"] is None
    assert content["timeline"] == [
        {"time": "10:00", "event": "連絡を受けた"},
        {"time": "", "event": "ページ停止"},
    ]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"records": "five"}, "bad_count"),
        ({"discovered_on": "28/11/2026"}, "bad_date"),
        ({"card_data": "maybe"}, "bad_choice"),
        ({"title": ""}, "required"),
        ({"summary": "x" * 4001}, "too_long"),
    ],
)
def test_bad_report_fields_are_named(change, code):
    with pytest.raises(DomainError) as error:
        docs.clean(docs.KINDS["report"], {"title": "t", "summary": "s", **change})
    assert error.value.code == code
    assert error.value.params["field"].startswith("report.")


def test_a_form_shows_saved_rows_and_blank_ones_to_add():
    values = docs.form_values(
        docs.KINDS["agenda"], {"speakers": [{"title": "社長", "name": "山田"}]}
    )
    assert values["speakers.0.name"] == "山田" and values["speakers.1.name"] == ""
    assert values["speakers#rows"] == 1 + docs.BLANK_ROWS


def test_diff_pairs_changed_lines_and_marks_added_ones():
    kind = docs.KINDS["agenda"]
    old = {"title": "会見", "speakers": [{"title": "社長", "name": "山田", "role": "お詫び"}]}
    new = {
        "title": "会見",
        "speakers": [
            {"title": "副社長", "name": "田中", "role": "お詫び"},
            {"title": "CIO", "name": "佐藤", "role": "技術"},
        ],
    }
    fields = {f.field: f for f in docs.diff(kind, old, new)}
    assert not fields["title"].changed and fields["speakers"].changed
    assert fields["speakers"].rows == (
        ("changed", "社長 | 山田 | お詫び", "副社長 | 田中 | お詫び"),
        ("added", None, "CIO | 佐藤 | 技術"),
    )


def test_reason_is_required_only_in_the_review():
    assert phases.reason_required("review") and not phases.reason_required("incident_1")
    with pytest.raises(DomainError):
        docs.clean_reason("  ", required=True)
    assert docs.clean_reason(" 記者の指摘 ", required=True) == "記者の指摘"


def factor_warnings(ids, params, report, agenda):
    factors = [SCENARIOS.factors[i] for i in ids]
    return incidents.factor_warnings(factors, params, report, agenda)


def test_unreachable_executive_cannot_stay_on_the_agenda():
    agenda = {"speakers": [{"title": "代表取締役社長", "name": "山田"}, {"title": "広報部長"}]}
    [warning] = factor_warnings(["exec_down"], {}, {}, agenda)
    assert (warning.document, warning.code) == ("agenda", "speaker_unavailable")
    assert warning.params == {"speaker": "代表取締役社長 山田"}
    fixed = {"speakers": [{"title": "副社長", "name": "田中"}]}
    assert factor_warnings(["exec_down"], {}, {}, fixed) == []


def test_spreading_damage_multiplies_the_count_the_report_must_give():
    [warning] = factor_warnings(["spreading"], {"records": 5000}, {"records": 5000}, {})
    assert warning.code == "count_outdated" and warning.params == {"count": "50,000"}
    assert factor_warnings(["spreading"], {"records": 5000}, {"records": 50000}, {}) == []
    assert factor_warnings(["spreading"], {}, {"records": 10}, {}) == []


def test_unencrypted_data_contradicts_a_report_saying_it_was():
    said = {"encrypted": True, "summary": "データは暗号化されていました"}
    codes = [w.code for w in factor_warnings(["unencrypted"], {}, said, {})]
    assert codes == ["fact_contradicted"]
    silent = [w.code for w in factor_warnings(["unencrypted"], {}, {"summary": "概要"}, {})]
    assert silent == ["must_mention"]


def test_incident_parameters_must_be_values_the_scenario_allows():
    incident = SCENARIOS.incidents["web_exposed"]
    params = incidents.clean_params(incident, {"param.records": "50000", "param.card_data": "yes"})
    assert params == {"records": 50000, "card_data": True}
    with pytest.raises(DomainError):
        incidents.clean_params(incident, {"param.records": "123"})
