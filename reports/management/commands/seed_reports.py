"""Demo data for reports: categories with SLAs, response templates and ~100
reports in every state over the demo grids. Idempotent: categories are found
by code, reports by a key derived from their number and the secret key."""

import random
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from grids.models import Grid
from reports import services
from reports.models import Category, Report, ReportUpdate, ResponseTemplate, hash_token

# code, name, description, notice, questions, hours (accept, reply, resolve)
CATEGORIES = [
    (
        "safety",
        "治安隐患",
        "可疑人员、盗窃隐患、治安乱点",
        "",
        "发现的时间段？",
        (2, 24, 72),
    ),
    (
        "noise",
        "噪音扰民",
        "装修、广场舞、娱乐场所噪音",
        "",
        "噪音通常在几点出现？",
        (4, 48, 168),
    ),
    (
        "fire",
        "消防隐患",
        "堵塞消防通道、电动车楼道充电、飞线充电",
        "正在起火请立即拨打119！",
        "是否堵塞消防通道？",
        (1, 12, 48),
    ),
    (
        "fraud",
        "电信诈骗",
        "可疑电话、短信、网络投资理财",
        "诈骗正在进行、已经转账？请立即拨打110！",
        "对方联系方式（号码或账号）？\n是否已经转账？",
        (1, 4, 24),
    ),
    (
        "dispute",
        "邻里纠纷",
        "漏水、停车、宠物、噪音等邻里矛盾",
        "有人动手或有伤情请拨打110。",
        "涉及几户人家？",
        (4, 48, 240),
    ),
    (
        "traffic",
        "道路交通",
        "乱停车、信号灯故障、道路隐患",
        "发生交通事故请拨打122。",
        "",
        (4, 48, 168),
    ),
    (
        "school",
        "校园周边",
        "学校周边治安、交通、无证摊贩",
        "",
        "哪所学校附近？",
        (2, 24, 120),
    ),
]

TEMPLATES = [
    (
        None,
        "已受理",
        "您好，您反映的问题已受理，社区民警将尽快核实处置，感谢您的监督。",
    ),
    (None, "已办结", "您好，您反映的问题已处理完毕，如仍有问题请通过追踪链接反馈。"),
    (
        "noise",
        "噪音-已联系",
        "民警已联系相关住户，告知其遵守噪音管理规定，我们将持续关注。",
    ),
    ("fire", "消防-已清理", "已会同物业清理楼道堆物，恢复消防通道畅通。"),
    ("fraud", "防诈提醒", "请勿向陌生账户转账，已将相关号码上报反诈中心。"),
]

DESCRIPTIONS = {
    "safety": [
        "小区后门晚上常有陌生人翻墙进出",
        "地下车库有人撬电动车锁",
        "河边步道路灯坏了，晚上很黑不安全",
    ],
    "noise": [
        "楼上装修每天早上七点就开始电钻",
        "广场舞音响晚上十点后还很大声",
        "楼下烧烤店深夜喧哗",
    ],
    "fire": [
        "3单元楼道堆满纸箱，堵住了消防通道",
        "有住户从窗口拉飞线给电动车充电",
        "消防栓被车辆长期遮挡",
    ],
    "fraud": [
        "接到自称公检法的电话，要求转账到安全账户",
        "小区里有人推销高回报理财产品",
        "收到冒充快递理赔的短信",
    ],
    "dispute": [
        "楼上卫生间漏水到我家，协商多次无果",
        "邻居长期占用公共车位",
        "邻居家狗晚上一直叫，沟通无效",
    ],
    "traffic": [
        "学校门口早高峰乱停车严重",
        "十字路口信号灯不亮",
        "人行道被共享单车堵满",
    ],
    "school": [
        "校门口有无证摊贩卖三无食品",
        "放学时段有可疑人员在校门口徘徊",
        "学校附近网吧接纳未成年人",
    ],
}
PLACES = [
    "文一西路与古墩路口",
    "3幢楼下",
    "小区南门",
    "菜市场旁",
    "公交站附近",
    "学校正门",
    "",
]
# Share of reports in each end state, by step count through the workflow.
STATES = ["submitted"] * 12 + ["accepted"] * 12 + ["in_progress"] * 16
STATES += ["resolved"] * 20 + ["closed"] * 25 + ["rejected"] * 5
STATES += ["transferred"] * 5 + ["duplicate"] * 5
REPORT_COUNT = 100


