"""Red flags in a recorded answer, in Japanese or English, found by Kaiken itself.

Each flag names the words that triggered it; the page explains why it matters
(simulator.workshop_labels.FLAGS). Japanese is matched on normalised words
(simulator.domain.japanese), English on word-bounded phrases. The lexicons follow the
research notes in shared/research/domain.md §6, written here in our own words.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from . import japanese, numbers

CRITICAL, MAJOR, MINOR = "critical", "major", "minor"


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str
    words: tuple  # the words of the answer that triggered it
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What the answer is checked against."""

    report: dict = field(default_factory=dict)
    earlier: tuple = ()  # summaries of earlier answers in this conference, oldest first
    factors: tuple = ()  # factor ids in force
    theme: str | None = None  # the question's bank theme, when it came from the bank
    question: str = ""
    speaker: str = ""
    personal_data: bool = True
    malicious: bool = True  # an attack or theft, not a misconfiguration
    today: date | None = None


# code -> severity, lexicon per language, and words that take the flag back
LEXICONS = {
    "refusal": {
        "severity": MAJOR,
        "ja": [
            "ノーコメント",
            "コメントは差し控える",
            "コメントを差し控える",
            "回答を控える",
            "回答は控える",
            "お答えできない",
            "お答えすることはできない",
            "お答えは差し控える",
            "申し上げられない",
            "申し上げることはできない",
            "お話しできない",
            "お話しすることはできない",
            "お答えいたしかねる",
            "お答えしかねる",
            "お答えできかねる",
            "回答を差し控える",
            "回答は差し控える",
            "差し控えさせていただく",
            "控えさせていただく",
            "言えない",
        ],
        "en": [
            "no comment",
            "can't comment",
            "cannot comment",
            "decline to comment",
            "won't comment",
            "not going to comment",
            "can't say",
            "cannot say",
            "can't tell you",
            "cannot tell you",
            "not in a position to say",
            "refrain from commenting",
            "rather not comment",
            "won't be commenting",
            "not able to comment",
            "unable to comment",
        ],
        "unless": {
            "ja": ["とは申し上げられない", "とは言えない"],
            "en": [
                "can't say for certain",
                "cannot say for certain",
                "can't say for sure",
                "cannot say for sure",
            ],
        },
    },
    "speculation": {
        "severity": MAJOR,
        "ja": [
            "おそらく",
            "恐らく",
            "たぶん",
            "多分",
            "と思われる",
            "かもしれない",
            "推測",
            "個人的には",
            "の仕業",
            "に違いない",
            "はずだ",
        ],
        "en": [
            "probably",
            "i guess",
            "i think it was",
            "maybe",
            "presumably",
            "most likely",
            "must have been",
            "might have been",
            "i suspect",
            "my guess",
            "i imagine",
        ],
        "unless": {
            "ja": ["未確認", "確認中", "確定ではない", "断定できない", "仮説"],
            "en": [
                "not confirmed",
                "unconfirmed",
                "not yet established",
                "hypothesis",
                "cannot confirm",
            ],
        },
    },
    "attribution": {
        "severity": MAJOR,
        "ja": [
            "中国",
            "中国系",
            "北朝鮮",
            "ロシア",
            "イラン",
            "国家の関与",
            "国家ぐるみ",
            "国家支援",
            "ハッカー集団",
            "国際的な犯罪組織",
        ],
        "en": [
            "china",
            "chinese",
            "north korea",
            "north korean",
            "russia",
            "russian",
            "iran",
            "state-sponsored",
            "nation-state",
            "state actor",
            "lazarus",
            "hacker group",
        ],
        "pattern": {"en": r"\bapt ?\d+\b", "ja": r"APT ?\d+"},
        "unless": {
            "ja": [
                "特定していない",
                "特定できていない",
                "断定できない",
                "判明していない",
                "根拠はない",
                "中国地方",  # a region of Japan, not an attacker
            ],
            "en": [
                "no evidence",
                "not attributing",
                "cannot attribute",
                "not identified",
                "too early to say",
                "subsidiary",  # our own company abroad, not an attacker
            ],
        },
    },
    "minimising": {
        "severity": MAJOR,
        "ja": [
            "大したことはない",
            "大したことではない",
            "軽微",
            "わずか",
            "実害はない",
            "影響はない",
            "影響は限定的",
            "心配はない",
            "心配ない",
            "心配には及ばない",
            "センシティブな情報は含まれていない",
            "個人が特定されるものではない",
            "重要な情報ではない",
            "大きな問題ではない",
        ],
        "pattern": {"ja": r"たった(?:の|\d|[一二三四五六七八九十数])"},
        "en": [
            "only a few",
            "just a few",
            "only a small number",
            "only a handful",
            "just a handful",
            "minor incident",
            "minor issue",
            "no real harm",
            "not sensitive",
            "nothing sensitive",
            "limited impact",
            "negligible",
            "nothing to worry about",
            "no need to worry",
            "not a big deal",
        ],
    },
    "blame": {
        "severity": CRITICAL,
        "ja": [
            "委託先が",
            "委託先の責任",
            "委託業者が",
            "派遣社員が",
            "元社員が",
            "インターン",
            "アルバイトが",
            "一部の社員が勝手に",
            "担当者が勝手に",
            "担当者のミス",
            "パスワードを使い回す",
            "パスワードの使い回し",
            "当社も被害者",
            "私どもも被害者",
            "弊社も被害者",
            "攻撃者が悪い",
        ],
        "en": [
            "the vendor's fault",
            "our vendor failed",
            "the vendor failed",
            "a contractor",
            "the contractor",
            "an intern",
            "a temp",
            "a former employee",
            "a junior employee",
            "human error by",
            "users reused",
            "customers reused",
            "we are also victims",
            "we are victims too",
            "we are the victim",
        ],
        "unless": {
            "ja": [
                "当社の責任",
                "弊社の責任",
                "当社に責任",
                "弊社に責任",
                "私どもの責任",
                "監督責任",
                "責任は当社",
                "責任は弊社",
                "ミスではなく",  # "not the staff's mistake but our management's"
                "のせいではなく",
            ],
            "en": [
                "our responsibility",
                "we are responsible",
                "we take responsibility",
                "we take full responsibility",
                "responsibility is ours",
                "we are accountable",
                "that is on us",
                "that's on us",
            ],
        },
    },
    "absolute": {
        "severity": MAJOR,
        "pattern": {"ja": r"万全(?!を期)"},
        "unless_pattern": {"ja": r"ないよう|よう(?:に)?(?:努め|取り組|徹底)"},
        "ja": [
            "絶対に",
            "100%安全",
            "100%防ぐ",
            "100パーセント安全",
            "完全に防ぐ",
            "二度と",
            "決して起こらない",
            "決して起こさない",
            "安全性に問題はない",
            "完璧",
        ],
        "en": [
            "never again",
            "never happen again",
            "will not happen again",
            "won't happen again",
            "we guarantee",
            "i guarantee",
            "100% secure",
            "100% safe",
            "100% sure",
            "fully safe",
            "completely safe",
            "completely secure",
            "perfectly secure",
            "impossible",
            "absolutely no",
        ],
        "unless": {
            "ja": [
                "とは言えない",
                "とは申し上げられない",
                "保証はできない",
                "保証できない",
                "断言できない",
                "努める",
                "努力",
            ],
            "en": [
                "cannot guarantee",
                "can't guarantee",
                "no guarantee",
                "can't promise",
                "cannot promise",
                "impossible to say",
                "impossible to confirm",
                "impossible for us to confirm",
            ],
        },
    },
    "self_pity": {
        "severity": CRITICAL,
        "ja": [
            "寝ていない",
            "寝てない",
            "眠れていない",
            "私も被害者",
            "私自身も被害者",
            "就任前",
            "大変なのは我々も",
            "私どもも大変",
            "こちらも大変",
            "つらいのは",
        ],
        "pattern": {"ja": r"(?<!お)忙しくて"},
        "en": [
            "haven't slept",
            "have not slept",
            "i want my life back",
            "before my time",
            "it's hard for us too",
            "hard for us as well",
            "we are suffering too",
            "this has been hard on us",
        ],
    },
    "hostility": {
        "severity": CRITICAL,
        "ja": [
            "失礼な質問",
            "意味のない質問",
            "その質問には意味がない",
            "報道のせいで",
            "マスコミのせいで",
            "抗議する",
            "法的措置",
            "憶測で書かない",
            "勉強してから",
            "失礼です",
            "くだらない",
        ],
        "en": [
            "ridiculous question",
            "stupid question",
            "silly question",
            "irrelevant question",
            "your coverage caused",
            "because of your coverage",
            "you people",
            "how dare you",
            "legal action against",
            "do your homework",
        ],
    },
    "conditional_apology": {
        "severity": MAJOR,
        "ja": ["不快な思いをされたとすれば"],
        "pattern": {
            "ja": r"(?:迷惑|ご不便|ご心配|不快な思い|誤解|混乱)[^。]{0,20}"
            r"(?:とすれば|としたら|のであれば|たなら|であるならば)"
        },
        "en": [
            "if anyone was affected",
            "if anyone was inconvenienced",
            "if anyone was upset",
            "if anyone was offended",
            "any inconvenience this may have caused",
            "regret any inconvenience",
            "if we caused",
            "sorry if",
            "apologise if",
            "apologize if",
        ],
    },
    "weak_apology": {
        "severity": MAJOR,
        "ja": ["遺憾", "残念"],
        "en": ["regrettable", "unfortunate", "disappointing", "we regret"],
        "unless": {
            "ja": ["お詫び", "詫びる", "申し訳", "謝罪"],
            "en": [
                "we apologise",
                "we apologize",
                "we are sorry",
                "i am sorry",
                "i apologise",
                "i apologize",
                "our apologies",
            ],
        },
    },
    "cover_up": {
        "severity": CRITICAL,
        "ja": [
            "公表するつもりはなかった",
            "公表する予定はなかった",
            "報道がなければ",
            "表に出さない",
            "内々に",
            "内密に",
            "穏便に",
            "公表は控える方針",
            "隠す",
        ],
        "unless": {
            "ja": [
                "隠すつもりはない",
                "隠す意図はない",
                "隠蔽するつもりはない",
                "隠すことなく",
                "隠さず",
            ]
        },
        "en": [
            "didn't intend to disclose",
            "did not intend to disclose",
            "no plan to disclose",
            "not planning to disclose",
            "handled internally",
            "handle it internally",
            "keep it quiet",
            "keep this quiet",
            "paid to delete",
            "wouldn't have disclosed",
            "would not have disclosed",
            "if the press had not",
        ],
    },
    "session_control": {
        "severity": MAJOR,
        "ja": [
            "1社1問",
            "一社一問",
            "これで終わり",
            "同じ質問はやめて",
            "質問は以上",
            "打ち切る",
            "打ち切り",
        ],
        "pattern": {
            "ja": r"時間(?:ですので|となりましたので|になりましたので|が参りましたので|の都合上)"
        },
        "en": [
            "one question per outlet",
            "one question each",
            "we're out of time",
            "we are out of time",
            "no more questions",
            "stop asking the same",
            "that's all we have time for",
            "we'll end here",
        ],
    },
}

