"""Periods have Beijing-time boundaries and round-trip through their keys."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from scoreboard.periods import Period

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("kind", "key", "start", "end"),
    [
        ("week", "2026-W47", dt.datetime(2026, 11, 16), dt.datetime(2026, 11, 23)),
        ("month", "2026-11", dt.datetime(2026, 11, 1), dt.datetime(2026, 12, 1)),
        ("month", "2026-12", dt.datetime(2026, 12, 1), dt.datetime(2027, 1, 1)),
        ("quarter", "2026-Q4", dt.datetime(2026, 10, 1), dt.datetime(2027, 1, 1)),
        ("year", "2026", dt.datetime(2026, 1, 1), dt.datetime(2027, 1, 1)),
    ],
)
def test_parse_gives_local_midnights_and_the_key_reads_back(kind, key, start, end):
    period = Period.parse(kind, key)
    assert period.start == start.replace(tzinfo=SHANGHAI)
    assert period.end == end.replace(tzinfo=SHANGHAI)
    assert period.key == key
    assert Period.parse(kind, period.key) == period


def test_a_late_evening_in_beijing_belongs_to_that_day():
    # 31 Oct 23:30 in Beijing is 15:30 UTC the same day: October, not November.
    evening = dt.datetime(2026, 10, 31, 15, 30, tzinfo=dt.UTC)
    assert Period.containing("month", evening).key == "2026-10"
    assert Period.containing("month", evening + dt.timedelta(hours=1)).key == "2026-11"


def test_previous_and_next_cross_year_ends():
    january = Period.parse("month", "2027-01")
    assert january.previous().key == "2026-12"
    assert january.previous().next() == january
    assert Period.parse("quarter", "2027-Q1").previous().key == "2026-Q4"
    assert Period.parse("week", "2027-W01").previous().key == "2026-W53"


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("month", "2026-13"),
        ("month", "十一月"),
        ("quarter", "2026-Q5"),
        ("week", "2026-W60"),
        ("decade", "2020"),
        ("year", ""),
    ],
)
def test_bad_keys_raise_value_error(kind, key):
    with pytest.raises(ValueError):
        Period.parse(kind, key)
