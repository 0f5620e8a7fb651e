"""The scenarios of `make bench`: each returns one result dict (one JSON line)."""

import asyncio
import gzip
import random
import re
import resource
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import aiohttp
import brotli

from .client import Gone
from .load import Conference, every
from .servers import Baseline, Kaiken, Redis, fresh_database
from .swarm import (
    Swarm,
    deliveries,
    match_revisions,
    now,
    sign_in_everyone,
    summary_ms,
)


@dataclass
class Options:
    folder: Path
    client_cls: type
    quick: bool = False
    clients: int | None = None
    suggest: bool = True
    pin: bool = True
    redis_url: str | None = None
    database_url: str | None = None
    async_mode: str | None = None
    ws_compression: bool = False
    log: callable = print
    notes: dict = field(default_factory=dict)

    @property
    def server_cpus(self):
        return "0" if self.pin else None

    def size(self, full):
        if self.clients:
            return self.clients
        return min(full, 40) if self.quick else full

    def seconds(self, full):
        return max(3.0, full / 5) if self.quick else full


# --- servers and swarms -----------------------------------------------------------------------


@asynccontextmanager
async def kaiken(opts, name, reporters, processes=1, queue=None, database=None):
    """Kaiken set up and started as a user does, everyone signed in, not yet connected."""
    folder = opts.folder / name
    folder.mkdir(parents=True, exist_ok=True)
    cpus = opts.server_cpus if processes == 1 else None
    first = Kaiken(folder, cpus=cpus, database=database, queue=queue, async_mode=opts.async_mode)
    if opts.ws_compression:
        first.env["KAIKEN_WEBSOCKET_COMPRESSION"] = "1"
    servers = [first] + [first.sibling(f"kaiken{n + 2}") for n in range(processes - 1)]
    try:
        links = first.setup_demo()
        for server in servers:
            await server.start()
        started = now()
        staff, cookies, workshop = await sign_in_everyone(lambda url, n: url, links, reporters)
        signed_in_s = now() - started
        async with Swarm(opts.client_cls, suggest=opts.suggest) as swarm:
            swarm.servers, swarm.links, swarm.signed_in_s = servers, links, signed_in_s
            for n, role in enumerate(("instructor", "team", "screen")):
                url = servers[(n if role != "screen" else -1) % processes].url
                swarm.add(role, staff[role], url, workshop)
            for n, cookie in enumerate(cookies):
                swarm.add("reporter", cookie, servers[n % processes].url, workshop)
            yield swarm
    finally:
        for server in servers:
            server.stop()


@asynccontextmanager
async def baseline(opts, name, clients, processes=1, queue=None):
    """The bare python-socketio server(s), with `clients` connected and synced."""
    folder = opts.folder / name
    folder.mkdir(parents=True, exist_ok=True)
    cpus = opts.server_cpus if processes == 1 else None
    servers = [
        Baseline(folder, f"baseline{n + 1}", cpus=cpus, queue=queue) for n in range(processes)
    ]
    try:
        for server in servers:
            await server.start()
        async with Swarm(opts.client_cls, suggest=False) as swarm:
            swarm.servers = servers
            swarm.keys_by_rev = None
            for n, role in enumerate(("instructor", "team", "screen")):
                swarm.add(role, "", servers[n % processes].url, 1)
            for n in range(clients - 3):
                swarm.add("reporter", "", servers[n % processes].url, 1)
            await swarm.join(swarm.agents)
            yield swarm
    finally:
        for server in servers:
            server.stop()


