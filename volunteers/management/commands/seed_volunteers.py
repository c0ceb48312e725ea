"""Demo volunteers: teams, volunteers, activities, verified service, rewards.

Idempotent: every record has a natural key (team code, account e-mail, activity
title, reward name) and is created only when missing, so a second run changes
nothing.
"""

import random
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from grids import patrols
from grids.models import Grid, Patrol, PatrolCheckin, Station
from portal import roles
from volunteers import services
from volunteers.models import (
    Activity,
    ActivityType,
    Attendance,
    Membership,
    PointsRule,
    Reward,
    ServiceLog,
    SignUp,
    Team,
    Volunteer,
)

TEAMS = [
    (
        "xh-patrol",
        "西湖平安巡防队",
        False,
        "",
        "夜间巡逻、重点时段治安巡防，守护街巷平安。",
    ),
    (
        "xh-school",
        "护校志愿队",
        False,
        "",
        "上下学高峰在校门口护学岗，疏导交通、守护学生。",
    ),
    (
        "xh-antifraud",
        "反诈宣传队",
        False,
        "",
        "进小区、进商铺、进课堂宣传反诈知识，推广国家反诈中心App。",
    ),
    (
        "blue-sky",
        "蓝天救援队",
        True,
        "西湖区蓝天救援协会",
        "专业应急救援队伍，参与防汛抗台、山地搜救和应急演练。",
    ),
]
NAMES = [
    "张志强", "李红梅", "王海涛", "陈晓燕", "刘建华", "杨丽娟", "赵国庆", "黄美玲",
    "周文斌", "吴秀兰", "徐卫东", "孙海燕", "马俊杰", "朱玉珍", "胡永刚", "郭晓雯",
]  # fmt: skip
SKILLS = ["急救证", "驾驶", "摄影", "普通话宣讲", "心理疏导", "无人机操作"]
ACTIVITIES = [
    # title, team, kind, place, days from today, start hour, hours, rule, points
    ("文三路夜间巡逻", "xh-patrol", ActivityType.PATROL, "文三路与学院路口集合", -20, 19, 3, PointsRule.PER_HOUR, 10),
    ("学军小学护学岗", "xh-school", ActivityType.SCHOOL_ESCORT, "学军小学东门", -12, 7, 1, PointsRule.FIXED, 15),
    ("反诈宣传进小区", "xh-antifraud", ActivityType.PUBLICITY, "文一社区文化广场", -6, 9, 3, PointsRule.PER_HOUR, 10),
    ("防汛应急演练", "blue-sky", ActivityType.EMERGENCY_RESCUE, "西溪湿地南门", -3, 14, 4, PointsRule.FIXED, 50),
    ("周末夜间巡逻", "xh-patrol", ActivityType.PATROL, "文一路派出所门口集合", 2, 19, 3, PointsRule.PER_HOUR, 10),
    ("中考护考志愿服务", "xh-school", ActivityType.EXAM_ESCORT, "杭州市第十三中学", 5, 7, 4, PointsRule.FIXED, 40),
    ("朋友圈反诈提醒接力", "xh-antifraud", ActivityType.ONLINE_SAFETY, "线上", 3, 20, 1, PointsRule.FIXED, 5),
    ("老旧小区消防巡查", "xh-patrol", ActivityType.PATROL, "翠苑一区", 9, 14, 2, PointsRule.PER_HOUR, 12),
]  # fmt: skip
REWARDS = [
    ("环保购物袋", "印有“全民反诈”字样的帆布袋。", 30, 50, 2),
    ("保温杯", "500 毫升不锈钢保温杯。", 80, 20, 1),
    ("家庭急救包", "含创可贴、纱布、碘伏等常用急救用品。", 150, 10, 1),
    ("电影票两张", "合作影院通用电影票。", 200, 6, 1),
]


