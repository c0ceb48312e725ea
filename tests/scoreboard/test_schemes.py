"""Scoring schemes in the Wagtail admin: every change is a new version, past
rankings keep theirs, and bad input changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from scoreboard.models import SchemeVersion, ScoringScheme
from scoreboard.periods import Period
from scoreboard.services import compute_ranking

ADD = reverse("scoreboard_scheme:add")


def _form(weights, **fields):
    data = {
        "name": "网格月度考核",
        "description": "",
        "period_kind": "month",
        "normalisation": "range",
        "is_active": "on",
        "weights-TOTAL_FORMS": str(len(weights)),
        "weights-INITIAL_FORMS": "0",
        "weights-MIN_NUM_FORMS": "0",
        "weights-MAX_NUM_FORMS": "1000",
    }
    for i, (kpi, weight, cap, target) in enumerate(weights):
        data.update(
            {
                f"weights-{i}-kpi": kpi,
                f"weights-{i}-weight": str(weight),
                f"weights-{i}-cap": "" if cap is None else str(cap),
                f"weights-{i}-target": "" if target is None else str(target),
                f"weights-{i}-ORDER": str(i + 1),
                f"weights-{i}-DELETE": "",
                f"weights-{i}-id": "",
            }
        )
    data.update(fields)
    return data


def _edit_form(scheme, weights, **fields):
    data = _form([], **fields)
    existing = list(scheme.weights.all())
    data["weights-TOTAL_FORMS"] = str(len(existing))
    data["weights-INITIAL_FORMS"] = str(len(existing))
    for i, (row, (weight, cap, target)) in enumerate(
        zip(existing, weights, strict=True)
    ):
        data.update(
            {
                f"weights-{i}-id": str(row.pk),
                f"weights-{i}-kpi": row.kpi,
                f"weights-{i}-weight": str(weight),
                f"weights-{i}-cap": "" if cap is None else str(cap),
                f"weights-{i}-target": "" if target is None else str(target),
                f"weights-{i}-ORDER": str(i + 1),
                f"weights-{i}-DELETE": "",
            }
        )
    return data


@pytest.fixture
def scheme(client, bureau_admin):
    client.force_login(bureau_admin)
    response = client.post(
        ADD, _form([("closure_rate", 2, None, None), ("mean_rating", 1, 4.5, None)])
    )
    assert response.status_code == 302, response.context["form"].errors
    return ScoringScheme.objects.get()


def test_adding_a_scheme_freezes_version_1(scheme, bureau_admin):
    (version,) = SchemeVersion.objects.all()
    assert version.number == 1 and version.created_by == bureau_admin
    assert version.rules["weights"] == [
        {"kpi": "closure_rate", "weight": 2.0, "cap": None, "target": None},
        {"kpi": "mean_rating", "weight": 1.0, "cap": 4.5, "target": None},
    ]


def test_a_change_makes_version_2_and_past_rankings_keep_version_1(
    client, scheme, grid_a
):
    old = compute_ranking(
        scheme.current_version, "grid", Period.parse("month", "2026-10")
    )
    edit = reverse("scoreboard_scheme:edit", args=[scheme.pk])
    response = client.post(edit, _edit_form(scheme, [(5, None, None), (1, 4.5, None)]))
    assert response.status_code == 302
    assert list(scheme.versions.values_list("number", flat=True)) == [2, 1]
    assert scheme.current_version.rules["weights"][0]["weight"] == 5.0
    old.refresh_from_db()
    assert old.version.number == 1
    assert old.version.rules["weights"][0]["weight"] == 2.0


def test_saving_without_a_change_keeps_the_version(client, scheme):
    edit = reverse("scoreboard_scheme:edit", args=[scheme.pk])
    client.post(edit, _edit_form(scheme, [(2, None, None), (1, 4.5, None)]))
    assert scheme.versions.count() == 1


def test_versions_are_never_edited(scheme):
    version = scheme.current_version
    version.rules = {}
    with pytest.raises(ValidationError):
        version.save()


@pytest.mark.parametrize(
    ("weights", "fields", "error"),
    [
        ([], {}, None),
        ([("closure_rate", 1, None, None), ("closure_rate", 2, None, None)], {}, None),
        (
            [("closure_rate", 1, None, None)],
            {"normalisation": "target"},
            "normalisation",
        ),
        ([("closure_rate", 0, None, None)], {}, None),
        ([("not_a_kpi", 1, None, None)], {}, None),
    ],
)
def test_bad_schemes_are_refused_and_change_nothing(
    client, bureau_admin, weights, fields, error
):
    client.force_login(bureau_admin)
    response = client.post(ADD, _form(weights, **fields))
    assert response.status_code == 200
    form = response.context["form"]
    formset_errors = any(form.formsets["weights"].errors) or bool(
        form.formsets["weights"].non_form_errors()
    )
    assert (error in form.errors) if error else (form.errors or formset_errors)
    assert not ScoringScheme.objects.exists() and not SchemeVersion.objects.exists()


def test_officers_see_schemes_but_cannot_add_them(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("scoreboard_scheme:index")).status_code == 200
    response = client.post(ADD, _form([("closure_rate", 1, None, None)]))
    assert response.status_code in (302, 403)
    assert not ScoringScheme.objects.exists()


def test_version_history_page_lists_every_version(client, scheme):
    edit = reverse("scoreboard_scheme:edit", args=[scheme.pk])
    client.post(edit, _edit_form(scheme, [(3, None, None), (1, 4.5, None)]))
    html = client.get(
        reverse("scoreboard_scheme_versions", args=[scheme.pk])
    ).content.decode()
    assert 'data-version="2"' in html and 'data-version="1"' in html


def test_scheme_pages_render_for_bureau_admins(client, scheme):
    assert client.get(ADD).status_code == 200
    edit = reverse("scoreboard_scheme:edit", args=[scheme.pk])
    html = client.get(edit).content.decode()
    assert 'name="weights-0-kpi"' in html
    index = client.get(reverse("scoreboard_scheme:index")).content.decode()
    assert scheme.name in index


def test_a_scheme_with_versions_cannot_be_deleted(client, scheme, bureau_admin):
    delete = reverse("scoreboard_scheme:delete", args=[scheme.pk])
    assert client.post(delete).status_code == 302  # refused (no permission)
    bureau_admin.is_superuser = True
    bureau_admin.save()
    response = client.post(delete)
    assert response.status_code == 302
    assert response.url == reverse("scoreboard_scheme:index")
    assert ScoringScheme.objects.filter(pk=scheme.pk).exists()
