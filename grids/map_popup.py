"""What a grid's popup on the public map shows: who serves it and how to reach
them (the same public fields as the contact cards) and a public summary that
other apps add through the ``grid_public_summary`` hook:
``fn(grid) -> [{"label": str, "value": str}]``. No data about residents."""

from django.http import Http404, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail import hooks

from .models import Assignment, Grid

ROLE_ORDER = list(Assignment.Role.values)


@require_GET
@cache_control(max_age=300, public=True)
def grid_popup(request, code):
    grid = (
        Grid.objects.select_related("community__station", "page")
        .filter(code=code, page__live=True)
        .first()
    )
    if grid is None:
        raise Http404
    assignments = sorted(
        Assignment.objects.current().filter(grid=grid).select_related("person"),
        key=lambda a: (ROLE_ORDER.index(a.role), a.person.name),
    )
    summary = [
        item for fn in hooks.get_hooks("grid_public_summary") for item in fn(grid)
    ]
    return JsonResponse(
        {
            "code": grid.code,
            "name": grid.name,
            "community": grid.community.name,
            "station": grid.community.station.name,
            "url": grid.page.url,
            "contacts": [
                {
                    "name": a.person.name,
                    "role": str(a.get_role_display()),
                    "phone": a.person.work_phone,
                }
                for a in assignments
            ],
            "summary": summary,
        }
    )
