"""The question bank and drawing from it: the lint, placeholders, fit, factors, duplicates."""

import json
import shutil

import pytest
import yaml
from click.testing import CliRunner

from simulator.cli import main
from simulator.config import ROOT
from simulator.content import bank, load
from simulator.domain import drawing, followups, numbers
from simulator.domain.conference import OUTLETS

SCENARIOS = load(ROOT / "scenarios")
BANK = bank.load(ROOT / "question_bank", SCENARIOS)
QUESTIONS = list(BANK.questions.values())
FULL = {
    "ja": {
        "org": "株式会社サンプル",
        "incident": "標的型攻撃事案 2015-05#1",
        "records": "5,000",
        "data_kinds": "氏名・住所",
        "discovered_on": "2026年11月28日",
        "discovered_by": "JPCERT/CC",
        "days_since": "8",
        "speaker": "山田",
        "speaker_title": "代表取締役社長",
    },
    "en": {
        "org": "Sample Ltd",
        "incident": "Targeted attack 2015-05#1",
        "records": "5,000",
        "data_kinds": "names and addresses",
        "discovered_on": "28 November 2026",
        "discovered_by": "JPCERT/CC",
        "days_since": "8",
        "speaker": "Yamada",
        "speaker_title": "President",
    },
}


def profile(incident_id, active=(), fired=(), records=5000, **facts):
    incident = SCENARIOS.incidents[incident_id]
    return drawing.Profile(
        incident_id=incident_id,
        facts={**incident.facts, **facts},
        records=records,
        gaps=frozenset({"logs_overwritten", "no_ids"}),
        active=tuple(active),
        fired=tuple(fired),
        values=FULL,
    )


def lint(*args):
    return CliRunner().invoke(main, ["bank", "lint", *args])


# --- the files ----------------------------------------------------------------------------


def test_shipped_bank_lints_clean_above_every_floor():
    result = lint("--json", "--root", str(ROOT))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert set(summary) >= {"questions", "by_incident", "by_factor", "by_theme", "by_outlet"}
    assert summary["languages"] == ["ja", "en"]
    assert summary["questions"] >= 300
    assert set(summary["by_incident"]) == set(SCENARIOS.incidents)
    assert min(summary["by_incident"].values()) >= 25
    assert set(summary["by_factor"]) == set(SCENARIOS.factors)
    assert min(summary["by_factor"].values()) >= 12
    assert len(summary["by_theme"]) == 13 and min(summary["by_theme"].values()) >= 15
    assert set(summary["by_outlet"]) == set(OUTLETS)
    assert min(summary["by_outlet"].values()) >= 20


@pytest.fixture
def root(tmp_path):
    """A copy of the shipped content to break."""
    shutil.copytree(ROOT / "question_bank", tmp_path / "question_bank")
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    return tmp_path


def edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_bank_under_its_floors_fails_the_lint_and_says_where(root):
    for path in (root / "question_bank").glob("*.yaml"):  # follow-ups would point at gaps
        edit(path, lambda d: [q.update(follow_ups=[]) for q in d["questions"]])
    (root / "question_bank" / "hostile.yaml").unlink()
    edit(root / "question_bank" / "cause.yaml", lambda d: d.update(questions=d["questions"][:5]))
    result = lint("--root", str(root))
    assert result.exit_code == 1
    assert "by_theme hostile: 0 questions, fewer than the 15 needed" in result.output
    assert "by_theme cause: 5 questions" in result.output
    assert "questions, fewer than the 300 needed" in result.output


