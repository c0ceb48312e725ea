"""Patrol fixtures: points of grid_a and grid_b, and an auxiliary officer of grid_a."""

import pytest

from portal import roles
from tests.factories import AssignmentFactory, PersonFactory, UserFactory

from .patrol_factories import GATE, PatrolPointFactory


@pytest.fixture
def gate(grid_a):
    return PatrolPointFactory(
        grid=grid_a, name="小区东门岗亭", lat=GATE[0], lng=GATE[1]
    )


@pytest.fixture
def garage(grid_a):
    return PatrolPointFactory(
        grid=grid_a, name="地下车库入口", lat=30.2060, lng=120.1060
    )


@pytest.fixture
def point_b(grid_b):
    return PatrolPointFactory(grid=grid_b, name="快递驿站", lat=30.2050, lng=120.1150)


@pytest.fixture
def auxiliary_a(grid_a):
    user = UserFactory(email="aux.a@example.com", groups=[roles.COMMUNITY_OFFICER])
    person = PersonFactory(name="周辅警", role="auxiliary_officer", user=user)
    AssignmentFactory(person=person, grid=grid_a, role="auxiliary_officer")
    return user
