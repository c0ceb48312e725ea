import datetime

from django.urls import reverse

from mediation.models import Case, CaseMediator

from .factories import CaseFactory, PartyFactory


def _cases(grid, mediator_record, n):
    for index in range(n):
        case = CaseFactory(grid=grid, risk=["red", "orange", "yellow"][index % 3])
        PartyFactory(case=case)
        CaseMediator.objects.create(case=case, mediator=mediator_record, role="lead")


def test_case_list_queries_stay_constant(
    client, mediator, mediator_record, grid_a, django_assert_max_num_queries
):
    client.force_login(mediator)
    _cases(grid_a, mediator_record, 3)
    with django_assert_max_num_queries(25) as small:
        assert client.get(reverse("mediation:case_list")).status_code == 200
    _cases(grid_a, mediator_record, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("mediation:case_list")).status_code == 200


def test_export_queries_stay_constant(
    client, mediator, mediator_record, grid_a, django_assert_max_num_queries
):
    client.force_login(mediator)
    _cases(grid_a, mediator_record, 3)
    with django_assert_max_num_queries(25) as small:
        client.get(reverse("mediation:case_export"))
    _cases(grid_a, mediator_record, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("mediation:case_export"))


def test_overdue_and_red_cases_come_first(client, mediator, mediator_record, grid_a):
    calm = CaseFactory(grid=grid_a, risk="yellow")
    red = CaseFactory(grid=grid_a, risk="red")
    late = CaseFactory(grid=grid_a, risk="yellow")
    late.accept(by=mediator)
    Case.objects.filter(pk=late.pk).update(deadline=datetime.date(2020, 1, 1))
    ordered = list(Case.objects.urgent_first())
    assert ordered[:3] == [late, red, calm]
    client.force_login(mediator)
    html = client.get(reverse("mediation:case_list")).content.decode()
    assert (
        html.index(late.reference)
        < html.index(red.reference)
        < html.index(calm.reference)
    )