ALL_CLEAR = {
    "ja": [
        "収束した",
        "収束しました",
        "流出はない",
        "漏えいはない",
        "被害の拡大はない",
        "被害拡大はない",
        "封じ込めが完了",
        "完全に封じ込め",
        "安全が確認",
        "二次被害はない",
        "これ以上の被害はない",
    ],
    "en": [
        "fully contained",
        "under control",
        "no data was taken",
        "no further damage",
        "all clear",
        "completely resolved",
        "has been contained",
        "is contained",
        "no risk of further",
        "no secondary damage",
    ],
}

DENIALS = {
    "card_data": {
        "ja": [
            "カード情報は含まれていない",
            "カード情報は流出していない",
            "カード情報の流出はない",
            "カード情報は漏えいしていない",
            "カード情報は保持していない",
        ],
        "en": [
            "no card data",
            "no credit card",
            "card data was not",
            "card numbers were not",
            "no payment data",
            "card details were not",
        ],
    },
    "encrypted": {
        "ja": [
            "暗号化していた",
            "暗号化されていた",
            "暗号化済み",
            "暗号化されている",
            "暗号化している",
        ],
        "en": [
            "was encrypted",
            "were encrypted",
            "is encrypted",
            "are encrypted",
            "fully encrypted",
        ],
        "unless": {
            "ja": ["暗号化されていれば", "暗号化していれば"],
            "en": ["not encrypted", "unencrypted", "was not", "were not"],
        },
    },
    "leak": {
        "ja": [
            "漏えいは確認されていない",
            "流出の事実はない",
            "流出は確認されていない",
            "漏えいの事実はない",
            "情報は漏れていない",
            "流出の事実は確認されていない",
            "漏えいの事実は確認されていない",
            "情報流出は確認されていない",
            "情報漏えいは確認されていない",
            "流出はない",
            "漏えいはない",
        ],
        "en": [
            "no data was leaked",
            "no data has leaked",
            "no leak",
            "nothing was leaked",
            "no information was leaked",
            "no evidence that any data",
        ],
    },
}

