"""Reporting periods (week, month, quarter, year) with Asia/Shanghai boundaries.

A period is half-open: ``start <= t < end``. Both ends are aware datetimes at local
midnight, so a report filed at 23:59 on the last day of a month (Beijing time)
counts in that month even though it is the 15:59 UTC of the same day.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KINDS = {
    "week": _("Week"),
    "month": _("Month"),
    "quarter": _("Quarter"),
    "year": _("Year"),
}


def _midnight(day):
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone()
    )


def _first_day(kind, day):
    if kind == "week":
        return day - dt.timedelta(days=day.weekday())
    if kind == "month":
        return day.replace(day=1)
    if kind == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if kind == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown period kind {kind!r}")


def _next_first_day(kind, first):
    if kind == "week":
        return first + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.datetime
    end: dt.datetime

    @classmethod
    def containing(cls, kind, day=None):
        """The period of ``kind`` that contains ``day`` (a date; default today)."""
        if day is None:
            day = timezone.localdate()
        elif isinstance(day, dt.datetime):
            day = (
                timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
            )
        first = _first_day(kind, day)
        return cls(kind, _midnight(first), _midnight(_next_first_day(kind, first)))

    @classmethod
    def parse(cls, kind, text):
        """Read a period key: 2026-W47, 2026-11, 2026-Q4 or 2026.

        Raises ValueError on anything else, so views can turn it into a 404 or a
        form error.
        """
        text = (text or "").strip()
        patterns = {
            "week": r"(\d{4})-W(\d{1,2})",
            "month": r"(\d{4})-(\d{1,2})",
            "quarter": r"(\d{4})-Q([1-4])",
            "year": r"(\d{4})",
        }
        if kind not in patterns:
            raise ValueError(f"unknown period kind {kind!r}")
        match = re.fullmatch(patterns[kind], text)
        if not match:
            raise ValueError(f"not a {kind} key: {text!r}")
        year = int(match.group(1))
        if kind == "week":
            day = dt.date.fromisocalendar(year, int(match.group(2)), 1)
        elif kind == "month":
            day = dt.date(year, int(match.group(2)), 1)
        elif kind == "quarter":
            day = dt.date(year, (int(match.group(2)) - 1) * 3 + 1, 1)
        else:
            day = dt.date(year, 1, 1)
        return cls.containing(kind, day)

    @property
    def first_day(self):
        return timezone.localtime(self.start).date()

    @property
    def last_day(self):
        return timezone.localtime(self.end).date() - dt.timedelta(days=1)

    @property
    def key(self):
        """The text ``parse`` reads back: used in URLs and export file names."""
        first = self.first_day
        if self.kind == "week":
            year, week, _day = first.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{first.year}-{first.month:02d}"
        if self.kind == "quarter":
            return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
        return f"{first.year}"

    @property
    def label(self):
        return self.key

    def previous(self):
        return Period.containing(self.kind, self.first_day - dt.timedelta(days=1))

    def next(self):
        return Period.containing(self.kind, self.last_day + dt.timedelta(days=1))

    def __str__(self):
        return self.key
