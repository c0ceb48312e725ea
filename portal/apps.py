from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import roles, signals  # noqa: F401

        # Roles need every app's permissions, which exist only after migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
