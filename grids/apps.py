from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Grids")

    def ready(self):
        # page_permissions registers Wagtail hooks; signals keep pages in step.
        from . import page_permissions, roles, signals  # noqa: F401

        # Wagtail checks image permissions per collection, after the roles exist.
        last_app = [c for c in apps.get_app_configs() if c.models_module][-1]
        post_migrate.connect(roles.sync_image_permissions, sender=last_app)