def test_a_broken_question_is_named_down_to_its_field(root):
    def breaks(data):
        first = data["questions"][0]
        first["text"]["en"] = "What did {company} know?"
        first["follow_ups"] = ["cause_999"]
        data["questions"][1]["incidents"] = ["no_such_incident"]
        del data["questions"][2]["good_answer"]["ja"]

    edit(root / "question_bank" / "cause.yaml", breaks)
    result = lint("--root", str(root))
    assert result.exit_code == 1
    out = result.output
    assert (
        "question_bank/cause.yaml: question cause_001: text.en: unknown placeholder: company" in out
    )
    assert "question cause_001: follow_ups: follow-up 'cause_999'" in out
    assert "question cause_002: incidents: unknown value 'no_such_incident'" in out
    assert "question cause_003: good_answer.ja: missing or empty" in out


def test_every_question_renders_in_both_languages_for_every_incident():
    for incident_id in SCENARIOS.incidents:
        for question in QUESTIONS:
            if not bank.possible_for(question, SCENARIOS.incidents[incident_id]):
                continue
            for lang in ("ja", "en"):
                text = drawing.render(question, profile(incident_id), lang)
                assert text and "{" not in text and "}" not in text, (question.id, lang)
            if "{org}" in question.text["ja"]:
                assert "株式会社サンプル" in drawing.render(question, profile(incident_id), "ja")


def test_a_question_needing_an_unknown_value_is_not_drawn():
    needs_records = next(
        q
        for q in QUESTIONS
        if "{records}" in q.text["en"] and not q.when and not q.factors and "any" in q.incidents
    )
    known = profile("web_exposed")
    unknown = drawing.Profile(
        **{**known.__dict__, "values": {lg: {"org": "X"} for lg in ("ja", "en")}}
    )
    assert drawing.eligible(needs_records, known)
    assert not drawing.eligible(needs_records, unknown)


# --- drawing ------------------------------------------------------------------------------


def drawn(prof, outlet="national_daily", asked=(), seed=1, count=5):
    return drawing.suggest(QUESTIONS, prof, outlet, asked, seed=seed, count=count)


def test_card_data_questions_are_never_suggested_without_card_data():
    for incident_id, incident in SCENARIOS.incidents.items():
        if incident.facts.get("card_data"):
            continue
        for outlet in OUTLETS:
            for seed in range(5):
                for s in drawn(profile(incident_id), outlet, seed=seed, count=40):
                    assert not s.question.when.get("card_data"), (incident_id, s.question.id)
    with_cards = drawn(profile("card_fraud"), count=300)
    assert any(s.question.when.get("card_data") for s in with_cards)


def test_the_report_saying_card_data_opens_card_questions_for_any_incident():
    card_ids = {q.id for q in QUESTIONS if q.when.get("card_data")}
    without = {s.question.id for s in drawn(profile("web_exposed"), count=300)}
    with_cards = {s.question.id for s in drawn(profile("web_exposed", card_data=True), count=300)}
    assert not without & card_ids
    assert with_cards & card_ids


def test_factor_questions_appear_only_when_active_and_rise_when_fired():
    factor_ids = {q.id for q in QUESTIONS if "exec_down" in q.factors}
    calm = drawn(profile("jpcert_apt"), count=300)
    assert not {s.question.id for s in calm} & factor_ids
    assigned = drawn(profile("jpcert_apt", active=["exec_down"]), count=300)
    assert {s.question.id for s in assigned} & factor_ids
    fired = drawn(profile("jpcert_apt", active=["exec_down"], fired=["exec_down"]))
    assert all("exec_down" in s.question.factors for s in fired[:3])

    def rank(suggestions):
        positions = [n for n, s in enumerate(suggestions) if "exec_down" in s.question.factors]
        return sum(positions) / len(positions)

    fired_all = drawn(profile("jpcert_apt", active=["exec_down"], fired=["exec_down"]), count=300)
    assert rank(fired_all) < rank(assigned)


def test_the_newest_breaking_news_rises_above_an_older_one():
    both = ["exec_down", "spreading"]
    first = drawn(profile("web_exposed", active=both, fired=["exec_down", "spreading"]))[0]
    assert "spreading" in first.question.factors
    first = drawn(profile("web_exposed", active=both, fired=["spreading", "exec_down"]))[0]
    assert "exec_down" in first.question.factors