NO_DUTY = {
    "ja": [
        "報告義務はない",
        "報告の義務はない",
        "報告する必要はない",
        "届け出る必要はない",
        "届出の義務はない",
        "報告は不要",
        "報告の必要はない",
        "報告対象に該当しない",
    ],
    "en": [
        "not required to report",
        "no obligation to report",
        "no duty to report",
        "no need to report",
        "don't have to report",
        "do not have to report",
        "not obliged to report",
        "don't need to report",
        "do not need to report",
    ],
}

# The answer's speaker should fit the theme: the title words expected, and those that show
# the speaker's role at all (a name alone says nothing).
ROLES = {
    "executive": (
        "社長",
        "代表",
        "ceo",
        "chief executive",
        "president",
        "会長",
        "chair",
        "chairman",
        "取締役",
        "director",
    ),
    "technical": (
        "cio",
        "ciso",
        "cto",
        "情報システム",
        "システム",
        "csirt",
        "技術",
        "セキュリティ",
        "it",
        "security",
        "technical",
        "technology",
        "chief information officer",
    ),
    "legal": (
        "法務",
        "コンプライアンス",
        "cpo",
        "個人情報",
        "legal",
        "compliance",
        "privacy",
        "総務",
    ),
    "support": ("カスタマー", "お客様", "サポート", "cs", "customer", "support", "営業"),
    "pr": ("広報", "pr", "communications", "司会", "moderator"),
}
THEME_ROLES = {
    "technical": ("technical",),
    "cause": ("technical", "executive"),
    "executive": ("executive",),
    "responsibility": ("executive",),
    "compensation": ("executive", "support", "legal"),
    "victims_support": ("support", "executive"),
    "regulators": ("legal", "executive"),
}

