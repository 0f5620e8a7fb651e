"""A press conference's traffic: questions asked, queued, put live and answered, votes,
reactions, a factor fired; kept open-loop (sent on schedule, not after the previous ack)."""

import asyncio
import random

from .swarm import new_id, now

FACTOR = "media_heat"


async def every(swarm, rate, duration, action):
    """Start `action()` `rate` times a second for `duration` seconds, on schedule."""
    if rate <= 0:
        return
    start = now()
    n = 0
    while n / rate < duration:
        delay = start + n / rate - now()
        if delay > 0:
            await asyncio.sleep(delay)
        swarm.spawn(action())
        n += 1


class Conference:
    """Drives one conference through the swarm's instructor, team and reporters."""

    def __init__(self, swarm, seed=7, queue_after=0.3):
        self.swarm = swarm
        self.rng = random.Random(seed)
        self.queue_after = queue_after
        self.queued = []
        self.live = None
        self.answer_id = None
        self.asks = {}  # text -> "acked" | "outbox"
        self.votes = []  # (sent, acked, question_id, count) of accepted votes
        self.reactions_s = []

    @property
    def instructor(self):
        return self.swarm.role("instructor")

    @property
    def team(self):
        return self.swarm.role("team")

    def reporter(self):
        return self.rng.choice(self.swarm.reporters)

    # questions

    async def ask(self, reporter=None, then_queue=True):
        reporter = reporter or self.reporter()
        item = {"client_id": new_id(), "text": f"bench {new_id()[:12]}: what was leaked?"}
        self.asks[item["text"]] = "outbox"
        if not reporter.online:
            reporter.outbox.append(item)
            return
        await self._send(reporter, item, then_queue)

    async def _send(self, reporter, item, then_queue=True):
        mutation = await self.swarm.mutate(reporter, "ask", "ask", item)
        if mutation.result is None:  # no ack: the page keeps it in its outbox
            if item not in reporter.outbox:
                reporter.outbox.append(item)
            return
        if item in reporter.outbox:
            reporter.outbox.remove(item)
        if not mutation.ok:
            return
        self.asks[item["text"]] = "acked"
        question_id = mutation.result["question_id"]
        mutation.key = ("q", question_id, "submitted", False)
        reporter.asked.add(question_id)
        if then_queue:
            await asyncio.sleep(self.queue_after)
            await self.queue(question_id)

    async def flush_outbox(self, reporter):
        """What the page does once synced again: send every question still in the outbox."""
        for item in list(reporter.outbox):
            await self._send(reporter, item)

    async def queue(self, question_id):
        mutation = await self.swarm.mutate(
            self.instructor,
            "queue",
            "moderate",
            {"question_id": question_id, "action": "queue"},
            key=("q", question_id, "queued", False),
        )
        if mutation.ok:
            self.queued.append(question_id)

    async def go_live(self):
        if not self.queued:
            return
        question_id = self.queued.pop(0)
        mutation = await self.swarm.mutate(
            self.instructor,
            "live",
            "moderate",
            {"question_id": question_id, "action": "live"},
            key=("q", question_id, "live", False),
        )
        if mutation.ok:
            self.live = question_id

    async def answer(self):
        if self.live is None:
            return
        payload = {
            "client_id": new_id(),
            "question_id": self.live,
            "speaker": "CIO",
            "summary": "We found the cause and closed the page; affected customers are told.",
        }
        key = ("q", self.live, "live", True)
        mutation = await self.swarm.mutate(self.team, "answer", "answer", payload, key=key)
        if mutation.ok:
            self.answer_id = mutation.result["answer_id"]

    async def react(self, reporter):
        if self.answer_id is None:
            return
        kind = self.rng.choice(("satisfied", "not_answered", "follow_up"))
        mutation = await self.swarm.mutate(
            reporter, "react", "react", {"answer_id": self.answer_id, "kind": kind}
        )
        if mutation.ok:
            self.reactions_s.append(mutation.acked - mutation.sent)

    async def reactions(self, share=0.1, over=2.0):
        chosen = self.rng.sample(
            self.swarm.reporters, max(1, int(share * len(self.swarm.reporters)))
        )
        for reporter in chosen:
            self.swarm.spawn(self.react(reporter))
            await asyncio.sleep(over / len(chosen))

    async def fire_news(self):
        payload = {"client_id": new_id(), "factor": FACTOR}
        await self.swarm.mutate(self.instructor, "news", "fire_news", payload, key=("conf",))

    async def clock(self, action="start"):
        await self.swarm.mutate(
            self.instructor, "clock", "clock", {"action": action}, key=("conf",)
        )

    # votes

    async def vote(self, reporter=None):
        """One vote for a queued question, by a phone that has not voted for it yet."""
        for _ in range(20):
            reporter = reporter or self.reporter()
            choices = [
                q for q in self.queued if q not in reporter.asked and q not in reporter.voted
            ]
            if choices and reporter.online:
                break
            reporter = None
        else:
            self.swarm.errors["vote: no phone left to vote"] += 1
            return
        question_id = self.rng.choice(choices)
        reporter.voted.add(question_id)
        mutation = await self.swarm.mutate(
            reporter, "vote", "vote", {"question_id": question_id, "on": True}, timeout=120
        )
        if mutation.ok:
            self.votes.append(
                (mutation.sent, mutation.acked, question_id, mutation.result["votes"])
            )

    # the whole conference

    async def run(self, duration, ask_rate=2.0, vote_rate=10.0):
        """Clock started; questions and votes all along; one put live and answered at a
        third, with reactions; a factor fired at two thirds."""
        await self.clock("start")
        start = now()

        async def timeline():
            await asyncio.sleep(max(0.0, start + duration / 3 - now()))
            await self.go_live()
            await asyncio.sleep(min(3.0, duration / 6))
            await self.answer()
            self.swarm.spawn(self.reactions())
            await asyncio.sleep(max(0.0, start + 2 * duration / 3 - now()))
            await self.fire_news()

        await asyncio.gather(
            every(self.swarm, ask_rate, duration, self.ask),
            every(self.swarm, vote_rate, duration, self.vote),
            timeline(),
        )

    async def drain(self, limit=60.0, agents=None):
        """Wait for the mutations in flight, then until every agent has the newest revision."""
        deadline = now() + limit
        while now() < deadline and any(not t.done() for t in self._mutating()):
            await asyncio.sleep(0.1)
        newest = max(self.swarm.keys_by_rev or [0])
        agents = agents or self.swarm.agents
        while now() < deadline and any(a.online and (a.rev or 0) < newest for a in agents):
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)

    def _mutating(self):
        return [
            t
            for t in self.swarm.tasks
            if getattr(t.get_coro(), "__qualname__", "").startswith("Conference.")
        ]