def client_cpu():
    """CPU seconds this process (the whole swarm) has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def stats(servers):
    """Peak RSS (MB, summed over processes) and CPU seconds of the servers now."""
    figures = [s.stats() for s in servers]
    return {
        "rss_mb": round(sum(f["hwm_mb"] for f in figures), 1),
        "rss_now_mb": round(sum(f["rss_mb"] for f in figures), 1),
        "cpu_s": round(sum(f["cpu_s"] for f in figures), 2),
    }


async def connect_everyone(opts, swarm):
    """Staff and one phone first (warm-up; the idle figure), then every other phone at once."""
    first = [*swarm.agents[:3], swarm.reporters[0]]
    await swarm.join(first)
    await swarm.settle_suggestions(quiet=0.5)
    alone_ms = await suggest_alone(swarm)
    await asyncio.sleep(0.5)
    idle = stats(swarm.servers)
    rest = swarm.agents[4:]
    opts.log(f"  joining {len(rest)} phones")
    started = now()
    join_s = await swarm.join(rest) if rest else 0.0
    joined = stats(swarm.servers)
    await swarm.settle_suggestions()
    wave_s = (swarm.last_suggest - started) if swarm.last_suggest and rest else 0.0
    per_reporter = (joined["rss_now_mb"] - idle["rss_now_mb"]) * 1024 / max(1, len(rest))
    return {
        "join_s": round(join_s, 2),
        "join_suggest_wave_s": round(wave_s, 2),
        "rss_idle_mb": idle["rss_now_mb"],
        "rss_joined_mb": joined["rss_now_mb"],
        "kb_per_reporter": round(per_reporter, 1),
        "signed_in_s": round(swarm.signed_in_s, 2),
        "cpu_idle_s": idle["cpu_s"],
        "suggest_alone_ms": alone_ms,
    }


async def suggest_alone(swarm, times=5):
    """Median time of one `suggest` on a server doing nothing else (its own cost)."""
    took = []
    for agent in [a for a in swarm.reporters if a.online][:times]:
        sent = now()
        try:
            _, at = await agent.sock.call("suggest", {}, 60)
        except (TimeoutError, Gone):
            continue
        took.append(at - sent)
    return round(sorted(took)[len(took) // 2] * 1000, 1) if took else None


async def fresh_snapshot(agent):
    """The agent's snapshot now, reconnecting it first if the server had dropped it."""
    if not agent.online:
        swarm = agent.swarm
        swarm.auto_reconnect = False
        if not await agent.reconnect(limit=60):
            raise RuntimeError(f"the {agent.role} could not reconnect for the final check")
    await agent.page_sync(ack_timeout=30)


def suggest_figures(swarm):
    figures = summary_ms(swarm.suggest_s)
    return {
        "suggest_calls": len(swarm.suggest_s),
        "suggest_failed": swarm.suggest_failed,
        "suggest_p50_ms": figures["p50_ms"],
        "suggest_p99_ms": figures["p99_ms"],
    }


def ack_figures(swarm, kinds=None):
    acked = [
        m.acked - m.sent
        for m in swarm.mutations
        if m.ok and m.acked and (kinds is None or m.kind in kinds)
    ]
    figures = summary_ms(acked)
    return {"ack_p50_ms": figures["p50_ms"], "ack_p99_ms": figures["p99_ms"]}


def errors(swarm):
    found = dict(swarm.errors)
    if swarm.sync_timeouts:
        found["sync: ack timeout (sent again)"] = swarm.sync_timeouts
    return found


# --- 1. N reporters on one process (and 2,000 on two) -------------------------------------------


