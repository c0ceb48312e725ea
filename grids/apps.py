from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Grids")

    def ready(self):
        # page_permissions registers Wagtail hooks; signals keep pages in step.
        from . import page_permissions, signals  # noqa: F401
