"""Reward stock: set once at creation, then only Restock and redemptions move it,
each recorded as a stock movement saying who and why."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.db.models import Sum
from django.urls import reverse

from volunteers import services
from volunteers.models import Redemption, Reward, StockMovement, Volunteer

from .factories import RewardFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def restock_url(reward):
    return reverse("volunteers_restock", args=[reward.pk])


def test_supervisor_restocks_and_the_movement_is_recorded(client, supervisor):
    reward = RewardFactory(stock=3)
    client.force_login(supervisor)
    assert client.get(restock_url(reward)).status_code == 200
    response = client.post(restock_url(reward), {"quantity": 5, "reason": "新到货"})
    assert response.status_code == 302
    reward.refresh_from_db()
    assert reward.stock == 8
    movement = StockMovement.objects.get()
    assert (movement.kind, movement.quantity, movement.stock_after) == (
        "restock",
        5,
        8,
    )
    assert movement.created_by == supervisor
    assert movement.reason == "新到货"


@pytest.mark.parametrize("persona", ["officer_a", "team_leader", "volunteer"])
def test_other_roles_cannot_restock(client, request, persona):
    reward = RewardFactory(stock=3)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(restock_url(reward), {"quantity": 5, "reason": "x"})
    # Wagtail answers a refused admin request with a redirect and a message.
    assert response.status_code in (302, 403)
    reward.refresh_from_db()
    assert reward.stock == 3
    assert not StockMovement.objects.exists()


def test_anonymous_is_sent_to_login(client):
    reward = RewardFactory(stock=3)
    response = client.post(restock_url(reward), {"quantity": 5, "reason": "x"})
    assert response.status_code == 302
    assert Reward.objects.get().stock == 3


@pytest.mark.parametrize(
    "data, field",
    [
        ({"quantity": 0, "reason": "盘点"}, "quantity"),
        ({"quantity": "abc", "reason": "盘点"}, "quantity"),
        ({"quantity": 99999, "reason": "盘点"}, "quantity"),
        ({"quantity": 4, "reason": ""}, "reason"),
    ],
)
def test_bad_input_gets_a_form_error_and_changes_nothing(
    client, supervisor, data, field
):
    reward = RewardFactory(stock=3)
    client.force_login(supervisor)
    response = client.post(restock_url(reward), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    reward.refresh_from_db()
    assert reward.stock == 3
    assert not StockMovement.objects.exists()


def test_correction_down_cannot_go_below_zero(client, supervisor, member):
    reward = RewardFactory(stock=2, cost=10)
    services.adjust(member, 50, "期初积分", supervisor)
    services.redeem(member, reward, member.user)  # one item reserved for pickup
    client.force_login(supervisor)
    response = client.post(restock_url(reward), {"quantity": -2, "reason": "破损"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    reward.refresh_from_db()
    assert reward.stock == 1
    client.post(restock_url(reward), {"quantity": -1, "reason": "破损"})
    reward.refresh_from_db()
    assert reward.stock == 0
    assert StockMovement.objects.filter(kind="correction").get().stock_after == 0


def test_stock_is_read_only_in_the_edit_form(client, supervisor):
    reward = RewardFactory(name="保温杯", cost=80, stock=4)
    client.force_login(supervisor)
    url = reverse("volunteers_reward:edit", args=[reward.pk])
    form = client.get(url).context["form"]
    assert form.fields["stock"].disabled
    listing = client.get(reverse("volunteers_reward:index")).content.decode()
    assert restock_url(reward) in listing
    response = client.post(
        url,
        {
            "name": "保温杯（新款）",
            "description": "",
            "cost": 90,
            "stock": 999,
            "limit_per_person": "",
            "limit_period": "month",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    reward.refresh_from_db()
    assert (reward.name, reward.cost, reward.stock) == ("保温杯（新款）", 90, 4)


def test_an_ordinary_save_never_writes_back_stale_stock(member, supervisor):
    reward = RewardFactory(stock=3, cost=10)
    services.adjust(member, 50, "期初积分", supervisor)
    stale = Reward.objects.get(pk=reward.pk)
    services.redeem(member, reward, member.user)
    stale.name = "改名"
    stale.save()
    reward.refresh_from_db()
    assert (reward.name, reward.stock) == ("改名", 2)


def test_creating_a_reward_records_the_initial_stock(client, supervisor):
    client.force_login(supervisor)
    response = client.post(
        reverse("volunteers_reward:add"),
        {
            "name": "雨伞",
            "description": "",
            "cost": 40,
            "stock": 12,
            "limit_per_person": 1,
            "limit_period": "month",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    reward = Reward.objects.get(name="雨伞")
    assert reward.stock == 12
    movement = reward.stock_movements.get()
    assert (movement.kind, movement.quantity, movement.created_by) == (
        "initial",
        12,
        supervisor,
    )


def test_negative_initial_stock_is_refused(client, supervisor):
    client.force_login(supervisor)
    response = client.post(
        reverse("volunteers_reward:add"),
        {"name": "雨伞", "cost": 40, "stock": -3, "limit_period": "month"},
    )
    assert response.status_code == 200
    assert not Reward.objects.exists()


def test_history_lists_redemptions_returns_and_restocks(member, supervisor, client):
    reward = RewardFactory(stock=0, cost=10)
    services.restock(reward, 3, supervisor, "首批入库", initial=True)
    services.adjust(member, 50, "期初积分", supervisor)
    redemption = services.redeem(member, reward, member.user)
    services.cancel_redemption(redemption, supervisor, "志愿者不要了")
    services.restock(reward, 2, supervisor, "补货")
    kinds = list(
        reward.stock_movements.order_by("pk").values_list(
            "kind", "quantity", "stock_after"
        )
    )
    assert kinds == [
        ("initial", 3, 3),
        ("redeem", -1, 2),
        ("return", 1, 3),
        ("restock", 2, 5),
    ]
    reward.refresh_from_db()
    assert reward.stock == 5
    client.force_login(supervisor)
    html = client.get(restock_url(reward)).content.decode()
    assert html.count('data-kind="') == 4


def test_restock_service_refuses_users_without_the_permission(officer_a):
    reward = RewardFactory(stock=1)
    with pytest.raises(PermissionDenied):
        services.restock(reward, 1, officer_a, "补货")
    assert Reward.objects.get().stock == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_redemptions_and_restocks_stay_consistent(supervisor):
    on_postgres = connection.vendor == "postgresql"
    threads, operations = (20, 200) if on_postgres else (1, 60)
    reward = RewardFactory(stock=0, cost=5)
    services.restock(reward, 5, supervisor, "首批入库", initial=True)
    volunteers = [VolunteerFactory() for _ in range(4)]
    for volunteer in volunteers:
        services.adjust(volunteer, 10_000, "期初积分", supervisor)
    jobs = [("restock", None)] * (operations // 5) + [
        ("redeem", volunteers[n % 4].pk) for n in range(operations - operations // 5)
    ]
    random.Random(6).shuffle(jobs)
    lock = threading.Lock()
    done = {"restock": 0}

    def run(job):
        kind, pk = job
        try:
            if kind == "restock":
                services.restock(reward, 2, supervisor, "补货")
                with lock:
                    done["restock"] += 1
            else:
                volunteer = Volunteer.objects.select_related("user").get(pk=pk)
                services.redeem(volunteer, reward, volunteer.user)
        except ValidationError:
            pass
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(run, jobs))

    reward.refresh_from_db()
    redeemed = Redemption.objects.filter(reward=reward).count()
    movements = reward.stock_movements.aggregate(total=Sum("quantity"))["total"]
    assert done["restock"] == operations // 5
    assert reward.stock >= 0
    assert reward.stock == movements
    assert reward.stock == 5 + 2 * done["restock"] - redeemed
    assert not reward.stock_movements.filter(stock_after__lt=0).exists()
    last = reward.stock_movements.order_by("-pk").first()
    assert last.stock_after == reward.stock