async def conference_scenario(opts, name, reporters, processes=1, queue=None, database=None):
    duration = opts.seconds(20.0)
    async with kaiken(opts, name, reporters, processes, queue, database) as swarm:
        joined = await connect_everyone(opts, swarm)
        conference = Conference(swarm)
        swarm.auto_reconnect, swarm.on_back = True, conference.flush_outbox
        before, swarm_before = stats(swarm.servers), client_cpu()
        opts.log(f"  conference load for {duration:.0f} s")
        load_started = now()
        await conference.run(duration, ask_rate=2.0, vote_rate=10.0)
        swarm_cpu = client_cpu() - swarm_before
        await conference.drain()
        after = stats(swarm.servers)
        await swarm.settle_suggestions(limit=30)
        alone_after_ms = await suggest_alone(swarm)
        by_rev, unmatched = match_revisions(swarm)
        sent = {rev: m.sent for rev, m in by_rev.items()}
        latencies, delivered, expected, duplicates = deliveries(swarm.agents, sent)
        screen, *_ = deliveries([swarm.role("screen")], sent)
        kinds = {}
        for kind in ("ask", "queue", "live", "answer", "news", "clock"):
            chosen = {rev: m.sent for rev, m in by_rev.items() if m.kind == kind}
            if chosen:
                kinds[kind] = summary_ms(deliveries(swarm.agents, chosen)[0])["p99_ms"]
        rate = len(by_rev) / duration
        result = {
            **summary_ms(latencies),
            "delivered": delivered,
            "expected": expected,
            "duplicates": duplicates,
            "rss_mb": after["rss_mb"],
            "cpu_s": round(after["cpu_s"] - before["cpu_s"], 2),
            "duration_s": duration,
            "swarm_cpu_s": round(swarm_cpu, 2),
            "broadcasts": len(by_rev),
            "broadcasts_per_s": round(rate, 2),
            "unmatched_revisions": unmatched,
            "gaps": sum(a.gaps for a in swarm.agents),
            "disconnects": swarm.disconnects,
            "screen_p99_ms": summary_ms(screen)["p99_ms"],
            "p99_ms_by_kind": kinds,
            "p99_ms_by_second": by_second(by_rev, [a.revs for a in swarm.agents]),
            "questions": len(conference.asks),
            "suggest_alone_after_ms": alone_after_ms,
            "votes": len(conference.votes),
            "reactions": len(conference.reactions_s),
            **ack_figures(swarm, {"ask", "queue", "live", "answer", "news", "vote"}),
            **suggest_figures(swarm),
            **joined,
            "errors": errors(swarm),
        }
    vote_rate = len(conference.votes) / duration
    suggests = [
        (sent - load_started, size)
        for sent, size in swarm.suggest_log
        if 0 <= sent - load_started < duration
    ]
    result.update(
        await baseline_fanout(
            opts, name, reporters + 3, rate, vote_rate, duration, suggests, processes, queue
        )
    )
    return result


def by_second(by_rev, agents_revs):
    """p99 (ms) of the deliveries of the mutations sent in each second of the load."""
    if not by_rev:
        return []
    start = min(m.sent for m in by_rev.values())
    buckets = {}
    for revs in agents_revs:
        for rev, at in revs:
            mutation = by_rev.get(rev)
            if mutation is not None:
                buckets.setdefault(int(mutation.sent - start), []).append(at - mutation.sent)
    return [summary_ms(buckets.get(n, []))["p99_ms"] for n in range(max(buckets) + 1)]


async def baseline_fanout(
    opts, name, clients, rate, vote_rate, duration, suggests, processes=1, queue=None
):
    """The same numbered broadcasts and votes a second to as many clients, on the bare server,
    for as long. `suggests` ((seconds into the load, ack size), as Kaiken's phones sent them)
    are sent again at the same moments and answered with acks of the same size: the baseline
    then carries the same traffic and none of the logic."""
    async with baseline(opts, name + "-baseline", clients, processes, queue) as swarm:
        sent = {}
        seq = iter(range(1, 10**9))

        async def ask():
            agent = random.choice(swarm.agents)
            n = next(seq)
            sent[n] = now()
            try:
                await agent.sock.call("ask", {"seq": n, "text": f"bench {n}"}, 30)
            except (TimeoutError, Gone):
                swarm.errors["ask"] += 1

        async def vote():
            agent = random.choice(swarm.reporters)
            try:
                await agent.sock.call("vote", {"question_id": random.randrange(1, 7)}, 30)
            except (TimeoutError, Gone):
                swarm.errors["vote"] += 1

        async def suggest(offset, size):
            await asyncio.sleep(max(0.0, started + offset - now()))
            agent = random.choice(swarm.reporters)
            try:
                await agent.sock.call("suggest", {"size": size}, 60)
            except (TimeoutError, Gone):
                swarm.errors["suggest"] += 1

        before, swarm_before = stats(swarm.servers), client_cpu()
        started = now()
        await asyncio.gather(
            every(swarm, rate, duration, ask),
            every(swarm, vote_rate, duration, vote),
            *(suggest(offset, size) for offset, size in suggests),
        )
        swarm_cpu = client_cpu() - swarm_before
        after = stats(swarm.servers)
        await _wait_for(lambda: all(a.rev is not None and a.rev >= len(sent) for a in swarm.agents))
        await asyncio.sleep(0.5)
        latencies, delivered, expected, duplicates = deliveries(swarm.agents, sent)
        figures = summary_ms(latencies)
        return {
            "baseline_p50_ms": figures["p50_ms"],
            "baseline_p99_ms": figures["p99_ms"],
            "baseline_delivered": delivered,
            "baseline_expected": expected,
            "baseline_rss_mb": after["rss_mb"],
            "baseline_cpu_s": round(after["cpu_s"] - before["cpu_s"], 2),
            "baseline_duration_s": duration,
            "baseline_swarm_cpu_s": round(swarm_cpu, 2),
            "baseline_suggest_calls": len(suggests),
        }


