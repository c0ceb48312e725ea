import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mediation.models import (
    ActionItem,
    Council,
    Meeting,
    MemberUnit,
    ResidentRepresentative,
)
from mediation.wagtail_hooks import council_section


@pytest.fixture
def council(community, grid_a):
    council = Council.objects.create(name="文一社区警民议事会", community=community)
    for name in ["文新街道办事处", "西湖城管中队", "西湖交警中队", "文新消防救援站"]:
        MemberUnit.objects.create(
            council=council,
            name=name,
            contact_name="联系人",
            contact_phone="0571-87001111",
        )
    ResidentRepresentative.objects.create(
        council=council, name="居民代表老陈", phone="13700001111"
    )
    return council


def _meeting(council, days, **kwargs):
    return Meeting.objects.create(
        council=council,
        scheduled_at=timezone.now() + datetime.timedelta(days=days),
        place="文一社区议事厅",
        agenda="电动车飞线充电整治",
        **kwargs,
    )


def test_a_meeting_without_quorum_cannot_be_recorded_as_held(council):
    meeting = _meeting(council, -1)
    meeting.attending_units.set(council.member_units.all()[:2])
    meeting.attending_representatives.set(council.representatives.all())
    with pytest.raises(ValidationError) as error:
        meeting.record_held(minutes="纪要", public_summary="")
    assert error.value.code == "no_quorum"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_a_meeting_with_quorum_is_held_and_signed_off(council):
    from mediation.models import MinutesSignOff

    meeting = _meeting(council, -1)
    units = list(council.member_units.all()[:3])
    meeting.attending_units.set(units)
    meeting.attending_representatives.set(council.representatives.all())
    meeting.record_held(
        minutes="议定：增设充电桩", public_summary="将在3幢旁增设充电桩"
    )
    assert not meeting.signed_off()
    for unit in units:
        sign_off = MinutesSignOff(meeting=meeting, member_unit=unit, signed_by="经办人")
        sign_off.full_clean()
        sign_off.save()
    assert meeting.signed_off()
    absent = MinutesSignOff(
        meeting=meeting, member_unit=council.member_units.last(), signed_by="x"
    )
    with pytest.raises(ValidationError):
        absent.full_clean()


def test_open_action_items_carry_into_the_next_meeting(council):
    earlier = _meeting(council, -30)
    later = _meeting(council, 5)
    unit = council.member_units.first()
    open_item = ActionItem.objects.create(
        council=council,
        meeting=earlier,
        title="清理楼道杂物",
        owner_unit=unit,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    ActionItem.objects.create(
        council=council,
        meeting=earlier,
        title="已完成事项",
        owner_unit=unit,
        due_on=timezone.localdate(),
        status="done",
    )
    assert list(later.carried_items()) == [open_item]
    assert open_item.is_overdue


def test_grid_page_shows_upcoming_meetings_and_public_decisions_only(
    rf, council, grid_a, django_assert_max_num_queries
):
    _meeting(council, 3)
    held = _meeting(council, -3)
    held.minutes = "居民代表老陈（13700001111）反映……"
    held.public_summary = "议定在3幢旁增设电动车充电桩"
    held.status = Meeting.Status.HELD
    held.save()
    with django_assert_max_num_queries(3):
        html = council_section(rf.get("/"), grid_a)
    assert "电动车飞线充电整治" in html and "增设电动车充电桩" in html
    assert "老陈" not in html and "13700001111" not in html and "联系人" not in html


def test_grid_page_section_is_empty_for_a_grid_no_council_serves(
    rf, grid_other_station
):
    assert council_section(rf.get("/"), grid_other_station) == ""


def test_a_council_serving_named_grids_shows_only_on_those(rf, council, grid_a, grid_b):
    council.grids.set([grid_b])
    _meeting(council, 3)
    assert council_section(rf.get("/"), grid_a) == ""
    assert "电动车" in council_section(rf.get("/"), grid_b)