def test_outlets_get_different_questions_that_fit_them():
    prof = profile("web_exposed")
    by_outlet = {outlet: [s.question for s in drawn(prof, outlet)] for outlet in OUTLETS}
    assert len({tuple(q.id for q in qs) for qs in by_outlet.values()}) >= 6
    for outlet, qs in by_outlet.items():
        assert all(q.fits_outlet(outlet) for q in qs[:3]), outlet


def test_suggestions_spread_over_themes():
    for outlet in OUTLETS:
        themes = [s.question.theme for s in drawn(profile("mail_dump"), outlet)]
        assert len(set(themes)) >= 4, (outlet, themes)


def test_an_asked_question_is_not_suggested_again():
    prof = profile("web_exposed")
    first = drawn(prof)[0]
    by_id = drawing.Asked(first.text["en"], first.question.id, first.question.theme)
    assert first.question.id not in {s.question.id for s in drawn(prof, asked=[by_id], count=40)}
    # Typed by hand in the other language, slightly changed: still the same question.
    typed = drawing.Asked(first.text["ja"].replace("教えてください", "説明してください"))
    assert first.question.id not in {s.question.id for s in drawn(prof, asked=[typed], count=40)}


def test_near_duplicates_are_caught_in_both_languages_and_others_are_not():
    a = drawing.shape("How many customers were affected, and when will you notify them?")
    b = drawing.shape("How many customers were affected and when do you notify them")
    c = drawing.shape("Who is carrying out the forensic investigation?")
    assert drawing.similar(a, b) and not drawing.similar(a, c)
    ja1 = drawing.shape("被害に遭った顧客は何人で、いつ通知しますか。")
    ja2 = drawing.shape("被害に遭った顧客は何人ですか。いつ通知しますか")
    ja3 = drawing.shape("調査はどこの会社に依頼していますか。")
    assert drawing.similar(ja1, ja2) and not drawing.similar(ja1, ja3)


def test_ranking_is_stable_for_a_seed():
    prof = profile("spoofed_mail", active=["media_heat"])
    once = [s.question.id for s in drawn(prof, "weekly_magazine", seed=42)]
    again = [s.question.id for s in drawn(prof, "weekly_magazine", seed=42)]
    assert once == again
    others = {
        tuple(s.question.id for s in drawn(prof, "weekly_magazine", seed=n)) for n in range(8)
    }
    assert len(others) > 1


# --- follow-ups ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("約5万件の顧客情報", [50000]),
        ("１，２００人に通知しました", [1200]),
        ("最大で1.2万人", [12000]),
        ("about 1.2 million customers", [1200000]),
        ("5,000 records, on 28 November", [5000]),
        ("2026年11月28日に発覚", []),
    ],
)
def test_counts_are_read_in_japanese_and_english(text, expected):
    assert numbers.counts(text) == expected


def test_an_answer_with_a_different_figure_gets_a_follow_up_naming_both():
    report = {"records": 5000}
    found = followups.needs("漏えい件数は何件ですか", "facts_scope", "約5万件です", report)
    assert found[0] == ("number_differs", {"said": 50000, "stated": 5000})
    assert "50,000" in followups.text(*found[0], "ja") and "5,000" in followups.text(
        *found[0], "ja"
    )
    assert followups.needs("How many?", "facts_scope", "About 5,000 records.", report) == []


def test_an_answer_without_a_date_or_figure_gets_its_follow_up():
    found = followups.needs("いつ通知しますか", "victims_support", "速やかに対応します", {})
    assert [code for code, _ in found] == ["no_date"]
    assert (
        followups.needs("いつ通知しますか", "victims_support", "12月10日までに通知します", {}) == []
    )
    found = followups.needs("How many people were affected?", None, "We are checking.", {})
    assert [code for code, _ in found] == ["no_number"]