async def _wait_for(condition, limit=30.0):
    deadline = now() + limit
    while now() < deadline and not condition():
        await asyncio.sleep(0.1)
    return condition()


async def reporters(opts, clients):
    return await conference_scenario(opts, f"reporters-{clients}", clients)


async def redis_2000(opts, clients):
    """Two `kaiken serve` on one PostgreSQL database and one Redis queue, as docs/deploy.md
    sets them up."""
    with fresh_database(opts.database_url) as database:
        if opts.redis_url:
            return await conference_scenario(opts, "redis", clients, 2, opts.redis_url, database)
        redis = Redis(opts.folder)
        (opts.folder).mkdir(parents=True, exist_ok=True)
        await redis.start()
        try:
            return await conference_scenario(opts, "redis", clients, 2, redis.url, database)
        finally:
            redis.stop()


# --- 2. the vote storm ----------------------------------------------------------------------------


def first_reaching(arrivals, question_id, count):
    """The first arrival at which this agent's `votes` messages showed `count` or more."""
    for at, votes in arrivals:
        if votes.get(str(question_id), -1) >= count:
            return at
    return None


async def vote_storm(opts, clients):
    duration = opts.seconds(10.0)
    rate = 50.0 if opts.quick else 200.0
    async with kaiken(opts, "vote-storm", clients) as swarm:
        joined = await connect_everyone(opts, swarm)
        conference = Conference(swarm)
        swarm.auto_reconnect, swarm.on_back = True, conference.flush_outbox
        await conference.clock("start")
        for reporter in swarm.reporters[:6]:
            await conference.ask(reporter)
        await conference.drain()
        swarm.record_votes = True
        before = stats(swarm.servers)
        opts.log(f"  {rate:.0f} votes/s for {duration:.0f} s")
        questions_before = len(swarm.mutations)
        await asyncio.gather(
            every(swarm, rate, duration, conference.vote),
            every(swarm, 1.0, duration, lambda: conference.ask(then_queue=False)),
        )
        await conference.drain(limit=150)
        await asyncio.sleep(1.0)
        after = stats(swarm.servers)
        instructor, screen = swarm.role("instructor"), swarm.role("screen")
        await fresh_snapshot(instructor)
        final = instructor.snapshot_votes
        accepted = conference.votes
        storm = [m for m in swarm.mutations if m.kind == "vote"]
        refused = sum(1 for m in storm if m.result is not None and not m.ok)
        counted = sum(final.get(q, 0) for q in conference.queued)
        per_vote, delivered = [], 0
        for agent in (instructor, screen):
            for sent, _, question_id, count in accepted:
                at = first_reaching(agent.votes, question_id, count)
                if at is not None:
                    per_vote.append(at - sent)
                    delivered += 1
        last_vote = max(sent for sent, *_ in accepted) if accepted else now()

        def settled(agent):
            times = [first_reaching(agent.votes, q, n) for q, n in final.items() if n]
            return None if None in times else max(times, default=last_vote) - last_vote

        small = [settled(instructor), settled(screen)]
        phones = [settled(a) for a in swarm.reporters]
        by_rev, _ = match_revisions(swarm)
        asked = {r: m.sent for r, m in by_rev.items() if m.kind == "ask"}
        asked = {
            r: t for r, t in asked.items() if swarm.mutations.index(by_rev[r]) >= questions_before
        }
        ask_latency = deliveries(swarm.agents, asked)[0]
        result = {
            **summary_ms(per_vote),
            "delivered": delivered,
            "expected": 2 * len(accepted),
            "duplicates": max(0, counted - (len(storm) - refused)),
            "rss_mb": after["rss_mb"],
            "cpu_s": round(after["cpu_s"] - before["cpu_s"], 2),
            "votes_per_s": rate,
            "duration_s": duration,
            "votes_sent": len(storm),
            "votes_accepted": len(accepted),
            "votes_refused": refused,
            "votes_unacknowledged": sum(1 for m in storm if m.result is None),
            "votes_counted": counted,
            "settle_ms": None if None in small else round(1000 * max(small), 1),
            "reporters_settle_ms": None
            if None in phones
            else round(1000 * max(phones, default=0), 1),
            "reporters_unsettled": phones.count(None),
            "question_p99_ms": summary_ms(ask_latency)["p99_ms"],
            "disconnects": swarm.disconnects,
            **ack_figures(swarm, {"vote"}),
            **suggest_figures(swarm),
            **joined,
            "errors": errors(swarm),
        }
    result.update(await baseline_votes(opts, clients + 3, rate, duration))
    return result