class Command(BaseCommand):
    help = "Load demo report categories, templates and reports (idempotent)."

    def handle(self, *args, **options):
        categories = {
            code: self.category(row) for row in CATEGORIES for code in [row[0]]
        }
        for code, title, text in TEMPLATES:
            ResponseTemplate.objects.get_or_create(
                category=categories.get(code), title=title, defaults={"text": text}
            )
        grids = list(
            Grid.objects.select_related("community__station").exclude(centroid_lat=None)
        )
        if not grids:
            self.stdout.write("seed_reports: no grids yet, only categories loaded")
            return
        rng = random.Random(2026)
        created = 0
        for number in range(REPORT_COUNT):
            key = hash_token(f"seed-report-{number}-{settings.SECRET_KEY}")
            state = STATES[number % len(STATES)]
            code = rng.choice(list(categories))
            grid = rng.choice(grids)
            if Report.objects.filter(token_hash=key).exists():
                continue
            with transaction.atomic():
                self.report(key, categories[code], grid, state, rng, number)
            created += 1
        self.stdout.write(
            f"seed_reports: {created} reports created, {Report.objects.count()} in all"
        )

    def category(self, row):
        code, name, description, notice, questions, hours = row
        category, _ = Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "notice": notice,
                "questions": questions,
                "hours_to_accept": hours[0],
                "hours_to_reply": hours[1],
                "hours_to_resolve": hours[2],
                "sort_order": [c[0] for c in CATEGORIES].index(code),
            },
        )
        return category

    def report(self, key, category, grid, state, rng, number):
        created = timezone.now() - timedelta(hours=rng.randint(1, 30 * 24))
        officer = services.community_officer(grid)
        report = Report(
            token_hash=key,
            category=category,
            description=rng.choice(DESCRIPTIONS[category.code]),
            grid=grid,
            station=grid.community.station,
            latitude=grid.centroid_lat + rng.uniform(-0.0008, 0.0008),
            longitude=grid.centroid_lng + rng.uniform(-0.0008, 0.0008),
            address=rng.choice(PLACES),
            assigned_to=officer,
            created_at=created,
            reporter_name=rng.choice(["", "王女士", "李先生", "陈阿姨"]),
            reporter_phone=f"139{number:08d}" if state == "submitted" else "",
            is_public=number % 4 == 0,
        )
        report.save()
        if report.is_public:
            report.public_description = report.description
            report.save(update_fields=["public_description"])
        ReportUpdate.objects.create(
            report=report, kind=ReportUpdate.Kind.STATUS, to_status="submitted"
        )
        self.walk(report, state, officer)
        # Spread the timeline over the hours after filing, as it would have happened.
        for step, update in enumerate(report.updates.order_by("pk")):
            update.created_at = created + timedelta(hours=step * rng.randint(1, 12))
            update.save(update_fields=["created_at"])
        if report.resolved_at:
            # Resolved ones stay within the 7 days in which residents may rate.
            resolved = min(created + timedelta(days=2), timezone.now())
            if state == "resolved":
                resolved = max(resolved, timezone.now() - timedelta(days=5))
            Report.objects.filter(pk=report.pk).update(
                resolved_at=resolved, first_reply_at=created + timedelta(hours=3)
            )

    def walk(self, report, state, officer):
        reply = "您好，您反映的问题已受理，社区民警将尽快核实处置。"
        if state == "submitted":
            return
        if state == "rejected":
            report.reject(
                officer,
                public_reply="经核实，该问题不属于公安机关职责范围，建议联系12345。",
            )
            return
        if state == "duplicate":
            original = (
                Report.objects.filter(category=report.category)
                .exclude(pk=report.pk)
                .first()
            )
            if original:
                report.mark_duplicate(
                    officer, original, public_reply="该问题已有其他居民反映，合并处理。"
                )
            return
        if state == "transferred":
            report.transfer(
                officer, "城管执法局", public_reply="已转城管执法部门处理。"
            )
            return
        report.accept(officer, public_reply=reply)
        if state == "accepted":
            return
        report.start(officer, internal_note="已联系物业和网格员到场核实。")
        if state == "in_progress":
            return
        report.resolve(officer, public_reply="问题已处理完毕，感谢您的反映。")
        if state == "closed":
            report.rate(random.Random(report.pk).choice([3, 4, 5, 5]), "处理及时")
