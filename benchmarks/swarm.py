"""The swarm: every role's connection in one asyncio process, behaving as Kaiken's pages do.

A page connects with `auth={role, workshop}` and its session cookie, sends `sync`, applies
numbered deltas in order (one that comes early waits 1 s for its predecessor, then the page
resyncs); a reporter's phone asks for `suggest` 0.5–8.5 s after
the news or the answered count change, 0.3–3 s after its first sync, 150–750 ms after a change
to its own questions only (static/js/reporter.js). Every
frame is stamped on arrival; mutations are stamped just before they are sent.
"""

import asyncio
import json
import random
import re
import time
import uuid
from collections import defaultdict

import aiohttp

from .client import Gone, Refused

OUTLETS = ("national_daily", "tv", "business_paper", "it_trade", "weekly_magazine", "web_media")
LANG = {"Accept-Language": "en"}
GAP_S = 1.0  # as static/js/live.js: a delta that came early waits this long for its predecessor


def now():
    return time.perf_counter()


def percentile(values, share):
    """Nearest-rank percentile of a list (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def summary_ms(seconds):
    """p50/p95/p99/max in milliseconds of a list of durations in seconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "p50_ms": round(percentile(ms, 0.50), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "max_ms": round(max(ms), 1) if ms else 0.0,
    }


# --- signing in over HTTP, as the pages do ----------------------------------------------------


def _cookies(response, held=None):
    jar = dict(held or {})
    for name, morsel in response.cookies.items():
        jar[name] = morsel.value
    return jar


def cookie_header(jar):
    return "; ".join(f"{k}={v}" for k, v in jar.items())


async def open_link(http, url):
    """A sign-in link (instructor one-time link, team console, shared screen): its cookie."""
    async with http.get(url, headers=LANG, allow_redirects=False) as response:
        if response.status not in (302, 303):
            raise RuntimeError(f"{url} answered {response.status}")
        return cookie_header(_cookies(response))


async def join_reporter(http, join_url, name, outlet):
    """The join form: GET it (session and CSRF token), POST it; the cookie and workshop id."""
    async with http.get(join_url, headers=LANG, allow_redirects=False) as page:
        text = await page.text()
        jar = _cookies(page)
    token = re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)
    form = {"name": name, "outlet": outlet, "csrf_token": token}
    headers = {**LANG, "Cookie": cookie_header(jar)}
    async with http.post(join_url, data=form, headers=headers, allow_redirects=False) as done:
        if done.status != 302:
            raise RuntimeError(f"join answered {done.status}: {(await done.text())[:300]}")
        jar = _cookies(done, jar)
        workshop = int(re.search(r"/r/(\d+)", done.headers["Location"]).group(1))
    return cookie_header(jar), workshop


async def sign_in_everyone(url_of, links, reporters, concurrency=8):
    """Cookies for instructor, team A, screen and `reporters` reporters (joined in parallel)."""
    jar = aiohttp.DummyCookieJar()
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        staff = {
            "instructor": await open_link(http, links["instructor"]),
            "team": await open_link(http, links["teams"][0]),
            "screen": await open_link(http, links["screen"]),
        }
        gate = asyncio.Semaphore(concurrency)

        async def one(n):
            async with gate:
                return await join_reporter(
                    http, url_of(links["join"], n), f"R{n:04d}", OUTLETS[n % len(OUTLETS)]
                )

        joined = await asyncio.gather(*(one(n) for n in range(reporters)))
    workshop = joined[0][1] if joined else 1
    return staff, [cookie for cookie, _ in joined], workshop


# --- one page's connection --------------------------------------------------------------------