_REASON = {
    "ja": [
        "ため",
        "理由",
        "観点から",
        "支障",
        "守秘義務",
        "協議中",
        "捜査",
        "捜査中",
        "警察",
        "調査中",
        "被害者保護",
        "二次被害",
        "次回",
    ],
    "en": [
        "because",
        "since",
        "as the",
        "police",
        "investigation",
        "to protect",
        "so that",
        "next briefing",
        "next update",
    ],
}


# Every code detect() may return: the lexicons' and the checks against the facts.
CODES = (
    *LEXICONS,
    "count_contradicts",
    "count_changes",
    "date_contradicts",
    "denies_card_data",
    "denies_encrypted",
    "denies_leak",
    "premature_all_clear",
    "legal_duty_denied",
    "legal_deadline_wrong",
    "preliminary_overdue",
    "wrong_speaker",
)


def language(text):
    return "ja" if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", text or "") else "en"


class _Text:
    """One answer, ready to be searched in its language."""

    def __init__(self, text):
        # NFKC, and the typographic apostrophe phones type (can’t) as the plain one
        self.raw = unicodedata.normalize("NFKC", text or "").replace("\u2019", "'")
        self.lang = language(self.raw)
        self.lower = self.raw.lower()
        self.words = japanese.words(self.raw) if self.lang == "ja" else None

    def find(self, entry):
        """The answer's words matching `entry`, or None."""
        if self.lang == "ja":
            if not re.search(r"[\u3040-\u30ff\u3400-\u9fff]", entry):
                return entry if entry.lower() in self.lower else None
            span = japanese.find(self.words, entry)
            return self.raw[span[0] : span[1]] if span else None
        pattern = r"(?<![a-z])" + re.escape(entry.lower()) + r"(?:s|es)?(?![a-z])"
        match = re.search(pattern, self.lower)
        return self.raw[match.start() : match.end()] if match else None

    def any_of(self, entries):
        return [hit for hit in (self.find(e) for e in entries or ()) if hit]


