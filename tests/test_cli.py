"""The kaiken command as `make run` uses it: upgrade, demo (once), help."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from simulator.cli import main


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("KAIKEN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("KAIKEN_SECRET_KEY", "cli-test-secret")
    monkeypatch.setenv("KAIKEN_PUBLIC_URL", "http://192.0.2.10:5000")
    return tmp_path


def test_upgrade_then_demo_prints_every_link_once(env):
    runner = CliRunner()
    upgraded = runner.invoke(main, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    first = runner.invoke(main, ["demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    out = first.output
    assert "http://192.0.2.10:5000/instructor/link/" in out
    assert "http://192.0.2.10:5000/screen/" in out
    assert out.count("http://192.0.2.10:5000/team/") == 3
    assert "http://192.0.2.10:5000/j/" in out and "█" in out
    second = runner.invoke(main, ["demo", "--if-empty"])
    assert second.exit_code == 0 and "was not created again" in second.output
    assert (env / "cli.db").exists()


@pytest.mark.parametrize(
    "args", [[], ["serve"], ["demo"], ["db", "upgrade"], ["scenarios"], ["scenarios", "lint"]]
)
def test_help(args):
    result = subprocess.run(
        [sys.executable, "-m", "simulator.cli", *args, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "Usage:" in result.stdout