class Agent:
    """One page: a role's live connection with the state its script keeps."""

    def __init__(self, swarm, role, cookie, url, workshop, index=0):
        self.swarm, self.role, self.cookie, self.url = swarm, role, cookie, url
        self.workshop, self.index = workshop, index
        self.sock = None
        self.rev = None
        self.revs = []  # (rev, arrival) of every numbered delta
        self.votes = []  # (arrival, {question_id: count})
        self.gaps = 0  # resyncs for a delta that stayed missing
        self.early = set()  # revisions that came before their predecessor
        self.gap_timer = None
        self.news = 0
        self.answered = 0
        self.own = set()
        self.asked = set()
        self.voted = set()
        self.suggest_key = None
        self.suggest_timer = None
        self.snapshot_ids = set()
        self.snapshot_texts = []
        self.synced_at = None
        self.closed_at = None
        self.outbox = []  # asks not yet acknowledged: kept and re-sent, as the page does
        self.online = False
        self.reconnecting = False
        self.back_at = None
        self.first_snapshot_after = set()
        self.attempts = 0

    # connection

    async def connect(self, timeout=15):
        sock = self.swarm.client_cls(
            self.swarm.http,
            self.url,
            headers={"Cookie": self.cookie, **LANG},
            auth={"role": self.role, "workshop": self.workshop},
            on_event=self.on_event,
            on_close=lambda: self.on_close(sock),
        )
        self.sock = sock
        await sock.connect(timeout)
        self.online = True

    async def sync(self, timeout=30):
        # As reporter.js: the first sync asks for the first suggestions too.
        first = self.role == "reporter" and self.swarm.suggest and self.suggest_key is None
        ack, at = await self.sock.call("sync", {"suggestions": True} if first else {}, timeout)
        if not ack.get("ok"):
            raise RuntimeError(f"sync refused for {self.role}: {ack}")
        self.apply_snapshot(ack["snapshot"], at)
        return at

    async def page_sync(self, ack_timeout=10.0):
        """As live.js does: `sync` with a 10 s ack timeout, sent again 2 s after each timeout
        (the server still builds the snapshot nobody waits for any more)."""
        while True:
            try:
                return await self.sync(ack_timeout)
            except TimeoutError:
                self.swarm.sync_timeouts += 1
                await asyncio.sleep(2.0)

    async def join(self):
        await self.connect()
        return await self.page_sync()

    def on_close(self, sock=None):
        if sock is not None and sock is not self.sock:
            return  # an old connection noticed its end after a new one opened
        self.online = False
        self.closed_at = now()
        self.swarm.disconnects += 1
        if self.swarm.auto_reconnect and not self.reconnecting:
            self.swarm.spawn(self.reconnect(self.swarm.on_back))

    async def reconnect(self, on_back=None, limit=90.0):
        """The socket.io client's reconnection: 1 s doubling to 5 s, ±50 % jitter, then
        `sync`; `on_back(agent)` after it (the page sends its outbox)."""
        self.reconnecting = True
        deadline = now() + limit
        attempt = 0
        try:
            while now() < deadline:
                await asyncio.sleep(min(1.0 * 2**attempt, 5.0) * (0.5 + random.random()))
                attempt += 1
                try:
                    await self.connect(timeout=10)
                    await self.page_sync()
                except (TimeoutError, Gone, Refused, aiohttp.ClientError, OSError, RuntimeError):
                    if self.sock is not None and self.sock.connected:
                        await self.sock.close()
                    continue
                self.back_at = self.synced_at
                self.first_snapshot_after = set(self.snapshot_ids)
                self.attempts = attempt
                if on_back is not None:
                    await on_back(self)
                return True
            return False
        finally:
            self.reconnecting = False

    async def drop(self):
        await self.sock.drop()

    async def close(self):
        for timer in (self.suggest_timer, self.gap_timer):
            if timer is not None:
                timer.cancel()
        if self.sock is not None:
            await self.sock.close()

    # the page's state

    def apply_snapshot(self, snap, at):
        self.rev = snap.get("rev", 0)
        self.apply_early()
        self.synced_at = at
        questions = snap.get("questions", [])
        self.snapshot_ids = {q["id"] for q in questions}
        if self.role == "instructor":
            self.snapshot_texts = [q["text"] for q in questions]
            self.snapshot_votes = {q["id"]: q["votes"] for q in questions}
        self.own |= {q["id"] for q in questions if q.get("mine")}
        conference = snap.get("conference") or {}
        self.news = len(conference.get("news", []))
        self.answered = (snap.get("counts") or {}).get("answered", 0)
        self.maybe_suggest(given="suggestions" in snap)

    def on_event(self, name, data, at):
        if name in ("questions", "conference"):
            rev = data["rev"]
            self.revs.append((rev, at))
            if self.role == "instructor" and self.swarm.keys_by_rev is not None:
                self.swarm.keys_by_rev.setdefault(rev, _keys(name, data))
            if self.rev is None:
                self.rev = rev
            elif rev > self.rev:
                self.early.add(rev)
                self.apply_early()
                if self.early and self.gap_timer is None:
                    self.gap_timer = self.swarm.spawn(self._gap_later())
            if "counts" in data:
                self.answered = data["counts"].get("answered", self.answered)
            if name == "conference":
                self.news = len(data["conference"].get("news", []))
            self.maybe_suggest()
        elif name == "own_question":
            self.own.add(data["question"]["id"])
            self.maybe_suggest()
        elif name == "tallies" and "votes" in data:
            if self.swarm.record_votes:
                self.votes.append((at, data["votes"]))
        elif name == "reload":
            self.swarm.reloads += 1
            self.swarm.spawn(self.resync())

    def apply_early(self):
        """Deltas in order: the next ones that came early count as applied now."""
        self.early = {rev for rev in self.early if rev > self.rev}
        while self.rev + 1 in self.early:
            self.rev += 1
            self.early.discard(self.rev)

    async def _gap_later(self):
        await asyncio.sleep(GAP_S)
        self.gap_timer = None
        if self.early:
            self.early.clear()
            self.gaps += 1
            await self.resync()

    async def resync(self):
        try:
            await self.sync()
            self.swarm.resyncs += 1
        except (TimeoutError, Gone, RuntimeError):
            pass

    # the phone's suggestions

    def maybe_suggest(self, given=False):
        """As reporter.js: ask for suggestions when what they depend on changed, unless the
        first sync brought them (`given`)."""
        if self.role != "reporter" or not self.swarm.suggest:
            return
        key = (self.news, self.answered, len(self.own))
        if key == self.suggest_key:
            return
        first = self.suggest_key is None
        room_wide = not first and self.suggest_key[:2] != key[:2]
        self.suggest_key = key
        if self.suggest_timer is not None:
            self.suggest_timer.cancel()
            self.suggest_timer = None
        if first and given:
            return
        if room_wide:
            wait = 0.5 + random.random() * 8.0
        else:
            wait = 0.3 + random.random() * 2.7 if first else 0.15 + random.random() * 0.6
        self.suggest_timer = self.swarm.spawn(self._suggest_later(wait))

    async def _suggest_later(self, wait):
        await asyncio.sleep(wait)
        self.suggest_timer = None  # from here on the request is sent: no clearTimeout stops it
        sent = now()
        self.swarm.suggest_inflight += 1
        try:
            ack, at = await self.sock.call("suggest", {}, timeout=60)
        except (TimeoutError, Gone):
            self.swarm.suggest_failed += 1
            return
        finally:
            self.swarm.suggest_inflight -= 1
        self.swarm.suggest_s.append(at - sent)
        self.swarm.suggest_log.append((sent, len(json.dumps(ack))))
        self.swarm.last_suggest = at
        if not ack.get("ok"):
            self.swarm.suggest_failed += 1


