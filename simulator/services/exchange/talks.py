"""What an imported file's press conferences must hold: questions with their votes and
answers, reactions, scores and red flags, tomorrow's headlines and breaking news."""

import re

from ...domain.conference import CLOCK, MAX_MINUTES, REACTIONS
from ...domain.flags import CRITICAL, MAJOR, MINOR
from ...domain.rubric import LEVELS, SHIPPED
from ...labels import FLAGS, STATUSES
from .node import Node

CLOCKS = ("ready", *dict.fromkeys(target for _, target in CLOCK.values()))
BANK_ID = re.compile(r"^[a-z0-9_]{1,64}$")
CRITERION = re.compile(r"^(own[0-9]{1,3})$")
TEXT_LIMIT = 4000  # headlines and breaking news: written by Kaiken or taken from scenarios
WORDS_LIMIT = 200

CONFERENCE = ("ref", "team", "incident_no", "clock", "planned_minutes", "started_at",
              "ended_at", "elapsed_seconds", "team_may_moderate", "questions", "headlines",
              "news")  # fmt: skip
QUESTION = ("ref", "reporter", "text", "bank_id", "status", "reject_reason", "votes",
            "voted_by", "follows", "created_at", "live_at", "closed_at", "answer")  # fmt: skip
ANSWER = ("ref", "speaker", "summary", "recorded_at", "reactions", "score", "flags")
FLAG = ("code", "severity", "words", "params", "dismissed", "dismissed_at")
HEADLINE = ("ref", "answer", "kind", "outlet", "text", "position", "created_at")
NEWS = ("factor_id", "headline", "details", "from_headline", "fired_at")


def conferences(top, refs, limits):
    found, taken = [], {}
    for conf in top.children("conferences", CONFERENCE):
        clean = _conference(conf, refs, limits)
        slot = (clean["team"], clean["incident_no"])
        if slot in taken:
            conf.fail("incident_no", f"the team has a second conference here ({taken[slot]})")
        taken.setdefault(slot, conf.path)
        found.append(clean)
    return found


def _conference(conf, refs, limits):
    """A team's conference of incident 1 or 2, or (no team, incident 0) the wrap-up Q&A."""
    number = conf.integer("incident_no", 0, 2)
    team = refs.use(conf, "team", "team", null=number == 0)
    if number == 0 and team is not None:
        conf.fail("team", "must be null: the wrap-up Q&A (incident 0) has no presenting team")
    ref = refs.declare(conf, "conference", {"team": team})
    clean = {
        "ref": ref,
        "team": team,
        "incident_no": number,
        "clock": conf.choice("clock", CLOCKS),
        "planned_minutes": conf.integer("planned_minutes", 1, MAX_MINUTES),
        "started_at": conf.moment("started_at"),
        "ended_at": conf.moment("ended_at"),
        "elapsed_seconds": conf.number("elapsed_seconds", 0, 10**7),
        "team_may_moderate": conf.boolean("team_may_moderate"),
    }
    if (clean["clock"] == "ended") != (clean["ended_at"] is not None):
        conf.fail("ended_at", "must be given exactly when the clock has ended")
    where = {"conference": ref, "team": team}
    questions = [_question(q, refs, limits, where) for q in conf.children("questions", QUESTION)]
    if sum(q["status"] == "live" for q in questions) > 1:
        conf.fail("questions", "more than one question is live")
    clean["questions"] = questions
    clean["headlines"] = [_headline(h, refs, ref) for h in conf.children("headlines", HEADLINE)]
    clean["news"] = _all_news(conf, refs)
    return clean


def _question(q, refs, limits, where):
    limit = limits["QUESTION_MAX_CHARS"]
    clean = {
        "ref": refs.declare(q, "question"),
        "reporter": refs.use(q, "reporter", "reporter"),
        "text": q.text("text", limit, blank=False),
        "bank_id": q.text("bank_id", 64, null=True),
        "status": q.choice("status", tuple(STATUSES)),
        "reject_reason": q.text("reject_reason", limit),
        "votes": q.integer("votes", 0, 100_000),
        "voted_by": _voters(q, refs),
        "follows": refs.use(q, "follows", "answer", null=True, check=_in(where["conference"])),
        "created_at": q.moment("created_at"),
        "live_at": q.moment("live_at"),
        "closed_at": q.moment("closed_at"),
    }
    if clean["bank_id"] and not BANK_ID.match(clean["bank_id"]):
        q.fail("bank_id", "must be the id of a bank question")
    if clean["votes"] is not None and clean["votes"] != len(clean["voted_by"]):
        q.fail("votes", f"is {clean['votes']} but voted_by lists {len(clean['voted_by'])}")
    if clean["reporter"] in clean["voted_by"]:
        q.fail("voted_by", "a reporter cannot vote for their own question")
    answer = q.child("answer", ANSWER, null=True)
    clean["answer"] = _answer(answer, refs, limits, where) if answer is not None else None
    return clean


