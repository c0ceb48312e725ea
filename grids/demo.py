"""Demo data for one fictional sub-bureau in north-west Hangzhou.

Everything is generated from a fixed random seed and looked up by natural keys
(codes, names, slugs), so ``seed_demo`` can run any number of times and leaves
the same rows behind.
"""

import glob
import io
import random
import subprocess
from datetime import date, timedelta

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image
from wagtail.models import Site

from portal.models import AlertIndexPage, AlertPage, HomePage, PortalSettings

from . import patrol_demo
from .models import Assignment, Community, Grid, GridPage, GridPriority, Person, Station

SEED = 20240601

# The demo area: a real rectangle of Hangzhou (文新、蒋村、翠苑 area), split into
# COLUMNS × ROWS cells; each station takes a band of four columns.
WEST, SOUTH, EAST, NORTH = 120.08, 30.26, 120.16, 30.31
COLUMNS, ROWS = 12, 5
STATION_COLUMNS = 4
GRIDS_PER_COMMUNITY = 5
ASSIGNED_SINCE = date(2024, 3, 1)

BUREAU_NAME = "杭城市公安局西溪分局"
SUPERVISION_PHONE = "0571-86011110"
HOME_INTRO = (
    "<p>杭城市公安局西溪分局警网融合服务平台：查找您所在网格的社区民警、辅警、"
    "警务助理和网格员，随时在线“吹哨”反映身边的问题。</p>"
)

STATIONS = [
    ("XX", "西溪派出所", "杭城市西湖区紫金港路 21 号", "0571-87301110", "蒋村街道"),
    ("WX", "文新派出所", "杭城市西湖区文二西路 328 号", "0571-87302110", "文新街道"),
    ("CY", "翠苑派出所", "杭城市西湖区文三西路 118 号", "0571-87303110", "翠苑街道"),
]
COMMUNITIES = {
    "XX": [
        ("XX-JCHY", "蒋村花园社区"),
        ("XX-XXSQ", "西溪社区"),
        ("XX-SSSQ", "山水社区"),
        ("XX-LZSQ", "龙章社区"),
    ],
    "WX": [
        ("WX-YLSQ", "益乐社区"),
        ("WX-DJSQ", "德加社区"),
        ("WX-JZSQ", "竞舟社区"),
        ("WX-WDY", "文鼎苑社区"),
    ],
    "CY": [
        ("CY-CYYQ", "翠苑一区社区"),
        ("CY-CYEQ", "翠苑二区社区"),
        ("CY-JLY", "嘉绿苑社区"),
        ("CY-XYL", "学院路社区"),
    ],
}
ROADS = [
    "文一西路", "文二西路", "文三西路", "余杭塘路", "紫金港路", "古墩路", "丰潭路",
    "学院路", "教工路", "莫干山路", "天目山路", "西溪路", "五常大道", "竞舟路",
    "益乐路", "花蒋路", "申花路", "登云路",
]  # fmt: skip
ESTATES = [
    "嘉绿苑", "文鼎苑", "益乐新村", "德加公寓", "竞舟苑", "星洲花园", "府苑新村",
    "蒋村花园", "西溪诚园", "金都花园", "山水人家", "龙章新村", "紫金庭园",
    "古荡新村", "翠苑一区", "翠苑二区", "学院路小区", "文新商业中心",
]  # fmt: skip
NUMERALS = "一二三四五六七八九十"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江"
)
GIVEN = "建国伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬志鹏浩宇晨欣怡佳琪雪梅海波晓东"
DUTIES = {
    Person.Role.COMMUNITY_OFFICER: "负责网格治安防控、矛盾纠纷排查化解、群众求助受理和回访、重点人员和出租房屋管理。",
    Person.Role.AUXILIARY_OFFICER: "协助社区民警开展治安巡逻、入户走访、信息采集和反诈宣传。",
    Person.Role.POLICE_ASSISTANT: "社区警务室值守，协助矛盾调解、流动人口登记和平安志愿者组织。",
    Person.Role.GRID_WORKER: "网格日常巡查、问题发现上报、出租房屋和流动人口信息登记、为老助残服务。",
}
OFFICE_HOURS = {
    Person.Role.COMMUNITY_OFFICER: "周二、周四 14:00–17:00 社区警务室接待",
    Person.Role.AUXILIARY_OFFICER: "周一至周五 8:30–17:30",
    Person.Role.POLICE_ASSISTANT: "周一至周五 8:30–12:00，13:30–17:30",
    Person.Role.GRID_WORKER: "工作日 8:30–17:30；节假日轮值",
}
PRIORITIES = [
    ("电动自行车违规充电整治", "逐楼排查飞线充电，联合物业增设集中充电桩。", 20),
    ("反电诈入户宣传", "民警、网格员逐户上门讲解刷单、冒充客服等骗局。", 45),
    ("老旧小区夜间巡逻", "辅警与平安志愿者每晚 19:00–22:00 巡逻。", 10),
    ("出租房屋消防安全检查", "逐户检查灭火器、烟感和逃生通道。", 120),
    ("校园周边护学岗", "上下学时段在校门口设岗，疏导交通。", 30),
    ("邻里停车纠纷化解", "警务助理联合社区调委会召开议事会。", 60),
    ("独居老人走访关爱", "网格员每周电话问候，每月上门一次。", 15),
    ("沿街商铺防盗提示", "张贴防盗提示，推动商铺安装监控。", 75),
]
ALERTS = [
    (
        "fraud-refund",
        "警惕冒充电商客服“退款”诈骗",
        "tip",
        "自称客服说要给您退款、理赔的，先挂断再核实。",
        "<p>骗子冒充电商或快递客服，以“商品质量问题退款”“快递丢失理赔”为由，"
        "诱导您下载会议软件、开启屏幕共享或提供验证码。</p>"
        "<p>请记住：正规客服不会要求屏幕共享，也不会索要验证码。遇到可疑来电，"
        "请挂断后通过官方渠道核实，或拨打 96110 咨询。</p>",
    ),
    (
        "fraud-task",
        "刷单返利都是诈骗",
        "tip",
        "“动动手指日赚几百”——所有刷单都是诈骗。",
        "<p>刷单返利类诈骗是目前发案最多的类型：先让您小额返利尝到甜头，"
        "再以“连单”“卡单”为由要求不断加大投入。</p>"
        "<p>凡是要求先垫付资金的兼职，一律是诈骗。</p>",
    ),
    (
        "ebike-theft",
        "电动自行车防盗小贴士",
        "tip",
        "停车入棚、加装防盗锁、登记上牌。",
        "<p>请将电动自行车停放在有监控的车棚，加装 U 型锁，并及时登记上牌。"
        "发现车辆被盗请立即报警，并保留购车凭证。</p>",
    ),
    (
        "burglary-alert",
        "近期辖区入室盗窃警情通报",
        "alert",
        "近期老旧小区发生多起入室盗窃，请关好门窗。",
        "<p>近期辖区部分老旧小区发生多起入室盗窃案件，作案时间多在凌晨。"
        "请居民外出和夜间关好门窗，贵重物品妥善保管；发现可疑人员请拨打 110。</p>",
    ),
]
PORTRAIT_COLOURS = [
    (37, 99, 235), (5, 150, 105), (217, 119, 6), (124, 58, 237),
    (220, 38, 38), (8, 145, 178), (71, 85, 105), (190, 24, 93),
]  # fmt: skip
PORTRAIT_SIZE = (240, 300)