def _keys(name, data):
    """What a numbered delta shows the instructor: which mutation it was."""
    if name == "conference":
        return [("conf",)]
    return [
        ("q", q["id"], q.get("status"), bool(q.get("answer")))
        for q in data.get("questions", [])
        if not q.get("hidden")
    ]


# --- mutations and what became of them --------------------------------------------------------


class Mutation:
    """One change sent by a client: when it left, its ack, and the key of its delta."""

    __slots__ = ("kind", "key", "sent", "acked", "ok", "result", "rev")

    def __init__(self, kind, key=None):
        self.kind, self.key = kind, key
        self.sent = self.acked = self.result = self.rev = None
        self.ok = False


class Swarm:
    """Every agent of a run, the aiohttp session they share, and what they measured."""

    def __init__(self, client_cls, suggest=True):
        self.client_cls = client_cls
        self.suggest = suggest
        self.http = None
        self.agents = []
        self.tasks = set()
        self.mutations = []
        self.keys_by_rev = {}
        self.record_votes = False
        self.suggest_s = []
        self.suggest_log = []  # (sent, ack size in characters): the baseline sends the same
        self.suggest_failed = 0
        self.suggest_inflight = 0
        self.last_suggest = None
        self.resyncs = 0
        self.reloads = 0
        self.errors = defaultdict(int)
        self.disconnects = 0
        self.sync_timeouts = 0
        self.auto_reconnect = False
        self.on_back = None

    async def __aenter__(self):
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        self.http = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
        return self

    async def __aexit__(self, *exc):
        self.auto_reconnect = False
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*(a.close() for a in self.agents), return_exceptions=True)
        await self.http.close()

    def spawn(self, coroutine):
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    def add(self, role, cookie, url, workshop):
        agent = Agent(self, role, cookie, url, workshop, len(self.agents))
        self.agents.append(agent)
        return agent

    def role(self, name):
        return next(a for a in self.agents if a.role == name)

    @property
    def reporters(self):
        return [a for a in self.agents if a.role == "reporter"]

    async def join(self, agents, concurrency=100):
        """Connect and sync every agent; the seconds from the first connect to the last ack."""
        gate = asyncio.Semaphore(concurrency)
        started = now()

        async def one(agent):
            async with gate:
                for attempt in range(3):
                    try:
                        return await agent.join()
                    except (TimeoutError, Gone, Refused, aiohttp.ClientError) as error:
                        self.errors[f"join: {type(error).__name__}"] += 1
                        await asyncio.sleep(0.5 * (attempt + 1))
                raise RuntimeError(f"agent {agent.index} ({agent.role}) could not join")

        done = await asyncio.gather(*(one(a) for a in agents))
        return max(done) - started

    async def settle_suggestions(self, quiet=1.0, limit=120):
        """Wait until no phone has had a suggestion pending or in flight for `quiet` seconds."""
        deadline = now() + limit
        calm_since = now()
        while now() < deadline:
            busy = self.suggest_inflight > 0 or any(a.suggest_timer for a in self.reporters)
            if busy:
                calm_since = now()
            elif now() - calm_since >= quiet:
                return
            await asyncio.sleep(0.1)

    # mutations

    async def mutate(self, agent, kind, event, payload, key=None, timeout=30):
        """Send one acknowledged mutation and remember it for matching its deltas."""
        mutation = Mutation(kind, key)
        self.mutations.append(mutation)
        mutation.sent = now()
        try:
            ack, mutation.acked = await agent.sock.call(event, payload, timeout)
        except (TimeoutError, Gone) as error:
            self.errors[f"{kind}: {type(error).__name__}"] += 1
            return mutation
        mutation.result = ack
        mutation.ok = bool(ack.get("ok"))
        if not mutation.ok:
            self.errors[f"{kind}: {ack.get('error')}"] += 1
        return mutation


