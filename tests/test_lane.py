"""The background lane: a phone's suggestions wait for a broadcast's writers, never for long."""

import threading

from simulator.realtime.lane import Lane


class Writers:
    """Stands where the hub's queue of woken writers is: tasks the lane starts run when the
    test says the frames are written."""

    def __init__(self):
        self.tasks = []

    def start(self, task):
        self.tasks.append(task)

    def written(self):
        while self.tasks:
            self.tasks.pop(0)()


def in_lane(lane, done, name):
    def run():
        with lane.turn():
            done.append(name)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_request_waits_until_the_broadcast_sent_before_it_is_written():
    writers, done = Writers(), []
    lane = Lane(limit=30, start=writers.start)
    lane.broadcast_sent()
    suggest = in_lane(lane, done, "suggest")
    suggest.join(0.3)
    assert done == [] and suggest.is_alive()
    done.append("written")
    writers.written()
    suggest.join(5)
    assert done == ["written", "suggest"]


def test_two_broadcasts_both_written_before_the_request_runs():
    writers, done = Writers(), []
    lane = Lane(limit=30, start=writers.start)
    lane.broadcast_sent()
    lane.broadcast_sent()
    suggest = in_lane(lane, done, "suggest")
    writers.tasks.pop(0)()  # the first broadcast's writers have run, not the second's
    suggest.join(0.3)
    assert done == []
    writers.written()
    suggest.join(5)
    assert done == ["suggest"]


def test_a_request_runs_at_once_when_nothing_is_being_broadcast():
    done = []
    in_lane(Lane(limit=30, start=Writers().start), done, "suggest").join(5)
    assert done == ["suggest"]


def test_a_conference_broadcasting_without_pause_still_gets_its_suggestions():
    writers, done = Writers(), []
    lane = Lane(limit=0.2, start=writers.start)
    lane.broadcast_sent()  # never written
    in_lane(lane, done, "suggest").join(5)
    assert done == ["suggest"]


def test_requests_in_the_lane_run_one_at_a_time():
    lane = Lane(limit=30, start=Writers().start)
    inside, most = [0], [0]
    guard = threading.Lock()

    def run():
        with lane.turn():
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            threading.Event().wait(0.02)
            with guard:
                inside[0] -= 1

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert most[0] == 1
