"""The scenario files: what ships validates, and a broken file is named down to its field."""

import json
import shutil

import pytest
import yaml
from click.testing import CliRunner

from simulator.cli import main
from simulator.config import ROOT
from simulator.content import ContentError, load, localise

SHIPPED = ROOT / "scenarios"


@pytest.fixture
def copy(tmp_path):
    """A copy of the shipped scenarios to break."""
    folder = tmp_path / "scenarios"
    shutil.copytree(SHIPPED, folder)
    return folder


def edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def lint(*args):
    return CliRunner().invoke(main, ["scenarios", "lint", *args])


def test_shipped_scenarios_lint_clean_with_a_summary():
    result = lint("--json", "--folder", str(SHIPPED))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["incidents"] == 8 and summary["factors"] == 5
    assert summary["fact_sheet_items"] >= 20 and summary["stakeholders"] >= 12
    assert summary["languages"] == ["ja", "en"]


def test_the_seed_incidents_carry_their_counts_in_both_languages():
    scenarios = load(SHIPPED)
    assert [i.number for i in scenarios.incidents.values()] == list(range(1, 9))
    exposed = {p.id: p for p in scenarios.incidents["web_exposed"].parameters}
    assert exposed["records"].values == (50, 500, 5000, 50000, 5000000)
    assert exposed["card_data"].type == "flag"
    complaints = {p.id: p for p in scenarios.incidents["spam_unique"].parameters}["complaints"]
    assert complaints.values == (1, 5, 50, 500, 50000)
    assert localise(scenarios.incidents["web_exposed"].source, "ja") == "個人（匿名）"
    assert localise(scenarios.incidents["web_exposed"].received_by, "en") == "PR"


def test_the_factors_say_what_they_change():
    factors = load(SHIPPED).factors
    assert set(factors) == {"exec_down", "spreading", "failed_conf", "media_heat", "unencrypted"}
    spreading = factors["spreading"].effects[0]
    assert (spreading.type, spreading.parameter, spreading.by) == ("multiply_count", "any", 10)
    down = factors["exec_down"].effects[0]
    assert down.type == "speaker_unavailable" and "社長" in down.keywords["ja"]
    assert any(e.type == "set_fact" for e in factors["unencrypted"].effects)


def test_fact_sheet_and_stakeholders_cover_the_guides_tables():
    scenarios = load(SHIPPED)
    sections = [s.id for s in scenarios.fact_sheet.sections]
    assert sections == ["pc", "network", "business_servers", "mail", "public_servers"]
    assert all(
        item.logs["ja"] and item.management["en"] for item in scenarios.fact_sheet.all_items()
    )
    for person in scenarios.stakeholders.everyone():
        assert person.contact["ja"] and person.standby["en"], person.id


def test_a_missing_translation_names_file_item_and_field(copy):
    edit(copy / "factors" / "spreading.yaml", lambda d: d["title"].pop("en"))
    result = lint("--folder", str(copy))
    assert result.exit_code == 1
    assert "scenarios/factors/spreading.yaml: factor spreading: title.en: missing or empty" in (
        result.output
    )


def test_a_count_outside_its_values_is_refused_at_load(copy):
    def bad_default(data):
        data["parameters"][0]["default"] = 42

    edit(copy / "incidents" / "3-web_exposed.yaml", bad_default)
    with pytest.raises(ContentError) as raised:
        load(copy)
    [problem] = raised.value.problems
    assert problem.file.endswith("3-web_exposed.yaml")
    assert (problem.item, problem.field) == ("incident web_exposed parameter 1", "default")


def test_unreadable_yaml_and_a_duplicate_id_are_both_reported(copy):
    (copy / "factors" / "broken.yaml").write_text("kind: factor\nid: [unclosed\n")
    shutil.copy(copy / "incidents" / "3-web_exposed.yaml", copy / "incidents" / "9-again.yaml")
    result = lint("--folder", str(copy))
    assert result.exit_code == 1
    assert "broken.yaml: cannot be read as YAML" in result.output
    assert "incident id 'web_exposed' is used twice" in result.output
