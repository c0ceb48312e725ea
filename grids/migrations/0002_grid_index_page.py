from django.db import migrations


def create_grid_index_page(apps, schema_editor):
    """The bureau's grid page (/grids/) under the home page, parent of stations."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("portal.HomePage")
    GridIndexPage = apps.get_model("grids.GridIndexPage")
    if GridIndexPage.objects.exists():
        return
    home = HomePage.objects.first()
    if home is None:
        return
    content_type, _ = ContentType.objects.get_or_create(model="gridindexpage", app_label="grids")
    last_child = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by("-path").first()
    step = int(last_child.path[-4:], 36) + 1 if last_child else 1
    suffix = ""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for _ in range(4):
        step, digit = divmod(step, 36)
        suffix = alphabet[digit] + suffix
    GridIndexPage.objects.create(
        title="网格服务",
        draft_title="网格服务",
        slug="grids",
        content_type=content_type,
        path=home.path + suffix,
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}grids/",
        locale_id=home.locale_id,
        live=True,
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("grids", "0001_initial"),
        ("portal", "0003_home_page"),
    ]

    operations = [migrations.RunPython(create_grid_index_page, migrations.RunPython.noop)]
