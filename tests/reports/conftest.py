import pytest

from grids.models import Person

from .factories import CategoryFactory


@pytest.fixture
def category(db):
    return CategoryFactory(
        code="safety",
        name="治安隐患",
        notice="诈骗正在进行？请立即拨打110。",
        questions="发生在什么时间？\n是否有人受伤？",
    )


@pytest.fixture
def station_supervisor(supervisor, station):
    """The conftest supervisor, heading the station of grids A and B."""
    supervisor.person.station = station
    supervisor.person.save()
    return supervisor


@pytest.fixture
def officer_a_phone(officer_a):
    Person.objects.filter(user=officer_a).update(work_phone="13900000001")
    return "13900000001"
