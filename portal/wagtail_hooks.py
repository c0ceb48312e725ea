from wagtail import hooks

from . import imports


@hooks.register("register_admin_urls")
def register_import_urls():
    """The generic spreadsheet import/export views (admin access is checked by Wagtail)."""
    return imports.admin_urls()