async def baseline_votes(opts, clients, rate, duration):
    async with baseline(opts, "vote-storm-baseline", clients) as swarm:
        swarm.record_votes = True
        accepted = []

        async def vote():
            agent = random.choice(swarm.reporters)
            question_id = random.randrange(1, 7)
            sent = now()
            try:
                ack, _ = await agent.sock.call("vote", {"question_id": question_id}, 30)
            except (TimeoutError, Gone):
                return
            accepted.append((sent, question_id, ack["votes"]))

        await every(swarm, rate, duration, vote)
        await asyncio.sleep(1.0)
        per_vote = []
        for agent in swarm.agents[:3]:
            for sent, question_id, count in accepted:
                at = first_reaching(agent.votes, question_id, count)
                if at is not None:
                    per_vote.append(at - sent)
        figures = summary_ms(per_vote)
        return {
            "baseline_p50_ms": figures["p50_ms"],
            "baseline_p99_ms": figures["p99_ms"],
            "baseline_delivered": len(per_vote),
            "baseline_expected": 3 * len(accepted),
        }


# --- 3. the reconnect storm and the restart -------------------------------------------------------


async def reconnect(agent, on_back=None, limit=90.0):
    return await agent.reconnect(on_back, limit)


async def _background(swarm, conference, stop):
    """Questions at 2/s (each queued), whether or not the phones are online, until `stop`."""
    while not stop.is_set():
        swarm.spawn(conference.ask())
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except TimeoutError:
            pass


async def _before_the_drop(opts, swarm, conference, count):
    await conference.clock("start")
    for reporter in swarm.reporters[:count]:
        swarm.spawn(conference.ask(reporter))
        await asyncio.sleep(0.05)
    await conference.drain()
    return set(conference.queued)


def _exactly_once(conference, instructor):
    """Questions the server acknowledged but lost, kept twice, or still in a phone's outbox
    (never acknowledged: the page shows them as not sent and sends them when it is back)."""
    held = {}
    for text in instructor.snapshot_texts:
        held[text] = held.get(text, 0) + 1
    lost = [t for t, state in conference.asks.items() if state == "acked" and t not in held]
    doubled = [t for t in conference.asks if held.get(t, 0) > 1]
    waiting = [t for t, state in conference.asks.items() if state != "acked" and t not in held]
    return lost, doubled, waiting


