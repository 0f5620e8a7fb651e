"""Numbers and dates in what a team says, in Japanese or English, for comparing with its report.

Handles full-width digits, thousands separators, 万/億/千 and thousand/million/billion, and the
hedges around a figure (約, 最大, 以上, about, up to, more than).
"""

import re
import unicodedata

_UNITS_JA = {"千": 1_000, "万": 10_000, "億": 100_000_000}
_UNITS_EN = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_COUNTED = (
    r"件|人|名|社|通|アカウント|"
    r"records?|people|persons?|customers?|users?|accounts?|members?|individuals?|cases?|"
    r"complaints?|messages?|e-?mails?|cards?"
)
_FIGURE = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>[千万億]+|thousand|million|billion)?\s*"
    r"(?P<what>" + _COUNTED + r")?",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\d{4}\s*[-/年.]\s*\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*/\s*\d{1,2}|\d{1,2}\s*日|"
    r"\d{1,2}\s*時|\d{1,2}:\d{2}|"
    r"本日|今日|明日|明後日|今週|来週|週内|週明け|今月|来月|月内|月末|年内|年度内|[一二三四五六七]日以内|"
    r"\b(?:today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"next week|this week|end of (?:the )?(?:week|month)|within \w+ (?:hours?|days?|weeks?)|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b|"
    r"\d+\s*(?:hours?|days?|weeks?|時間|日間|週間|か月|ヶ月|カ月)",
    re.IGNORECASE,
)


_COMPOUND = re.compile(r"(\d+)([億万])(\d+)([万千])?(?=\D|$)")
_STEP = {"億": 100_000_000, "万": 10_000, "千": 1_000}


def _compound(match):
    """1万2千 → 12000, 1万2 → 10002, 3億5000万 → 350000000: one figure written in two units."""
    high, unit, low, low_unit = match.groups()
    if low_unit and _STEP[low_unit] >= _STEP[unit]:
        return match.group(0)  # 2万3万 is two figures
    return str(int(high) * _STEP[unit] + int(low) * (_STEP[low_unit] if low_unit else 1))


def normal(text):
    """Full-width digits and letters as ASCII, the way people type them on phones, and figures
    written in two units (1万2千) as one."""
    return _COMPOUND.sub(_compound, unicodedata.normalize("NFKC", text or ""))


def _value(num, unit):
    digits = num.replace(",", "")
    if digits.count(".") > 1:  # 1.234.567 written with dots as separators
        digits = digits.replace(".", "")
    value = float(digits)
    if unit:
        lower = unit.lower()
        if lower in _UNITS_EN:
            value *= _UNITS_EN[lower]
        else:
            for ch in unit:
                value *= _UNITS_JA[ch]
    return round(value)


def figures(text):
    """Every number in the text, as (value, counted) where `counted` says it counts something."""
    found = []
    for match in _FIGURE.finditer(normal(text)):
        start = match.start()
        before = normal(text)[max(0, start - 1) : start]
        if before.isdigit():
            continue
        value = _value(match.group("num"), match.group("unit"))
        found.append((value, bool(match.group("what"))))
    return found


def counts(text):
    """The numbers that count people or records: 5万件, 約1,200人, 12 thousand customers."""
    return [value for value, counted in figures(text) if counted]


def has_number(text):
    return bool(figures(text))


def has_date(text):
    """Whether the text gives a date, a time or a deadline."""
    return bool(_DATE.search(normal(text)))


def differs(said, stated, tolerance=0.05):
    """Whether a count said differs from the report's by more than rounding."""
    if not stated:
        return False
    return abs(said - stated) > tolerance * stated
