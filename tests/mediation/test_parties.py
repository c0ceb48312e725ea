import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from mediation.forms import PartyForm
from mediation.models import Party
from mediation.validators import validate_resident_id

from .factories import PartyFactory


def test_party_data_is_encrypted_in_the_database(case_a):
    party = case_a.parties.first()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, phone, id_number, address FROM mediation_party WHERE id = %s",
            [party.pk],
        )
        raw = cursor.fetchone()
    assert "张丽华" not in raw[0]
    assert "13912345678" not in raw[1]
    assert raw[2] and not raw[2].startswith("1101")
    assert "文一路" not in raw[3]
    assert Party.objects.get(pk=party.pk).name == "张丽华"


@pytest.mark.parametrize(
    "value", ["11010519491231002X", "440524188001010014", "11010519491231002x"]
)
def test_valid_resident_ids_pass(value):
    validate_resident_id(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "id_checksum"),
        ("1101051949123100", "id_format"),
        ("11010519491331002X", "id_birth_date"),
        ("ABCDEFGHIJKLMNOPQR", "id_format"),
    ],
)
def test_invalid_resident_ids_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        validate_resident_id(value)
    assert error.value.code == code


def test_party_form_refuses_an_invalid_id_and_a_bad_phone(db):
    form = PartyForm(
        data={
            "role": "applicant",
            "name": "张三",
            "phone": "1381234",
            "id_number": "110105194912310021",
        }
    )
    assert not form.is_valid()
    assert "id_number" in form.errors and "phone" in form.errors


def test_adding_a_party_with_an_invalid_id_shows_the_error_and_saves_nothing(
    client, mediator, case_on_mediator
):
    client.force_login(mediator)
    before = case_on_mediator.parties.count()
    response = client.post(
        reverse("mediation:party_add", args=[case_on_mediator.pk]),
        {"role": "other", "name": "李四", "id_number": "110105194912310021"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "last character does not match" in response.content.decode()
    assert case_on_mediator.parties.count() == before


def test_adding_a_party_stores_it_and_logs_only_the_role(
    client, mediator, case_on_mediator
):
    client.force_login(mediator)
    response = client.post(
        reverse("mediation:party_add", args=[case_on_mediator.pk]),
        {
            "role": "other",
            "name": "李四",
            "phone": "138 0000 1111",
            "id_number": "11010519491231002x",
            "address": "文二路1号",
            "relationship": "房东",
        },
    )
    assert response.status_code == 302
    party = case_on_mediator.parties.get(role="other")
    assert party.phone == "13800001111"
    assert party.id_number == "11010519491231002X"
    assert "李四" not in case_on_mediator.events.last().text


def test_erasing_a_party_keeps_its_role(db):
    party = PartyFactory()
    party.erase()
    party.refresh_from_db()
    assert (party.name, party.phone, party.id_number, party.address) == ("", "", "", "")
    assert party.role == "applicant" and party.erased