async def _storm(opts, name, clients, cut):
    """Load, then `cut` takes every connection away; phones reconnect and resync as the page
    does, and send again what their outbox still holds."""
    async with kaiken(opts, name, clients) as swarm:
        joined = await connect_everyone(opts, swarm)
        conference = Conference(swarm)
        before_drop = await _before_the_drop(opts, swarm, conference, min(20, clients))
        stop = asyncio.Event()
        background = swarm.spawn(_background(swarm, conference, stop))
        await asyncio.sleep(2.0)
        for reporter in swarm.reporters[-10:]:  # asked a moment before the network went
            swarm.spawn(conference.ask(reporter))
        await asyncio.sleep(0.005)
        tasks = []

        def begin():
            opts.log(f"  {len(swarm.agents)} clients reconnecting")
            for agent in swarm.agents:
                agent.back_at = None
                tasks.append(asyncio.create_task(reconnect(agent, conference.flush_outbox, 90)))

        cut_at, back_online_at, extra = await cut(swarm, begin)
        ok = await asyncio.gather(*tasks)
        back = [a for a, fine in zip(swarm.agents, ok, strict=True) if fine]
        all_back = max((a.back_at for a in back), default=now())
        await asyncio.sleep(2.0)
        stop.set()
        await background
        for reporter in swarm.reporters:
            if reporter.outbox and reporter.online:
                await conference.flush_outbox(reporter)
        await conference.drain()
        instructor = swarm.role("instructor")
        await fresh_snapshot(instructor)
        lost, doubled, waiting = _exactly_once(conference, instructor)
        times = [a.back_at - back_online_at for a in back]
        present = sum(len(before_drop & a.first_snapshot_after) for a in back)
        after = stats(swarm.servers)
        result = {
            **summary_ms(times),
            "delivered": present,
            "expected": len(before_drop) * len(swarm.agents),
            "duplicates": len(doubled),
            "rss_mb": after["rss_mb"],
            "cpu_s": after["cpu_s"],
            "reconnected": len(back),
            "sync_timeouts": swarm.sync_timeouts,
            "all_back_in_sync_s": round(all_back - cut_at, 2),
            "questions_before_drop": len(before_drop),
            "questions_asked": len(conference.asks),
            "questions_lost": len(lost),
            "questions_doubled": len(doubled),
            "questions_still_in_outbox": len(waiting),
            "attempts_max": max((getattr(a, "attempts", 0) for a in back), default=0),
            **extra,
            **suggest_figures(swarm),
            **joined,
            "errors": errors(swarm),
        }
    return result


async def reconnect_storm(opts, clients):
    async def cut(swarm, begin):
        at = now()
        await asyncio.gather(*(a.drop() for a in swarm.agents))
        begin()
        return at, at, {"drop": "every client aborts its TCP connection at once"}

    result = await _storm(opts, "reconnect-storm", clients, cut)
    result.update(await baseline_storm(opts, clients + 3, restart=False))
    return result


async def restart(opts, clients):
    async def cut(swarm, begin):
        server = swarm.servers[0]
        cpu_before = server.stats()["cpu_s"]
        at = now()
        server.stop()
        begin()
        await server.start()
        ready = now()
        return at, ready, {"downtime_s": round(ready - at, 2), "cpu_first_process_s": cpu_before}

    result = await _storm(opts, "restart", clients, cut)
    result.update(await baseline_storm(opts, clients + 3, restart=True))
    return result


async def baseline_storm(opts, clients, restart):
    name = "restart-baseline" if restart else "reconnect-storm-baseline"
    async with baseline(opts, name, clients) as swarm:
        tasks = []
        if restart:
            server = swarm.servers[0]
            server.stop()
            tasks = [asyncio.create_task(reconnect(a)) for a in swarm.agents]
            await server.start()
        else:
            await asyncio.gather(*(a.drop() for a in swarm.agents))
            tasks = [asyncio.create_task(reconnect(a)) for a in swarm.agents]
        ready = now()
        ok = await asyncio.gather(*tasks)
        times = [a.back_at - ready for a, fine in zip(swarm.agents, ok, strict=True) if fine]
        figures = summary_ms(times)
        return {
            "baseline_p50_ms": figures["p50_ms"],
            "baseline_p99_ms": figures["p99_ms"],
            "baseline_max_ms": figures["max_ms"],
            "baseline_reconnected": sum(ok),
        }


# --- 4. page weight -----------------------------------------------------------------------------

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}
ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')
IMPORT = re.compile(r'(?:from|import)\s*"([^"]+\.js)"')
CSS_URL = re.compile(r'url\(\s*["\']?([^"\')]+)["\']?\s*\)')
HASHED = re.compile(r"/static/[0-9a-f]{8,}/|[.-][0-9a-f]{8,}\.|[?&]v=")