def _at(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


class Command(BaseCommand):
    help = "Load demo volunteer teams, volunteers, activities and rewards (idempotent)."

    def handle(self, *args, **options):
        station = Station.objects.order_by("code").first()
        grids = list(Grid.objects.filter(community__station=station)[:4])
        if station is None or not grids:
            self.stdout.write("No stations or grids yet: run seed_demo first.")
            return
        with transaction.atomic():
            leader = self.account(
                "leader.xh@demo.gridwatch.cn", "巡防队长老周", roles.TEAM_LEADER
            )
            teams = self.teams(station, grids, leader)
            volunteers = self.volunteers(grids[0].community, teams)
            self.activities(teams, grids, volunteers, leader)
            # Patrol logs are described with gettext: store them in Chinese.
            with translation.override(settings.LANGUAGE_CODE):
                self.patrols(teams["xh-patrol"])
            self.rewards()
        self.stdout.write(
            self.style.SUCCESS(
                f"Volunteers ready: {Team.objects.count()} teams, "
                f"{Volunteer.objects.count()} volunteers, "
                f"{Activity.objects.count()} activities, "
                f"{ServiceLog.objects.verified().count()} verified logs, "
                f"{Reward.objects.count()} rewards."
            )
        )

    def account(self, email, name, role, phone=None):
        User = get_user_model()
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, display_name=name, phone=phone)
            user.set_unusable_password()
            user.save()
        user.groups.add(*Group.objects.filter(name=role))
        return user

    def teams(self, station, grids, leader):
        teams = {}
        for n, (slug, name, partner, organisation, description) in enumerate(TEAMS):
            team, created = Team.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "station": station,
                    "is_partner": partner,
                    "partner_organisation": organisation,
                    "description": description,
                    "leader": leader if slug == "xh-patrol" else None,
                },
            )
            if created:
                team.grids.set(grids[n % len(grids) :] or grids)
            teams[slug] = team
        return teams

    def volunteers(self, community, teams):
        rng = random.Random(42)
        team_list = list(teams.values())
        volunteers = []
        for n, name in enumerate(NAMES):
            user = self.account(
                f"volunteer{n + 1:02d}@demo.gridwatch.cn",
                name,
                roles.VOLUNTEER,
                phone=f"1390571{n + 1:04d}",
            )
            volunteer, _created = Volunteer.objects.get_or_create(
                user=user,
                defaults={
                    "real_name": name,
                    "mobile": user.phone,
                    "id_number": f"33010619{80 + n % 15}0{n % 9 + 1}0{n % 9 + 1}{n:03d}X",
                    "community": community,
                    "skills": "、".join(rng.sample(SKILLS, 2)),
                    "availability": rng.choice(["周末", "工作日晚上", "随时"]),
                    "consent": True,
                    "status": Volunteer.Status.APPLIED
                    if n >= len(NAMES) - 2
                    else Volunteer.Status.APPROVED,
                },
            )
            Membership.objects.get_or_create(
                team=team_list[n % len(team_list)], volunteer=volunteer
            )
            volunteers.append(volunteer)
        return [v for v in volunteers if v.status == Volunteer.Status.APPROVED]

    def activities(self, teams, grids, volunteers, leader):
        for n, row in enumerate(ACTIVITIES):
            title, slug, kind, place, days, hour, hours, rule, points = row
            if Activity.objects.filter(title=title).exists():
                continue
            starts = _at(days, hour)
            activity = Activity.objects.create(
                title=title,
                kind=kind,
                team=teams[slug],
                grid=grids[n % len(grids)],
                place=place,
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                signup_deadline=starts - timedelta(hours=2),
                capacity=6,
                points_rule=rule,
                points_value=points,
                description=f"{teams[slug].name}组织，请提前十分钟到达{place}。",
                created_by=leader,
            )
            members = [v for v in volunteers if v.memberships.filter(team=teams[slug])]
            for volunteer in (members + volunteers)[:6]:
                SignUp.objects.get_or_create(
                    activity=activity,
                    volunteer=volunteer,
                    defaults={"status": SignUp.Status.CONFIRMED},
                )
            if days < 0:
                self.attend(activity, leader)

    def attend(self, activity, reviewer):
        """Past activities: everyone came, and their logs are verified."""
        for signup in activity.signups.select_related("volunteer"):
            attendance = Attendance.objects.create(
                signup=signup,
                checked_in_at=activity.starts_at,
                checked_out_at=activity.ends_at,
            )
            log = services.log_from_attendance(attendance, activity)
            log.save()
            services.credit_service_log(log, reviewer)

    def patrols(self, team):
        """A few evening patrols by the patrol team's members, ended on their
        phones: each became a service log waiting for the leader to verify."""
        members = team.memberships.filter(
            volunteer__status=Volunteer.Status.APPROVED
        ).select_related("volunteer__user")
        grid = team.grids.order_by("code").first()
        if grid is None:
            return
        points = list(grid.patrol_points.filter(is_active=True).order_by("name"))
        for n, membership in enumerate(members[:3]):
            user = membership.volunteer.user
            if Patrol.objects.filter(patroller=user).exists():
                continue
            start = _at(-2 * (n + 1), 20)
            patrol = patrols.start_patrol(user, grid, at=start)
            for k, point in enumerate(points[:4], start=1):
                patrols.check_in(
                    patrol,
                    point,
                    PatrolCheckin.Method.QR,
                    at=start + timedelta(minutes=15 * k),
                )
            patrols.end_patrol(patrol, user, at=start + timedelta(minutes=80))

    def rewards(self):
        for name, description, cost, stock, limit in REWARDS:
            reward, created = Reward.objects.get_or_create(
                name=name,
                defaults={
                    "description": description,
                    "cost": cost,
                    "limit_per_person": limit,
                    "limit_period": Reward.Period.MONTH,
                },
            )
            if created:
                services.restock(reward, stock, None, "首批入库", initial=True)