# --- Geometry --------------------------------------------------------------------


def lattice(rng):
    """Jittered lattice vertices: vertices[i][j] for column line i, row line j.

    Outer vertices move only along the outer edge, so the cells tile the rectangle
    exactly; each vertex is shared by the cells around it, so neighbours share edges.
    """
    dx, dy = (EAST - WEST) / COLUMNS, (NORTH - SOUTH) / ROWS
    vertices = []
    for i in range(COLUMNS + 1):
        column = []
        for j in range(ROWS + 1):
            x, y = WEST + i * dx, SOUTH + j * dy
            if 0 < i < COLUMNS:
                x += rng.uniform(-0.22, 0.22) * dx
            if 0 < j < ROWS:
                y += rng.uniform(-0.22, 0.22) * dy
            column.append((x, y))
        vertices.append(column)
    return vertices


def _bend(a, b, rng, interior):
    """The midpoint of edge a–b, pushed sideways a little on interior edges."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    if not interior:
        return (mx, my)
    shift = rng.uniform(-0.12, 0.12)
    return (mx - (b[1] - a[1]) * shift, my + (b[0] - a[0]) * shift)


def cell_polygons(rng):
    """{(column, row): GeoJSON Polygon}, eight vertices each, tiling the area."""
    v = lattice(rng)
    horizontal = {
        (i, j): _bend(v[i][j], v[i + 1][j], rng, 0 < j < ROWS)
        for i in range(COLUMNS)
        for j in range(ROWS + 1)
    }
    vertical = {
        (i, j): _bend(v[i][j], v[i][j + 1], rng, 0 < i < COLUMNS)
        for i in range(COLUMNS + 1)
        for j in range(ROWS)
    }
    cells = {}
    for i in range(COLUMNS):
        for j in range(ROWS):
            ring = [
                v[i][j],
                horizontal[i, j],
                v[i + 1][j],
                vertical[i + 1, j],
                v[i + 1][j + 1],
                horizontal[i, j + 1],
                v[i][j + 1],
                vertical[i, j],
                v[i][j],
            ]
            cells[i, j] = {
                "type": "Polygon",
                "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]],
            }
    return cells


def station_cells(band):
    """A station's cells in snake order, so consecutive runs are contiguous."""
    columns = range(band * STATION_COLUMNS, (band + 1) * STATION_COLUMNS)
    order = []
    for j in range(ROWS):
        row = [(i, j) for i in columns]
        order.extend(row if j % 2 == 0 else reversed(row))
    return order


