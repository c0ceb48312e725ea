import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mediation import services
from mediation.models import Case, add_one_month

from .factories import AgreementFactory


def _mediating(case, user):
    case.accept(by=user)
    case.start_mediation(by=user)
    return case


def test_one_month_deadline_handles_short_months():
    assert add_one_month(datetime.date(2026, 1, 31)) == datetime.date(2026, 2, 28)
    assert add_one_month(datetime.date(2026, 12, 15)) == datetime.date(2027, 1, 15)


def test_accepting_sets_a_deadline_one_month_on(case_a, mediator):
    case_a.accept(by=mediator)
    case_a.refresh_from_db()
    assert case_a.status == Case.Status.ACCEPTED
    assert case_a.deadline == add_one_month(timezone.localdate())
    assert case_a.events.last().kind == "accepted"


def test_a_case_cannot_be_accepted_twice(case_a, mediator):
    case_a.accept(by=mediator)
    with pytest.raises(ValidationError):
        case_a.accept(by=mediator)


def test_extension_needs_a_reason_and_both_parties(case_a, mediator):
    _mediating(case_a, mediator)
    deadline = case_a.deadline
    with pytest.raises(ValidationError) as error:
        case_a.extend_deadline(
            new_deadline=deadline + datetime.timedelta(days=15),
            reason=" ",
            both_parties_agreed=False,
            by=mediator,
        )
    assert set(error.value.message_dict) == {"reason", "both_parties_agreed"}
    case_a.refresh_from_db()
    assert case_a.deadline == deadline and not case_a.extensions.exists()


def test_extension_with_consent_moves_the_deadline(case_a, mediator):
    _mediating(case_a, mediator)
    new = case_a.deadline + datetime.timedelta(days=15)
    case_a.extend_deadline(
        new_deadline=new,
        reason="双方同意等待鉴定结果",
        both_parties_agreed=True,
        by=mediator,
    )
    case_a.refresh_from_db()
    assert case_a.deadline == new
    assert case_a.extensions.get().reason == "双方同意等待鉴定结果"


def test_agreement_schedules_a_follow_up(case_a, mediator):
    _mediating(case_a, mediator)
    agreement = AgreementFactory.build(case=case_a)
    services.record_agreement(agreement=agreement, by=mediator)
    case_a.refresh_from_db()
    assert case_a.status == Case.Status.AGREED
    assert case_a.follow_ups.get().due_on == agreement.performance_deadline


def test_agreement_needs_signatures_and_seal():
    agreement = AgreementFactory.build(signatures_recorded=False, seal_recorded=False)
    with pytest.raises(ValidationError) as error:
        agreement.clean()
    assert {"signatures_recorded", "seal_recorded"} <= set(error.value.message_dict)


def test_closing_an_agreed_case_without_follow_up_is_refused(case_a, mediator):
    _mediating(case_a, mediator)
    services.record_agreement(
        agreement=AgreementFactory.build(case=case_a), by=mediator
    )
    case_a.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        case_a.close(by=mediator)
    assert error.value.code == "needs_follow_up"
    case_a.refresh_from_db()
    assert case_a.status == Case.Status.AGREED


def test_follow_up_before_agreement_is_refused(case_a, mediator):
    _mediating(case_a, mediator)
    follow_up = case_a.follow_ups.create(due_on=timezone.localdate())
    with pytest.raises(ValidationError):
        case_a.record_follow_up(
            follow_up,
            visited_on=timezone.localdate(),
            obligations_kept=True,
            notes="",
            by=mediator,
        )
    follow_up.refresh_from_db()
    assert follow_up.visited_on is None


def test_unkept_agreement_is_escalated_and_visited_again(
    case_a, mediator, mailoutbox, station_supervisor, django_capture_on_commit_callbacks
):
    _mediating(case_a, mediator)
    services.record_agreement(
        agreement=AgreementFactory.build(case=case_a), by=mediator
    )
    case_a.refresh_from_db()
    follow_up = case_a.follow_ups.get()
    with django_capture_on_commit_callbacks(execute=True):
        case_a.record_follow_up(
            follow_up,
            visited_on=timezone.localdate(),
            obligations_kept=False,
            notes="赔偿款未支付",
            by=mediator,
        )
    case_a.refresh_from_db()
    assert case_a.escalated and case_a.risk == Case.Risk.ORANGE
    assert case_a.follow_ups.filter(visited_on=None).count() == 1
    with pytest.raises(ValidationError):
        case_a.close(by=mediator)
    assert [m.to for m in mailoutbox] == [[station_supervisor.email]]
    assert "张丽华" not in mailoutbox[0].body


