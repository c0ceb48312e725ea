from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self):
        # A volunteer's patrol (grids) becomes a service log here.
        from . import patrol_logs  # noqa: F401