# --- People ----------------------------------------------------------------------


def name_maker(rng):
    used = set()

    def make():
        while True:
            given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            name = rng.choice(SURNAMES) + given
            if name not in used:
                used.add(name)
                return name

    return make


def mobile(rng):
    return rng.choice(("138", "139", "157", "158", "187", "188", "135", "150")) + (
        f"{rng.randrange(10**8):08d}"
    )


def _cjk_font_path():
    candidates = sorted(
        glob.glob("/usr/share/fonts/**/NotoSansCJK-*.tt[cf]", recursive=True)
    )
    if candidates:
        return candidates[0]
    try:
        found = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return found[0].rstrip(":") if found else None


def _cjk_font(size):
    path = _cjk_font_path()
    if not path:
        return None
    for index in range(10):
        try:
            font = ImageFont.truetype(path, size, index=index)
        except OSError:
            break
        if "SC" in font.getname()[0]:
            return font
    return ImageFont.truetype(path, size)


def portrait_jpeg(name, font):
    """A portrait placeholder: the surname on a colour, or a plain silhouette."""
    width, height = PORTRAIT_SIZE
    colour = PORTRAIT_COLOURS[sum(map(ord, name)) % len(PORTRAIT_COLOURS)]
    image = PILImage.new("RGB", PORTRAIT_SIZE, colour)
    draw = ImageDraw.Draw(image)
    if font:
        draw.text(
            (width / 2, height / 2), name[0], fill="white", font=font, anchor="mm"
        )
    else:
        draw.ellipse((80, 60, 160, 150), fill="white")
        draw.pieslice((30, 160, 210, 340), 180, 360, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def portrait(name, font):
    title = f"demo-portrait-{name}"
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image.objects.create(
            title=title,
            file=ImageFile(io.BytesIO(portrait_jpeg(name, font)), name="portrait.jpg"),
        )
    return image


def person(name, role, station, phone, badge, font):
    found = upsert(
        Person,
        {"name": name, "role": role},
        station=station,
        work_phone=phone,
        badge_number=badge,
        duties=DUTIES[role],
        office_hours=OFFICE_HOURS[role],
    )
    if found.photo_id is None:
        found.photo = portrait(name, font)
        found.save(update_fields=["photo"])
    return found


def assign(person, grids, start=ASSIGNED_SINCE, end=None):
    for grid in grids:
        Assignment.objects.get_or_create(
            person=person,
            grid=grid,
            role=person.role,
            start_date=start,
            defaults={"end_date": end},
        )


# --- Records -----------------------------------------------------------------------


def upsert(model, lookup, **fields):
    """get_or_create by a natural key, saving only when a field differs."""
    obj, created = model.objects.get_or_create(**lookup, defaults=fields)
    if not created and any(getattr(obj, k) != v for k, v in fields.items()):
        for key, value in fields.items():
            setattr(obj, key, value)
        obj.save()
    return obj


def streets(rng):
    roads = rng.sample(ROADS, 2)
    estates = rng.sample(ESTATES, rng.choice((1, 2)))
    return "\n".join(
        [f"{roads[0]} {rng.randrange(1, 400)}–{rng.randrange(400, 800)} 号", roads[1]]
        + estates
    )


def build_places(rng):
    """Stations, communities and grids; returns [(station, community, [grids])]."""
    cells = cell_polygons(rng)
    result = []
    for band, (code, name, address, phone, subdistrict) in enumerate(STATIONS):
        x = WEST + (band + 0.5) * STATION_COLUMNS * (EAST - WEST) / COLUMNS
        station = upsert(
            Station,
            {"code": code},
            name=name,
            address=address,
            phone=phone,
            latitude=round((SOUTH + NORTH) / 2, 6),
            longitude=round(x, 6),
        )
        order = station_cells(band)
        for k, (community_code, community_name) in enumerate(COMMUNITIES[code]):
            community = upsert(
                Community,
                {"code": community_code},
                name=community_name,
                station=station,
                subdistrict=subdistrict,
            )
            grids = []
            chunk = order[k * GRIDS_PER_COMMUNITY : (k + 1) * GRIDS_PER_COMMUNITY]
            for n, cell in enumerate(chunk):
                households = rng.randrange(450, 1500)
                grids.append(
                    upsert(
                        Grid,
                        {"code": f"{community_code}-{n + 1:02d}"},
                        name=f"{community_name.removesuffix('社区')}第{NUMERALS[n]}网格",
                        community=community,
                        boundary=cells[cell],
                        streets=streets(rng),
                        households=households,
                        population=int(households * rng.uniform(2.3, 2.9)),
                    )
                )
            result.append((station, community, grids))
    return result


def build_people(rng, places):
    """Per community: two officers each with an auxiliary officer, one police
    assistant, and a grid worker per grid; plus one officer who moved on."""
    font = _cjk_font(150)
    new_name = name_maker(rng)
    badge = iter(range(33101, 34000))
    for station, _community, grids in places:
        for share in (grids[:3], grids[3:]):
            officer = person(
                new_name(),
                Person.Role.COMMUNITY_OFFICER,
                station,
                mobile(rng),
                f"{next(badge):06d}",
                font,
            )
            assign(officer, share)
            auxiliary = person(
                new_name(),
                Person.Role.AUXILIARY_OFFICER,
                station,
                mobile(rng),
                f"F{next(badge):06d}",
                font,
            )
            assign(auxiliary, share)
        assistant = person(
            new_name(),
            Person.Role.POLICE_ASSISTANT,
            station,
            f"0571-8{rng.randrange(10**6, 10**7)}",
            "",
            font,
        )
        assign(assistant, grids)
        for grid in grids:
            assign(
                person(
                    new_name(), Person.Role.GRID_WORKER, None, mobile(rng), "", font
                ),
                [grid],
            )
    first_grid = places[0][2][0]
    former = person(
        new_name(),
        Person.Role.COMMUNITY_OFFICER,
        first_grid.community.station,
        mobile(rng),
        f"{next(badge):06d}",
        font,
    )
    assign(former, [first_grid], start=date(2021, 5, 1), end=ASSIGNED_SINCE)


def publish_if_changed(page, force=False, **fields):
    if not force and all(getattr(page, key) == value for key, value in fields.items()):
        return
    for key, value in fields.items():
        setattr(page, key, value)
    page.save_revision().publish()


def build_grid_pages(places):
    """Intro and office for every grid page; a dated priority on every seventh,
    one of them not updated for four months so the stale flag shows."""
    today = timezone.localdate()
    grids = [grid for _station, _community, grids in places for grid in grids]
    pages = {page.grid_id: page for page in GridPage.objects.filter(grid__in=grids)}
    for n, grid in enumerate(grids):
        page, community = pages[grid.pk], grid.community
        add_priority = n % 7 == 3 and not page.priorities.exists()
        if add_priority:
            title, action, age = PRIORITIES[(n // 7) % len(PRIORITIES)]
            page.priorities = [
                GridPriority(
                    title=title,
                    action=action,
                    set_on=today - timedelta(days=age + 30),
                    updated_on=today - timedelta(days=age),
                )
            ]
        publish_if_changed(
            page,
            force=add_priority,
            intro=f"<p>{grid.name}位于{community.subdistrict}{community.name}，"
            f"约 {grid.households} 户、{grid.population} 人。</p>",
            office_location=f"{community.name}警务室（{grid.streets.splitlines()[0]}）",
        )


# --- Site and pages ----------------------------------------------------------------


def build_site():
    """Bureau name and supervision phone; the home page's introduction."""
    site = Site.objects.get(is_default_site=True)
    settings = PortalSettings.for_site(site)
    if (settings.bureau_name, settings.supervision_phone) != (
        BUREAU_NAME,
        SUPERVISION_PHONE,
    ):
        settings.bureau_name, settings.supervision_phone = (
            BUREAU_NAME,
            SUPERVISION_PHONE,
        )
        settings.save()
    home = HomePage.objects.get()
    publish_if_changed(home, intro=HOME_INTRO)
    return home


def build_alerts(home):
    """The alerts index under the home page with a few prevention tips, a few days
    apart so the home page lists them in a natural order."""
    index = AlertIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=AlertIndexPage(
                title="警情通报与防范提示",
                slug="alerts",
                intro="<p>辖区警情通报和防诈、防盗等防范提示。</p>",
                live=False,
            )
        )
        index.save_revision().publish()
    now = timezone.now()
    for age, (slug, title, kind, summary, body) in enumerate(reversed(ALERTS)):
        if AlertPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        alert = index.add_child(
            instance=AlertPage(
                title=title,
                slug=slug,
                kind=kind,
                summary=summary,
                body=body,
                live=False,
                first_published_at=now - timedelta(days=3 * age),
            )
        )
        alert.save_revision().publish()


@transaction.atomic
def build():
    """Create or refresh the whole demo sub-bureau; the same result every run."""
    rng = random.Random(SEED)
    home = build_site()
    places = build_places(rng)
    build_people(rng, places)
    build_grid_pages(places)
    build_alerts(home)
    patrol_demo.build(places)