async def page_weight(http, base, path, cookie):
    """Every request a first load of `path` makes (HTML, CSS, modules, icon) and its bytes."""
    headers = {"Cookie": cookie, "Accept-Encoding": "gzip, br", "Accept-Language": "en"}
    todo, seen, rows = [path], set(), []
    while todo:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        async with http.get(base + url, headers=headers, allow_redirects=False) as response:
            raw = await response.read()
            encoding = response.headers.get("Content-Encoding", "")
            cache = response.headers.get("Cache-Control", "")
            status = response.status
        body = DECODE.get(encoding, bytes)(raw)
        rows.append(
            {
                "url": url,
                "status": status,
                "bytes": len(raw),
                "gzip_bytes": len(raw) if encoding else len(gzip.compress(body, 9)),
                "encoding": encoding or None,
                "cache_control": cache or None,
                "hashed": bool(HASHED.search(url)),
            }
        )
        text = body.decode("utf-8", "replace")
        found = ASSET.findall(text) if url == path else []
        if url.endswith(".js"):
            found += IMPORT.findall(text)
        if url.endswith(".css"):
            found += [u for u in CSS_URL.findall(text) if not u.startswith("data:")]
        todo += [urljoin(url, u).split("#")[0] for u in found]
    return rows


def weight_figures(prefix, rows):
    return {
        f"{prefix}_requests": len(rows),
        f"{prefix}_kb_sent": round(sum(r["bytes"] for r in rows) / 1024, 1),
        f"{prefix}_kb_if_gzipped": round(sum(r["gzip_bytes"] for r in rows) / 1024, 1),
        f"{prefix}_compressed_responses": sum(1 for r in rows if r["encoding"]),
        f"{prefix}_hashed_assets": sum(1 for r in rows[1:] if r["hashed"]),
        f"{prefix}_assets": len(rows) - 1,
        f"{prefix}_cache_control": sorted({str(r["cache_control"]) for r in rows[1:]}),
        f"{prefix}_files": [f"{r['url']} {r['bytes']} B" for r in rows],
    }


async def pages(opts, clients):
    """The reporter's and the shared screen's first load: requests, bytes, cache headers."""
    async with kaiken(opts, "pages", 1) as swarm:
        base = swarm.servers[0].url
        reporter, screen = swarm.reporters[0], swarm.role("screen")
        async with aiohttp.ClientSession(
            auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar()
        ) as http:
            async with http.get(
                swarm.links["screen"], headers={"Cookie": screen.cookie}, allow_redirects=False
            ) as response:
                screen_path = response.headers["Location"].replace(base, "")
            reporter_path = f"/r/{reporter.workshop}"
            loads, found = [], {}
            for _ in range(10):
                started = now()
                found["reporter"] = await page_weight(http, base, reporter_path, reporter.cookie)
                loads.append(now() - started)
            found["screen"] = await page_weight(http, base, screen_path, screen.cookie)
        rows = found["reporter"] + found["screen"]
        return {
            **summary_ms(loads),
            "delivered": sum(1 for r in rows if r["status"] == 200),
            "expected": len(rows),
            "duplicates": 0,
            **stats(swarm.servers),
            "measures": "one reporter page load, every request in sequence (10 loads)",
            **weight_figures("reporter", found["reporter"]),
            **weight_figures("screen", found["screen"]),
        }


SCENARIOS = {
    "reporters-100": (lambda o: reporters(o, o.size(100)), 100, 1),
    "reporters-500": (lambda o: reporters(o, o.size(500)), 500, 1),
    "reporters-1000": (lambda o: reporters(o, o.size(1000)), 1000, 1),
    "vote-storm": (lambda o: vote_storm(o, o.size(1000)), 1000, 1),
    "reconnect-storm": (lambda o: reconnect_storm(o, o.size(1000)), 1000, 1),
    "restart": (lambda o: restart(o, o.size(1000)), 1000, 1),
    "redis-2000": (lambda o: redis_2000(o, o.size(2000)), 2000, 2),
    "pages": (lambda o: pages(o, 1), 1, 1),
}
