from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import roles, signals  # noqa: F401

        # Roles need every app's permissions, which exist only once the last
        # app's post_migrate (auth creates permissions app by app) has run.
        last_app = [c for c in apps.get_app_configs() if c.models_module][-1]
        post_migrate.connect(roles.sync_roles_after_migrate, sender=last_app)