def test_failed_case_records_referral_and_can_close(case_a, mediator):
    _mediating(case_a, mediator)
    with pytest.raises(ValidationError) as error:
        case_a.fail(
            referred_to="court",
            referral_body="",
            reason="",
            told_how_to_go_to_court=False,
            by=mediator,
        )
    assert set(error.value.message_dict) == {
        "referral_body",
        "reason",
        "told_how_to_go_to_court",
    }
    case_a.fail(
        referred_to="court",
        referral_body="西湖区人民法院",
        reason="双方对赔偿金额分歧过大",
        told_how_to_go_to_court=True,
        by=mediator,
    )
    case_a.close(by=mediator)
    case_a.refresh_from_db()
    assert case_a.status == Case.Status.CLOSED
    assert case_a.referral_body == "西湖区人民法院" and case_a.told_how_to_go_to_court


def test_withdrawal_needs_a_reason(case_a, mediator):
    with pytest.raises(ValidationError):
        case_a.withdraw(reason="", by=mediator)
    case_a.withdraw(reason="申请人撤回", by=mediator)
    assert case_a.status == Case.Status.WITHDRAWN


def test_court_confirmation_must_be_applied_for_within_30_days(case_a, mediator):
    _mediating(case_a, mediator)
    agreement = services.record_agreement(
        agreement=AgreementFactory.build(case=case_a), by=mediator
    )
    with pytest.raises(ValidationError):
        agreement.apply_for_court_confirmation(
            court="西湖区人民法院",
            applied_on=agreement.signed_on + datetime.timedelta(days=31),
            by=mediator,
        )
    agreement.apply_for_court_confirmation(
        court="西湖区人民法院", applied_on=agreement.signed_on, by=mediator
    )
    agreement.record_court_decision(
        confirmed=True, decided_on=agreement.signed_on, by=mediator
    )
    assert agreement.court_confirmation == "confirmed"


# --- Through the pages: bad input gets a message and changes nothing ---------


def test_extension_without_reason_shows_a_message_and_changes_nothing(
    client, mediator, case_on_mediator
):
    _mediating(case_on_mediator, mediator)
    deadline = case_on_mediator.deadline
    client.force_login(mediator)
    response = client.post(
        reverse("mediation:case_action", args=[case_on_mediator.pk, "extend"]),
        {
            "new_deadline": (deadline + datetime.timedelta(days=10)).isoformat(),
            "both_parties_agreed": "on",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Give the reason for the extension." in response.content.decode()
    case_on_mediator.refresh_from_db()
    assert case_on_mediator.deadline == deadline


def test_closing_without_follow_up_shows_a_message(client, mediator, case_on_mediator):
    _mediating(case_on_mediator, mediator)
    services.record_agreement(
        agreement=AgreementFactory.build(case=case_on_mediator), by=mediator
    )
    client.force_login(mediator)
    response = client.post(
        reverse("mediation:case_action", args=[case_on_mediator.pk, "close"]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "closes only after its follow-up" in response.content.decode()
    case_on_mediator.refresh_from_db()
    assert case_on_mediator.status == Case.Status.AGREED


def test_session_on_a_case_at_intake_is_refused(client, mediator, case_on_mediator):
    client.force_login(mediator)
    response = client.post(
        reverse("mediation:session_add", args=[case_on_mediator.pk]),
        {
            "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "place": "调解室",
            "attendees": "双方当事人",
            "minutes": "……",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert not case_on_mediator.sessions.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"new_deadline": "not a date", "reason": "x" * 100_000},
        {"new_deadline": "2020-01-01", "reason": "理由", "both_parties_agreed": "on"},
    ],
)
def test_hostile_extension_input_never_errors(client, mediator, case_on_mediator, data):
    _mediating(case_on_mediator, mediator)
    client.force_login(mediator)
    response = client.post(
        reverse("mediation:case_action", args=[case_on_mediator.pk, "extend"]), data
    )
    assert response.status_code == 200
    assert not case_on_mediator.extensions.exists()


def test_unknown_action_is_404(client, mediator, case_on_mediator):
    client.force_login(mediator)
    response = client.get(
        reverse("mediation:case_action", args=[case_on_mediator.pk, "explode"])
    )
    assert response.status_code == 404


def test_a_station_mediator_takes_an_unassigned_case(
    client, mediator, mediator_record, case_a
):
    client.force_login(mediator)
    response = client.post(
        reverse("mediation:case_action", args=[case_a.pk, "accept"]),
        {"lead": mediator_record.pk},
    )
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == Case.Status.ACCEPTED
    assert case_a.assignments.get().mediator == mediator_record
