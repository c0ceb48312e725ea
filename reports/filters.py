import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from grids.access import grids_visible_to

from .models import Category, Report


def _visible_grids(request):
    return grids_visible_to(request.user) if request else Report.objects.none()


class ReportFilterSet(WagtailFilterSet):
    """The inbox filters; the grid choices are only the user's own grids."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Report.Status.choices
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all()
    )
    grid = django_filters.ModelChoiceFilter(label=_("Grid"), queryset=_visible_grids)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    needs_review = django_filters.BooleanFilter(label=_("Needs supervisor review"))

    class Meta:
        model = Report
        fields = ["status", "category", "grid", "overdue", "needs_review"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue(timezone.now())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))