def detect(answer, context=None):
    """Every red flag of an answer, most serious first."""
    context = context or Context()
    text = _Text(answer)
    found = []
    for code, lexicon in LEXICONS.items():
        hits = text.any_of(lexicon.get(text.lang))
        pattern = (lexicon.get("pattern") or {}).get(text.lang)
        if pattern:
            hits += [m.group(0) for m in re.finditer(pattern, text.raw, re.IGNORECASE)]
        if not hits or text.any_of((lexicon.get("unless") or {}).get(text.lang)):
            continue
        unless = (lexicon.get("unless_pattern") or {}).get(text.lang)
        if unless and re.search(unless, text.raw):
            continue
        if code == "refusal" and (numbers.has_date(text.raw) or text.any_of(_REASON[text.lang])):
            continue
        if code == "attribution" and any(
            hit.lower() in str(context.report.get("cause", "")).lower() for hit in hits
        ):
            continue
        found.append(Flag(code, lexicon["severity"], tuple(dict.fromkeys(hits))))
    found += _facts(text, context)
    found += _legal(text, context)
    found += _speaker(context)
    order = {CRITICAL: 0, MAJOR: 1, MINOR: 2}
    return sorted(found, key=lambda f: order[f.severity])


def _facts(text, context):
    """Numbers, dates and facts that contradict the report or an earlier answer."""
    report = context.report or {}
    found = []
    stated = [
        v
        for v in (report.get("records"), report.get("people"), report.get("records_now"))
        if isinstance(v, int) and not isinstance(v, bool) and v
    ]
    earlier = [c for answer in context.earlier for c in numbers.counts(answer)]
    for said in numbers.counts(text.raw):
        if stated and _comparable(said, stated) and all(numbers.differs(said, v) for v in stated):
            closest = min(stated, key=lambda v: abs(v - said))
            found.append(Flag("count_contradicts", CRITICAL, (f"{said:,}",), {"stated": closest}))
            break
        if not stated and earlier and _comparable(said, earlier):
            if all(numbers.differs(said, v) for v in earlier):
                before = earlier[-1]
                found.append(Flag("count_changes", CRITICAL, (f"{said:,}",), {"before": before}))
                break
    discovered = report.get("discovered_on")
    if discovered:
        said_date = _discovery_date(text.raw, date.fromisoformat(discovered))
        if said_date:
            found.append(Flag("date_contradicts", CRITICAL, (said_date,), {"stated": discovered}))
    for fact, holds in (
        ("card_data", report.get("card_data") is True),
        ("encrypted", report.get("encrypted") is False or "unencrypted" in context.factors),
        ("leak", bool(stated)),
    ):
        lexicon = DENIALS[fact]
        hits = text.any_of(lexicon.get(text.lang))
        if holds and hits and not text.any_of((lexicon.get("unless") or {}).get(text.lang)):
            found.append(Flag("denies_" + fact, CRITICAL, tuple(hits)))
    if "spreading" in context.factors:
        hits = text.any_of(ALL_CLEAR[text.lang])
        if hits:
            found.append(Flag("premature_all_clear", CRITICAL, tuple(hits)))
    return found


def _comparable(said, counts):
    """A figure of the same order as the report's: not '3 staff' against 5,000 records."""
    return any(v / 100 <= said <= v * 100 for v in counts)


_JA_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_EN_DATE = re.compile(
    r"\b(\d{1,2}) (january|february|march|april|may|june|july|august|september|october|"
    r"november|december)|\b(january|february|march|april|may|june|july|august|september|"
    r"october|november|december) (\d{1,2})\b",
    re.IGNORECASE,
)
_MONTHS = "january february march april may june july august september october november december"
_DISCOVERY = re.compile(
    r"発覚|発見|判明|把握|認識|気づ|気付|知った|discover|found|learn|became aware|detected", re.I
)


def _discovery_date(text, stated):
    """A discovery date said in the answer that is not the report's, as written; else None."""
    if not _DISCOVERY.search(text):
        return None
    for match in _JA_DATE.finditer(text):
        month, day = int(match.group(2)), int(match.group(3))
        if (month, day) != (stated.month, stated.day):
            return match.group(0)
    for match in _EN_DATE.finditer(text):
        day = match.group(1) or match.group(4)
        name = (match.group(2) or match.group(3)).lower()
        month = _MONTHS.split().index(name) + 1
        if (month, int(day)) != (stated.month, stated.day):
            return match.group(0)
    return None


