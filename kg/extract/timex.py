"""Dates in news text, resolved against the article's date; the original words are kept."""
from __future__ import annotations

import re
from datetime import date, timedelta

from ..model import TimeRef

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "a": 1, "an": 1}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY_MONTH_YEAR = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I)
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")


def parse_iso(text: str) -> date | None:
    """An ISO date string as a date, or None."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def find_full_date(text: str) -> date | None:
    """The first complete calendar date written in text ('16 September 2024', 'Sept. 16, 2024').

    >>> find_full_date("ROME - on Monday 16 September 2024, Starmer ...")
    datetime.date(2024, 9, 16)
    """
    found = []
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _ISO):
        for m in pattern.finditer(text):
            month = m.group("month")
            month = int(month) if month.isdigit() else _month(month)
            try:
                found.append((m.start(), date(int(m.group("year")), month, int(m.group("day")))))
            except ValueError:
                continue
    return min(found)[1] if found else None


def resolve(text: str, anchor: date | None, tense: str = "past") -> TimeRef | None:
    """Resolve a date expression against the article date; None when it cannot be pinned down.

    tense is "past" or "future": "on Friday" in a future-tense clause is the coming Friday.

    >>> resolve("last year", date(2024, 9, 16))
    TimeRef(value='2023', datatype='gYear', text='last year')
    >>> resolve("Sunday morning", date(2020, 4, 7)).value
    '2020-04-05'
    >>> resolve("this week", date(2017, 11, 8)).value, resolve("last week", date(2017, 11, 8))
    ('2017-11', None)
    """
    words = re.sub(r"\s+", " ", text.lower().strip())
    words = re.sub(r"^(on|in|since|by|from|until|late|early|the|this|mid-?)\s+", "", words)
    whole = find_full_date(text)
    if whole:
        return TimeRef(whole.isoformat(), "date", text)
    m = re.fullmatch(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?", words) or \
        re.fullmatch(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH, words)
    if m and anchor:
        return _dated(anchor.year, _month(m.group("month")), int(m.group("day")), text)
    m = re.fullmatch(_MONTH + r",?\s+(?P<year>\d{4})", words)
    if m:
        return TimeRef(f"{int(m.group('year')):04d}-{_month(m.group('month')):02d}", "gYearMonth", text)
    if re.fullmatch(r"(?:in\s+)?\d{4}", words):
        return TimeRef(words[-4:], "gYear", text)
    if not anchor:
        return None
    if words in ("today", "this morning", "this afternoon", "this evening", "tonight", "morning"):
        return TimeRef(anchor.isoformat(), "date", text)
    if words in ("yesterday", "last night"):
        return TimeRef((anchor - timedelta(days=1)).isoformat(), "date", text)
    if words == "tomorrow":
        return TimeRef((anchor + timedelta(days=1)).isoformat(), "date", text)
    m = re.fullmatch(r"(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?", words)
    if m:
        return TimeRef(_weekday(anchor, WEEKDAYS[m.group("day")], tense).isoformat(), "date", text)
    m = re.fullmatch(r"(?:earlier |later )?(this|next|last) week", re.sub(r"\s+", " ", text.lower().strip()))
    if m:  # a week is given as its month when the whole week lies in one
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(days={"this": 0, "next": 7, "last": -7}[m.group(1)])
        sunday = monday + timedelta(days=6)
        return TimeRef(f"{monday.year:04d}-{monday.month:02d}", "gYearMonth", text) if monday.month == sunday.month else None
    if words == "last year":
        return TimeRef(str(anchor.year - 1), "gYear", text)
    if words in ("this year",):
        return TimeRef(str(anchor.year), "gYear", text)
    if words == "next year":
        return TimeRef(str(anchor.year + 1), "gYear", text)
    if words == "last month":
        y, mth = (anchor.year, anchor.month - 1) if anchor.month > 1 else (anchor.year - 1, 12)
        return TimeRef(f"{y:04d}-{mth:02d}", "gYearMonth", text)
    if words == "next month":
        y, mth = (anchor.year, anchor.month + 1) if anchor.month < 12 else (anchor.year + 1, 1)
        return TimeRef(f"{y:04d}-{mth:02d}", "gYearMonth", text)
    if words == "this month":
        return TimeRef(f"{anchor.year:04d}-{anchor.month:02d}", "gYearMonth", text)
    m = re.fullmatch(r"(?P<n>\w+) years? ago", words)
    if m and (m.group("n") in NUMBERS or m.group("n").isdigit()):
        n = NUMBERS.get(m.group("n")) or int(m.group("n"))
        return TimeRef(str(anchor.year - n), "gYear", text)
    m = re.fullmatch(_MONTH, words)
    if m:
        month = _month(m.group("month"))
        year = anchor.year if (month <= anchor.month or tense == "future") else anchor.year - 1
        return TimeRef(f"{year:04d}-{month:02d}", "gYearMonth", text)
    return None


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return MONTHS.get(name) or MONTHS[name[:3]]


def _dated(year: int, month: int, day: int, text: str) -> TimeRef | None:
    try:
        return TimeRef(date(year, month, day).isoformat(), "date", text)
    except ValueError:
        return None


def _weekday(anchor: date, weekday: int, tense: str) -> date:
    """The named weekday nearest the anchor: on or before it in the past, on or after in the future."""
    if tense == "future":
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)
