from datetime import date

import pytest

from kg.extract.timex import find_full_date, resolve

MONDAY = date(2024, 9, 16)


@pytest.mark.parametrize("text, value, datatype", [
    ("16 September 2024", "2024-09-16", "date"),
    ("Monday 16 September 2024", "2024-09-16", "date"),
    ("September 16, 2024", "2024-09-16", "date"),
    ("July 2024", "2024-07", "gYearMonth"),
    ("last year", "2023", "gYear"),
    ("two years ago", "2022", "gYear"),
    ("in 1997", "1997", "gYear"),
    ("yesterday", "2024-09-15", "date"),
    ("late Thursday", "2024-09-12", "date"),
    ("Sunday morning", "2024-09-15", "date"),
    ("Last month", "2024-08", "gYearMonth"),
    ("March 25", "2024-03-25", "date"),
    ("since July", "2024-07", "gYearMonth"),
])
def test_resolves_against_the_article_date(text, value, datatype):
    found = resolve(text, MONDAY)
    assert (found.value, found.datatype, found.text) == (value, datatype, text)


def test_future_tense_weekday_is_the_coming_one():
    assert resolve("Friday", MONDAY, "future").value == "2024-09-20"
    assert resolve("Friday", MONDAY).value == "2024-09-13"


def test_vague_or_unanchored_dates_stay_unknown():
    assert resolve("the coming weeks", MONDAY) is None
    assert resolve("last year", None) is None
    assert resolve("Monday", None) is None


def test_full_date_in_text():
    assert find_full_date("ROME (Reuters) - on Monday 16 September 2024, he said") == MONDAY
    assert find_full_date("no date here, only 2024") is None
    assert find_full_date("31 February 2024 is not a day") is None
