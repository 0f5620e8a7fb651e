"""`make bench` in miniature: its quick mode, one scenario, against a real `kaiken serve`."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_quick_conference_delivers_everything_once(tmp_path):
    pytest.importorskip("aiohttp", reason="the benchmark's client needs `pip install -e .[bench]`")
    if shutil.which("taskset") is None:
        pytest.skip("taskset is missing: the benchmark pins server and clients with it")
    output = tmp_path / "latest.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--quick",
            "--scenario",
            "reporters-100",
            "--clients",
            "12",
            "--output",
            str(output),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    (line,) = run.stdout.splitlines()
    result = json.loads(line)
    assert result["scenario"] == "reporters-100"
    assert result["clients"] == 12
    assert result["expected"] > 0
    assert result["delivered"] == result["expected"]
    assert result["duplicates"] == 0
    assert result["baseline_delivered"] == result["baseline_expected"]
    for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms", "rss_mb", "cpu_s", "baseline_p99_ms"):
        assert result[key] >= 0, key
    saved = json.loads(output.read_text())
    assert saved["results"] == [result]
