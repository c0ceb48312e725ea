"""The fact tables KPIs are computed from, each aggregated in one GROUP BY.

A source knows its rows for a period (``rows``), the path from a row to its grid,
and the aggregate ``components`` (counts, sums, averages) that KPI values are
made of. ``aggregate`` runs one grouped query for a level and returns
``{subject_id: {component: value}}``; medians add one more grouped query on
SQLite (see ``sql``).
"""

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from . import sql


class Source:
    name = ""
    path = "grid"
    station_key = None  # a column naming the station directly, when there is one
    dated = True

    def queryset(self):
        raise NotImplementedError

    def in_period(self, period):
        raise NotImplementedError

    def components(self, now):
        raise NotImplementedError

    def medians(self):
        return {}

    def rows(self, period):
        queryset = self.queryset()
        return queryset.filter(self.in_period(period)) if self.dated else queryset

    def aggregate(self, subjects, period, now=None, subject_id=None):
        """``{subject: components}``; with ``subject_id``, that subject's rows only."""
        now = now or timezone.now()
        key = subjects.key(self.path, self.station_key)
        rows = self.rows(period)
        if subject_id is not None:
            rows = rows.filter(subjects.filter(self.path, subject_id, self.station_key))
        rows = rows.annotate(_subject=key).filter(_subject__isnull=False)
        aggregates = dict(self.components(now))
        exact = sql.exact_medians()
        if exact:
            aggregates.update(
                {name: sql.Median(expr) for name, expr in self.medians().items()}
            )
        result = {
            row.pop("_subject"): row
            for row in rows.values("_subject").annotate(**aggregates).order_by()
        }
        if not exact:
            for name, expr in self.medians().items():
                medians = sql.histogram_medians(rows, key, expr)
                for subject, values in result.items():
                    values[name] = medians.get(subject)
        return result


def _between(field, period):
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def _between_days(field, period):
    return Q(**{f"{field}__gte": period.first_day, f"{field}__lte": period.last_day})


class ReportSource(Source):
    """Reports received in the period (the cohort every report KPI follows)."""

    name = "reports"
    station_key = "station_id"

    def queryset(self):
        from reports.models import Report

        return Report.objects.all()

    def in_period(self, period):
        return _between("created_at", period)

    @staticmethod
    def reopened():
        from reports.models import Report, ReportUpdate

        return Exists(
            ReportUpdate.objects.filter(
                report=OuterRef("pk"),
                kind=ReportUpdate.Kind.STATUS,
                from_status__in=Report.FINISHED_STATUSES,
                to_status=Report.Status.IN_PROGRESS,
            )
        )

    @staticmethod
    def q(name, now):
        """The row sets behind report KPIs: denominators and numerators."""
        from reports.models import Report

        status = Report.Status
        finished = Q(status__in=Report.FINISHED_STATUSES)
        return {
            "accept_due": Q(accepted_at__isnull=False)
            | Q(status=status.SUBMITTED, accept_due_at__lt=now),
            "accept_on_time": Q(accepted_at__lte=F("accept_due_at")),
            "accepted": Q(accepted_at__isnull=False),
            "resolved": Q(resolved_at__isnull=False),
            "resolve_due": Q(resolved_at__isnull=False)
            | Q(status__in=Report.WORKING_STATUSES, resolve_due_at__lt=now),
            "resolve_on_time": Q(resolved_at__lte=F("resolve_due_at")),
            "finished": finished,
            "ever_finished": finished | Q(ReportSource.reopened()),
            "reopened": Q(ReportSource.reopened()),
            "rated": Q(rating__isnull=False),
            "rateable": Q(resolved_at__isnull=False) | Q(rating__isnull=False),
        }[name]

    def components(self, now):
        names = [
            "accept_due",
            "accept_on_time",
            "resolve_due",
            "resolve_on_time",
            "finished",
            "ever_finished",
            "reopened",
            "rated",
            "rateable",
        ]
        counts = {name: Count("pk", filter=self.q(name, now)) for name in names}
        return {"received": Count("pk"), "mean_rating": Avg("rating"), **counts}

    def medians(self):
        return {
            "accept_hours": sql.HoursBetween("accepted_at", "created_at"),
            "resolve_hours": sql.HoursBetween("resolved_at", "created_at"),
        }


class CaseSource(Source):
    """Mediation cases opened in the period."""

    name = "cases"

    def queryset(self):
        from mediation.models import Case

        return Case.objects.all()

    def in_period(self, period):
        return _between("created_at", period)

    @staticmethod
    def q(name, now):
        from mediation.models import Case

        agreed = Q(agreement__isnull=False)
        return {
            "settled": agreed | ~Q(referred_to=""),
            "agreed": agreed,
            "overdue": Q(status__in=Case.RUNNING, deadline__lt=timezone.localdate(now)),
        }[name]

    def components(self, now):
        return {
            "cases": Count("pk"),
            **{n: Count("pk", filter=self.q(n, now)) for n in ("settled", "agreed")},
            "overdue": Count("pk", filter=self.q("overdue", now)),
        }


class FollowUpSource(Source):
    """Follow-up visits made (visited) in the period."""

    name = "follow_ups"
    path = "case__grid"

    def queryset(self):
        from mediation.models import FollowUp

        return FollowUp.objects.all()

    def in_period(self, period):
        return _between_days("visited_on", period)

    def components(self, now):
        return {"follow_ups": Count("pk")}


class LedgerSource(Source):
    """Points credited for verified service in the period, via the service log's
    grid: the ledger entry's time is when the service was verified and credited."""

    name = "ledger"
    path = "service_log__grid"

    def queryset(self):
        from volunteers.models import LedgerEntry

        return LedgerEntry.objects.filter(
            kind=LedgerEntry.Kind.EARN, service_log__isnull=False
        )

    def in_period(self, period):
        return _between("created_at", period)

    def components(self, now):
        return {
            "volunteer_hours": Sum("service_log__hours"),
            "volunteers": Count("volunteer_id", distinct=True),
        }


class PopulationSource(Source):
    """Residents of the subject's grids (not dated)."""

    name = "population"
    path = ""
    dated = False

    def queryset(self):
        from grids.models import Grid

        return Grid.objects.all()

    def components(self, now):
        return {"population": Sum("population")}


class PatrolSource(Source):
    """Patrols started in the period and finished."""

    name = "patrols"

    def queryset(self):
        from grids.models import Patrol

        return Patrol.objects.finished()

    def in_period(self, period):
        return _between("started_at", period)

    def components(self, now):
        return {
            "patrols": Count("pk"),
            "patrol_hours": Sum(sql.HoursBetween("ended_at", "started_at")),
        }


class PatrolPointSource(Source):
    """Active patrol points (not dated: the points in use now)."""

    name = "points"
    dated = False

    def queryset(self):
        from grids.models import PatrolPoint

        return PatrolPoint.objects.filter(is_active=True)

    def components(self, now):
        return {"points": Count("pk")}


class CheckinSource(Source):
    """Check-ins at active patrol points in the period."""

    name = "checkins"
    path = "point__grid"

    def queryset(self):
        from grids.models import PatrolCheckin

        return PatrolCheckin.objects.filter(point__is_active=True)

    def in_period(self, period):
        return _between("checked_at", period)

    def components(self, now):
        return {"covered_points": Count("point_id", distinct=True)}


SOURCES = {
    source.name: source
    for source in [
        ReportSource(),
        CaseSource(),
        FollowUpSource(),
        LedgerSource(),
        PopulationSource(),
        PatrolSource(),
        PatrolPointSource(),
        CheckinSource(),
    ]
}
