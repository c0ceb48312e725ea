"""Search grids by Chinese (or any) names.

The database full-text backends split text on spaces, which Chinese does not
use, so this matches substrings across the fields people actually type: grid,
community, sub-district, station, streets and the names of people serving there.
"""

from django.db.models import Q

from .models import Assignment, Grid

MAX_RESULTS = 50


def search_grids(query):
    terms = query.split()
    if not terms:
        return Grid.objects.none()
    condition = Q()
    for term in terms:
        officer_grids = Assignment.objects.current().filter(
            person__name__icontains=term
        )
        condition &= (
            Q(name__icontains=term)
            | Q(code__iexact=term)
            | Q(streets__icontains=term)
            | Q(community__name__icontains=term)
            | Q(community__subdistrict__icontains=term)
            | Q(community__station__name__icontains=term)
            | Q(pk__in=officer_grids.values("grid_id"))
        )
    return (
        Grid.objects.filter(condition)
        .select_related("community__station", "page")
        .order_by("code")[:MAX_RESULTS]
    )
