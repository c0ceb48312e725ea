import pytest

from .factories import MembershipFactory, TeamFactory, VolunteerFactory


@pytest.fixture
def team(station, grid_a, team_leader):
    team = TeamFactory(
        name="西湖平安巡防队", slug="xh-patrol", station=station, leader=team_leader
    )
    team.grids.add(grid_a)
    return team


@pytest.fixture
def other_team(station, grid_b):
    team = TeamFactory(name="护校志愿队", slug="school-escort", station=station)
    team.grids.add(grid_b)
    return team


@pytest.fixture
def member(volunteer, team, community):
    """The `volunteer` persona's approved profile, in `team`."""
    profile = VolunteerFactory(user=volunteer, real_name="张志强", community=community)
    MembershipFactory(team=team, volunteer=profile)
    return profile


@pytest.fixture
def other_member(team, community):
    profile = VolunteerFactory(real_name="李红梅", community=community)
    MembershipFactory(team=team, volunteer=profile)
    return profile


@pytest.fixture
def patrol_points(grid_a):
    """Two patrol points of grid_a, the grid `team` serves."""
    from tests.grids.patrol_factories import PatrolPointFactory

    return [
        PatrolPointFactory(grid=grid_a, name="小区东门岗亭"),
        PatrolPointFactory(grid=grid_a, name="地下车库入口"),
    ]
