from django.urls import reverse

from mediation.models import AuditLogEntry

from .factories import CaseFactory


def test_admin_case_list_is_scoped_to_the_station(
    client, mediator, mediator_record, case_a, grid_other_station
):
    other = CaseFactory(grid=grid_other_station)
    client.force_login(mediator)
    html = client.get(reverse("mediation_case:index")).content.decode()
    assert case_a.reference in html and other.reference not in html
    response = client.get(reverse("mediation_case:edit", args=[other.pk]))
    assert response.status_code == 404


def test_admin_audit_log_is_read_only(client, bureau_admin, case_on_mediator):
    AuditLogEntry.objects.create(
        user=bureau_admin, case=case_on_mediator, action="view_parties"
    )
    entry = AuditLogEntry.objects.get()
    client.force_login(bureau_admin)
    assert client.get(reverse("mediation_audit:index")).status_code == 200
    assert client.get(reverse("mediation_audit:edit", args=[entry.pk])).status_code in (
        302,
        403,
    )
    assert client.post(
        reverse("mediation_audit:delete", args=[entry.pk])
    ).status_code in (302, 403)
    assert AuditLogEntry.objects.count() == 1


def test_admin_dashboard_lists_red_cases(client, station_supervisor, grid_a):
    red = CaseFactory(grid=grid_a, risk="red")
    client.force_login(station_supervisor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert red.reference in html


def test_statistics_report_counts_by_category(client, bureau_admin, grid_a):
    CaseFactory(grid=grid_a, category="labour")
    CaseFactory(grid=grid_a, category="labour")
    client.force_login(bureau_admin)
    response = client.get(reverse("mediation_statistics"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Labour" in response.content.decode()


def test_statistics_are_refused_to_volunteers(client, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("mediation_statistics")).status_code in (302, 403)


def test_admin_case_created_gets_a_timeline_entry(
    client, mediator, mediator_record, grid_a
):
    client.force_login(mediator)
    response = client.post(
        reverse("mediation_case:add"),
        {
            "source": "walk_in",
            "source_reference": "",
            "category": "neighbour",
            "risk": "yellow",
            "grid": grid_a.pk,
            "summary": "邻里漏水纠纷",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from mediation.models import Case

    case = Case.objects.get()
    assert case.events.get().kind == "opened" and case.created_by == mediator
