"""Who may see and work on which cases and councils: the one place that answers it.

- Anyone who may work on a grid (grids.access) sees its cases, without parties.
- Mediators see the cases of the station they serve and the cases they are on.
- Party details (names, phones, ID numbers, addresses, minutes, documents) are
  for the case's current mediators, the station's supervisor and bureau admins.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from grids.access import (
    grids_visible_to,
    sees_everything,
    stations_visible_to,
    supervised_station_ids,
)
from portal.roles import is_staff_member

from .models import Case, CaseMediator, Council, Mediator


def mediator_of(user):
    """The active Mediator record of this account, or None (cached on the user)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_mediation_mediator"):
        user._mediation_mediator = Mediator.objects.filter(
            user=user, active=True
        ).first()
    return user._mediation_mediator


def cases_visible_to(user):
    if not user.is_authenticated or not is_staff_member(user):
        return Case.objects.none()
    if sees_everything(user):
        return Case.objects.all()
    visible = Q(grid__in=grids_visible_to(user))
    mediator = mediator_of(user)
    if mediator:
        on_case = CaseMediator.objects.current().filter(mediator=mediator)
        visible |= Q(grid__community__station_id=mediator.station_id) | Q(
            pk__in=on_case.values("case_id")
        )
    return Case.objects.filter(visible)


def get_case_for_user(user, pk):
    """The case, or 404 if it does not exist or the user may not see it."""
    return get_object_or_404(cases_visible_to(user).select_related("grid"), pk=pk)


def can_see_parties(user, case):
    """The case's current mediators, its station's supervisor and bureau admins."""
    if sees_everything(user):
        return True
    if case.grid.community.station_id in supervised_station_ids(user):
        return True
    mediator = mediator_of(user)
    return bool(
        mediator and case.assignments.current().filter(mediator=mediator).exists()
    )


def require_party_access(user, case):
    if not can_see_parties(user, case):
        raise PermissionDenied


def can_take_case(user, case):
    """A mediator of the station may take an open case nobody leads yet."""
    mediator = mediator_of(user)
    return bool(
        mediator
        and case.is_open
        and mediator.station_id == case.grid.community.station_id
        and not case.assignments.current().filter(role=CaseMediator.Role.LEAD).exists()
    )


def mediators_for_case(case):
    return Mediator.objects.filter(
        active=True, station_id=case.grid.community.station_id
    )


def grids_for_new_cases(user):
    grids = grids_visible_to(user)
    mediator = mediator_of(user)
    if mediator:
        grids = grids | grids.model.objects.filter(
            community__station_id=mediator.station_id
        )
    return grids.select_related("community").distinct()


def councils_visible_to(user):
    if not user.is_authenticated or not is_staff_member(user):
        return Council.objects.none()
    if sees_everything(user):
        return Council.objects.all()
    return Council.objects.filter(
        Q(community__grids__in=grids_visible_to(user))
        | Q(community__station_id__in=supervised_station_ids(user))
        | Q(convenor=user)
    ).distinct()


def staff_required(view):
    """Logged-in staff with a TOTP authenticator; others are refused."""

    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(user):
            raise PermissionDenied
        from allauth.mfa.models import Authenticator

        if not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists():
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def cases_with_party_access(user):
    """Cases whose party data, minutes and documents this user may see."""
    if not user.is_authenticated or not is_staff_member(user):
        return Case.objects.none()
    if sees_everything(user):
        return Case.objects.all()
    visible = Q(grid__community__station_id__in=supervised_station_ids(user))
    mediator = mediator_of(user)
    if mediator:
        on_case = CaseMediator.objects.current().filter(mediator=mediator)
        visible |= Q(pk__in=on_case.values("case_id"))
    return Case.objects.filter(visible)


def mediators_visible_to(user):
    if not user.is_authenticated or not is_staff_member(user):
        return Mediator.objects.none()
    stations = stations_visible_to(user)
    mediator = mediator_of(user)
    if mediator:
        return Mediator.objects.filter(
            Q(station__in=stations) | Q(station_id=mediator.station_id)
        )
    return Mediator.objects.filter(station__in=stations)
