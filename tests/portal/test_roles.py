import pytest
from django.contrib.auth.models import Group

from portal import roles

pytestmark = pytest.mark.django_db


def test_every_role_group_exists_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Resident",
        "Volunteer",
        "Team leader",
        "Community officer",
        "Station supervisor",
        "Mediator",
        "Bureau admin",
    }


def test_only_staff_roles_may_open_the_admin():
    with_access = set(
        Group.objects.filter(permissions__codename="access_admin").values_list(
            "name", flat=True
        )
    )
    assert with_access == roles.STAFF_ROLES


def test_staff_roles_count_as_staff_members(resident, volunteer, mediator):
    assert not roles.is_staff_member(resident)
    assert not roles.is_staff_member(volunteer)
    assert roles.is_staff_member(mediator)