def new_id():
    return uuid.uuid4().hex


# --- matching deltas to mutations -------------------------------------------------------------


def match_revisions(swarm):
    """Give each revision the mutation that made it, from what the instructor saw of it."""
    waiting = defaultdict(list)
    for m in swarm.mutations:
        if m.ok and m.key is not None:
            waiting[m.key].append(m)
    unmatched = 0
    by_rev = {}
    for rev in sorted(swarm.keys_by_rev):
        for key in swarm.keys_by_rev[rev]:
            if waiting.get(key):
                mutation = waiting[key].pop(0)
                mutation.rev = rev
                by_rev[rev] = mutation
                break
        else:
            unmatched += 1
    return by_rev, unmatched


def deliveries(agents, sent_by_rev):
    """Latencies (s) of every expected delivery, with delivered/expected/duplicate counts."""
    latencies, delivered, duplicates = [], 0, 0
    for agent in agents:
        seen = defaultdict(int)
        for rev, at in agent.revs:
            seen[rev] += 1
            if rev in sent_by_rev and seen[rev] == 1:
                latencies.append(at - sent_by_rev[rev])
                delivered += 1
        duplicates += sum(n - 1 for rev, n in seen.items() if n > 1 and rev in sent_by_rev)
    expected = len(agents) * len(sent_by_rev)
    return latencies, delivered, expected, duplicates
