import pytest

from mediation.models import CaseMediator
from portal import roles
from tests.conftest import with_totp
from tests.factories import AssignmentFactory, PersonFactory, UserFactory

from .factories import CaseFactory, MediatorFactory, PartyFactory


@pytest.fixture
def mediator_record(mediator, station):
    """The `mediator` persona as a stationed people's mediator of `station`."""
    return MediatorFactory(name="周调解", user=mediator, station=station)


@pytest.fixture
def station_supervisor(supervisor, station):
    supervisor.person.station = station
    supervisor.person.save()
    return supervisor


@pytest.fixture
def other_mediator(other_station):
    user = with_totp(
        UserFactory(email="other.mediator@example.com", groups=[roles.MEDIATOR])
    )
    MediatorFactory(name="钱调解", user=user, station=other_station)
    return user


@pytest.fixture
def officer_other_station(grid_other_station):
    user = with_totp(
        UserFactory(email="officer.gs@example.com", groups=[roles.COMMUNITY_OFFICER])
    )
    AssignmentFactory(
        person=PersonFactory(name="孙警官", user=user), grid=grid_other_station
    )
    return user


@pytest.fixture
def case_a(grid_a):
    case = CaseFactory(grid=grid_a)
    PartyFactory(case=case, role="applicant", name="张丽华", phone="13912345678")
    PartyFactory(case=case, role="respondent", name="王志强", phone="13887654321")
    return case


@pytest.fixture
def case_on_mediator(case_a, mediator_record):
    CaseMediator.objects.create(case=case_a, mediator=mediator_record, role="lead")
    return case_a
