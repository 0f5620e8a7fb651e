"""Domain rules, tested without Flask: the question pipeline, the clock, inputs."""

from datetime import datetime, timedelta

import pytest

from simulator.domain import DomainError
from simulator.domain import conference as rules


@pytest.mark.parametrize(
    ("action", "status", "target"),
    [
        ("queue", "submitted", "queued"),
        ("reject", "queued", "rejected"),
        ("live", "queued", "live"),
        ("live", "submitted", "live"),
        ("skip", "live", "skipped"),
        ("close", "live", "answered"),
        ("queue", "rejected", "queued"),
    ],
)
def test_allowed_moves(action, status, target):
    assert rules.moderation_target(action, status) == target


@pytest.mark.parametrize(
    ("action", "status"),
    [("live", "answered"), ("reject", "live"), ("skip", "queued"), ("queue", "withdrawn")],
)
def test_illegal_moves_raise(action, status):
    with pytest.raises(DomainError) as caught:
        rules.moderation_target(action, status)
    assert caught.value.code == "illegal_move"


def test_unknown_action():
    with pytest.raises(DomainError) as caught:
        rules.moderation_target("delete", "queued")
    assert caught.value.code == "bad_action"


def test_clock_moves_and_elapsed_time():
    assert rules.clock_target("start", "ready") == "running"
    assert rules.clock_target("end", "paused") == "ended"
    with pytest.raises(DomainError):
        rules.clock_target("start", "ended")
    now = datetime(2026, 12, 6, 10, 0, 0)
    assert rules.elapsed_seconds(30.0, now - timedelta(seconds=15), now) == 45.0
    assert rules.elapsed_seconds(30.0, None, now) == 30.0


def test_text_limits_name_the_field():
    assert rules.clean_text("  質問  ", 10, "question") == "質問"
    with pytest.raises(DomainError) as caught:
        rules.clean_text("x" * 11, 10, "question")
    assert caught.value.params == {"field": "question", "limit": 10, "length": 11}
    for value in ("", "   ", None, 5):
        with pytest.raises(DomainError):
            rules.clean_text(value, 10, "question")


def test_client_ids():
    assert rules.clean_client_id("a1b2c3d4-e5f6") == "a1b2c3d4-e5f6"
    for bad in ("short", "x" * 65, "has space here", None, 12345678, "ｆｕｌｌｗｉｄｔｈ"):
        with pytest.raises(DomainError):
            rules.clean_client_id(bad)