def report_required(context):
    """Whether the APPI requires a report to the PPC, on the report's facts (domain.md §7.1)."""
    report = context.report or {}
    if not context.personal_data:
        return False
    if report.get("encrypted") is True and "unencrypted" not in context.factors:
        return False
    people = max(
        (v for v in (report.get("records"), report.get("people")) if isinstance(v, int)), default=0
    )
    return bool(report.get("card_data") is True or context.malicious or people > 1000)


_FINAL_DAYS = re.compile(
    r"確報[^。.]{0,20}?(?<![月\d])(\d+)\s*日|final report[^.]{0,30}?(\d+)\s*days", re.I
)
_WRONG_CLOCKS = {
    "ja": re.compile(r"72\s*時間|速報[^。]{0,10}(?:1|一)\s*(?:か月|ヶ月|カ月)"),
    "en": re.compile(
        r"preliminary report[^.]{0,30}(?:one|1) month|(?i:(?:personal information protection "
        r"commission|\bPPC\b)[^.]{0,60}72\s*hours|72\s*hours[^.]{0,60}(?:personal information "
        r"protection commission|\bPPC\b))"
    ),
}


# The preliminary report (速報) is due "promptly", in practice within 3–5 days of discovery.
PRELIMINARY_DAYS = 5
_NOT_YET = {
    "ja": re.compile(
        r"(?:個人情報保護委員会|委員会|当局|速報)[^。]{0,25}"
        r"(?:まだ|未だ|これから|今後|検討中|準備中|予定|していません|しておりません|行っていません)"
    ),
    "en": re.compile(
        r"(?:not yet|have not|haven't|will|plan to|are preparing to|considering)[^.]{0,30}"
        r"(?:report|notify|inform)[^.]{0,40}(?:commission|ppc|regulator|authorit)",
        re.I,
    ),
}


def _overdue(text, context, required):
    """The preliminary report still to come more than PRELIMINARY_DAYS after discovery."""
    discovered = (context.report or {}).get("discovered_on")
    if not (required and discovered and context.today):
        return []
    days = (context.today - date.fromisoformat(discovered)).days
    match = _NOT_YET[text.lang].search(text.raw)
    if days <= PRELIMINARY_DAYS or not match:
        return []
    return [Flag("preliminary_overdue", MAJOR, (match.group(0),), {"days": days})]


def _legal(text, context):
    found = []
    required = report_required(context)
    found += _overdue(text, context, required)
    hits = text.any_of(NO_DUTY[text.lang])
    if required and hits:
        found.append(Flag("legal_duty_denied", MAJOR, tuple(hits)))
    for match in _FINAL_DAYS.finditer(text.raw):
        days = int(match.group(1) or match.group(2))
        right = 60 if context.malicious else 30
        if days != right:
            found.append(Flag("legal_deadline_wrong", MAJOR, (match.group(0),), {"days": right}))
            break
    wrong = _WRONG_CLOCKS[text.lang].search(text.raw)
    mentions_ppc = re.search(
        r"個人情報保護委員会|PPC|Personal Information Protection Commission", text.raw
    )
    if wrong and (text.lang == "en" or mentions_ppc or "速報" in wrong.group(0)):
        found.append(
            Flag(
                "legal_deadline_wrong",
                MAJOR,
                (wrong.group(0),),
                {"days": 60 if context.malicious else 30},
            )
        )
    once = {}
    for flag in found:
        once.setdefault(flag.code, flag)
    return list(once.values())


def _has_word(title, word):
    if word.isascii():
        return re.search(r"(?<![a-z])" + re.escape(word) + r"(?![a-z])", title) is not None
    return word in title


def _speaker(context):
    expected = THEME_ROLES.get(context.theme or "")
    title = (context.speaker or "").lower()
    if not expected or not title.strip():
        return []
    roles = {role for role, words in ROLES.items() if any(_has_word(title, w) for w in words)}
    if not roles or roles & set(expected):
        return []
    return [Flag("wrong_speaker", MINOR, (context.speaker,), {"theme": context.theme})]
