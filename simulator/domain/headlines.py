"""Tomorrow's headlines: what the press and social media make of a conference's weakest answers.

Each headline quotes the words that raised a red flag, so a team sees how one phrase becomes
the story. Written in both languages; {org} is the organisation, {quote} the words.
"""

import re
from dataclasses import dataclass

HEADLINES = {
    "blame": ("{org}、責任を転嫁か　会見で「{quote}」", "{org} shifts the blame: “{quote}”"),
    "self_pity": ("{org}幹部「{quote}」　被害者より自社の苦労", "{org} chief: “{quote}”"),
    "hostility": ("{org}、記者に逆ギレ「{quote}」", "{org} snaps at reporters: “{quote}”"),
    "cover_up": ("{org}、隠蔽の意図か　「{quote}」", "Did {org} mean to hide it? “{quote}”"),
    "count_contradicts": (
        "{org}、被害件数の説明食い違う　会見で「{quote}」",
        "{org}'s figures do not add up: “{quote}”",
    ),
    "count_changes": (
        "{org}、会見中に被害件数が二転三転",
        "{org}'s count of victims changes mid-conference",
    ),
    "date_contradicts": (
        "{org}、発覚日の説明に食い違い",
        "{org} gives conflicting dates for when it found the breach",
    ),
    "denies_card_data": (
        "{org}、カード情報流出を否定も報告書と矛盾",
        "{org} denies card data loss its own report confirms",
    ),
    "denies_encrypted": (
        "{org}「暗号化していた」　実際は未暗号化",
        "{org} claimed encryption that was not there",
    ),
    "denies_leak": ("{org}、流出を否定　自社発表と矛盾", "{org} denies a leak it had announced"),
    "premature_all_clear": (
        "{org}「{quote}」宣言の直後に被害拡大",
        "{org} declared “{quote}” as the damage kept spreading",
    ),
    "legal_duty_denied": (
        "{org}「{quote}」　当局への報告義務を軽視か",
        "{org} says “{quote}” about its legal duty to report",
    ),
    "legal_deadline_wrong": (
        "{org}、法定の報告期限を誤認",
        "{org} gets its legal reporting deadline wrong",
    ),
    "preliminary_overdue": (
        "{org}、当局への報告遅れ　発覚から日数経過",
        "{org} has still not reported the breach to the regulator",
    ),
    "refusal": ("{org}、肝心な点は「{quote}」", "{org} on the key question: “{quote}”"),
    "speculation": ("{org}、根拠なき推測を会見で", "{org} speculates in front of the cameras"),
    "attribution": (
        "{org}「{quote}」　根拠示さず攻撃者を名指し",
        "{org} names an attacker without evidence: “{quote}”",
    ),
    "minimising": ("{org}「{quote}」　被害を過小評価か", "{org} plays it down: “{quote}”"),
    "absolute": (
        "{org}「{quote}」と断言　専門家は疑問視",
        "{org} promises “{quote}”; experts doubt it",
    ),
    "conditional_apology": (
        "{org}の謝罪「{quote}」に批判",
        "{org}'s “{quote}” apology draws criticism",
    ),
    "weak_apology": ("{org}、謝罪の言葉なく「{quote}」", "{org} offers “{quote}”, but no apology"),
    "session_control": (
        "{org}、質問を打ち切り会見終了",
        "{org} cuts the questions short",
    ),
    "wrong_speaker": (
        "{org}、経営陣の説明責任見えず",
        "Who is in charge at {org}? Questions go unanswered by the top",
    ),
}
WEAK = ("{org}の会見、肝心な説明なく", "{org}'s press conference leaves questions unanswered")
POSTS = (
    (
        "#{org} の会見見てたけど「{quote}」って本気？",
        "Watching the #{org} press conference: “{quote}”. Seriously?",
    ),
    (
        "{org}の会見、結局何が起きたのか分からなかった",
        "Came away from {org}'s press conference none the wiser",
    ),
    (
        "#{org} 自分の情報が漏れたかもしれないのに、誰も謝ってくれない",
        "My data may be out there and nobody at #{org} has apologised",
    ),
)
QUOTE_MAX = 30


@dataclass(frozen=True)
class Entry:
    """An answered question, as the record shows it."""

    answer_id: int
    summary: str
    flags: tuple = ()  # (code, severity, words) of the flags still standing, most serious first
    mean: float | None = None  # the score's weighted mean level
    not_answered: int = 0  # reporters who reacted 'not answered'


@dataclass(frozen=True)
class Written:
    answer_id: int
    kind: str  # "headline" or "post"
    text: dict  # {"ja": …, "en": …}


def weakness(entry):
    """How much harm the answer did: critical flags most, then the score and the room."""
    weight = {"critical": 6, "major": 3, "minor": 1}
    harm = sum(weight.get(severity, 1) for _, severity, _ in entry.flags)
    if entry.mean is not None:
        harm += 3 - entry.mean
    return harm + min(entry.not_answered, 5) * 0.5


def write(entries, org, limit=3):
    """Up to `limit` headlines and as many social posts, from the weakest answers first."""
    ranked = sorted((e for e in entries if weakness(e) >= 1.5), key=weakness, reverse=True)
    found = []
    for entry in ranked[:limit]:
        ja, en = HEADLINES.get(entry.flags[0][0] if entry.flags else None, WEAK)
        found.append(Written(entry.answer_id, "headline", _fill(ja, en, org, quoted(entry))))
    for number, entry in enumerate(ranked[:limit]):
        ja, en = POSTS[number % len(POSTS)]
        found.append(Written(entry.answer_id, "post", _fill(ja, en, org, quoted(entry))))
    return found


_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)(?=\s)")


def quoted(entry):
    """What the press quotes: the sentence holding the flag's words, else the answer's start."""
    words = entry.flags[0][2] if entry.flags else ()
    sentences = [s.strip() for s in _SENTENCE_END.split(entry.summary or "") if s.strip()]
    hit = next((s for s in sentences if words and words[0] in s), None)
    text = hit or (sentences[0] if sentences else "")
    text = " ".join(text.split()).rstrip("。.!！?？")
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def _fill(ja, en, org, quote):
    return {"ja": ja.format(org=org, quote=quote), "en": en.format(org=org, quote=quote)}