def _voters(q, refs):
    found = []
    for n, ref in enumerate(q.array("voted_by")):
        if ref in found:
            q.fail(f"voted_by[{n}]", f"{ref!r} votes twice")
        elif refs.expect(q, f"voted_by[{n}]", ref, "reporter"):
            found.append(ref)
    return found


def _in(conference):
    return lambda info: None if info.get("conference") == conference else "is in another conference"


def _answer(answer, refs, limits, where):
    clean = {
        "ref": refs.declare(answer, "answer", where),
        "speaker": answer.text("speaker", limits["NAME_MAX_CHARS"] * 3, blank=False),
        "summary": answer.text("summary", limits["ANSWER_MAX_CHARS"], blank=False),
        "recorded_at": answer.moment("recorded_at"),
        "reactions": _reactions(answer, refs),
        "flags": _flags(answer),
    }
    score = answer.child("score", ("values", "comment", "scored_at"), null=True)
    clean["score"] = _score(score, limits) if score is not None else None
    return clean


def _reactions(answer, refs):
    found, seen = [], set()
    for reaction in answer.children("reactions", ("reporter", "kind")):
        ref = refs.use(reaction, "reporter", "reporter")
        if ref is not None and ref in seen:
            reaction.fail("reporter", f"{ref!r} reacts twice to one answer")
        seen.add(ref)
        found.append({"reporter": ref, "kind": reaction.choice("kind", REACTIONS)})
    return found


def _score(score, limits):
    values = score.mapping("values")
    if not values:
        score.fail("values", "must score at least one criterion")
    for cid, level in values.items():
        if cid not in SHIPPED and not CRITERION.match(cid):
            score.fail(f"values.{cid}", "is not a criterion")
        elif isinstance(level, bool) or level not in LEVELS:
            score.fail(f"values.{cid}", "must be 0, 1, 2 or 3")
    return {
        "values": values,
        "comment": score.text("comment", limits["COMMENT_MAX_CHARS"]),
        "scored_at": score.moment("scored_at"),
    }


def _flags(answer):
    found, codes = [], set()
    for flag in answer.children("flags", FLAG):
        code = flag.choice("code", tuple(FLAGS))
        if code is not None and code in codes:
            flag.fail("code", f"{code!r} is given twice for one answer")
        codes.add(code)
        params = flag.mapping("params")
        for key, value in params.items():
            if not isinstance(value, str | int | float) or len(str(value)) > WORDS_LIMIT:
                flag.fail(f"params.{key}", "must be a short text or a number")
        found.append(
            {
                "code": code,
                "severity": flag.choice("severity", (CRITICAL, MAJOR, MINOR)),
                "words": flag.strings("words", WORDS_LIMIT, unique=False),
                "params": params,
                "dismissed": flag.boolean("dismissed"),
                "dismissed_at": flag.moment("dismissed_at"),
            }
        )
    return found


def _headline(headline, refs, conference):
    return {
        "ref": refs.declare(headline, "headline", {"conference": conference}),
        "answer": refs.use(headline, "answer", "answer", null=True, check=_in(conference)),
        "kind": headline.choice("kind", ("headline", "post")),
        "outlet": headline.text("outlet", 32),
        "text": localised(headline, "text"),
        "position": headline.integer("position", 0, 10_000),
        "created_at": headline.moment("created_at"),
    }


def _all_news(conf, refs):
    found, sources = [], set()
    for news in conf.children("news", NEWS):
        clean = {
            "factor_id": news.text("factor_id", 64, null=True),
            "headline": localised(news, "headline"),
            "details": localised(news, "details", empty=True),
            "from_headline": refs.use(news, "from_headline", "headline", null=True),
            "fired_at": news.moment("fired_at"),
        }
        if clean["from_headline"] is not None and clean["from_headline"] in sources:
            news.fail("from_headline", "two news items are made from one headline")
        sources.add(clean["from_headline"])
        found.append(clean)
    return found


def localised(node, key, empty=False):
    """A text in Japanese and English: {"ja": …, "en": …}; with `empty`, {} too."""
    value = node.mapping(key)
    if empty and value == {}:
        return value
    text = Node(value, node.where(key), node.problems, ("ja", "en"))
    return {lang: text.text(lang, TEXT_LIMIT) for lang in ("ja", "en")}
