"""Follow-up questions for a recorded answer: it gave no date, no number, or a different one.

The checks read the question, the answer's summary and the team's report; each need comes with
a question a reporter can put at once, in both languages.
"""

import re

from . import numbers

DATE_THEMES = ("timeline", "delay", "prevention", "victims_support", "compensation", "regulators")
NUMBER_THEMES = ("facts_scope",)
_ASKS_WHEN = re.compile(
    r"いつ|時期|期限|めど|目処|見通し|何日|何時|\bwhen\b|what date|how long|how soon|deadline",
    re.IGNORECASE,
)
_ASKS_HOW_MANY = re.compile(
    r"何件|件数|何人|人数|何名|規模|いくら|金額|how many|how much|number of|figure",
    re.IGNORECASE,
)

TEXTS = {
    "no_date": {
        "ja": "今のお答えには日付がありませんでした。それはいつまでに、何日に行うのか、具体的な日付で教えてください。",
        "en": "Your answer gave no date. By when exactly will that happen? Please give us a date.",
    },
    "no_number": {
        "ja": "今のお答えには数字がありませんでした。現時点で確認できている件数を、概数でもよいので教えてください。",
        "en": "Your answer gave no figure. How many, as far as you know now? An approximate number will do.",
    },
    "number_differs": {
        "ja": "今、{said}とおっしゃいましたが、発表資料には{stated}とあります。どちらが正しいのですか。",
        "en": "You just said {said}, but your own release says {stated}. Which figure is right?",
    },
}


def needs(question_text, theme, answer, report):
    """What the answer leaves open, as (code, values) pairs, most serious first."""
    report = report or {}
    found = []
    stated = [v for v in (report.get("records"), report.get("people")) if isinstance(v, int)]
    said = numbers.counts(answer)
    if stated and said:
        wrong = [s for s in said if all(numbers.differs(s, v) for v in stated)]
        if wrong:
            closest = min(stated, key=lambda v: abs(v - wrong[0]))
            found.append(("number_differs", {"said": wrong[0], "stated": closest}))
    asks_number = theme in NUMBER_THEMES or _ASKS_HOW_MANY.search(question_text or "")
    if asks_number and not numbers.has_number(answer):
        found.append(("no_number", {}))
    asks_date = theme in DATE_THEMES or _ASKS_WHEN.search(question_text or "")
    if asks_date and not numbers.has_date(answer):
        found.append(("no_date", {}))
    return found


def text(code, values, lang):
    """The follow-up question for a need, with its figures written for `lang`."""
    shown = {key: f"{value:,}" for key, value in values.items()}
    return TEXTS[code][lang].format(**shown)
