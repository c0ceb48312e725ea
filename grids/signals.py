from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import locate, services
from .models import Grid, Station


@receiver(post_save, sender=Station)
def station_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.ensure_station_page(instance)


@receiver(post_save, sender=Grid)
def grid_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    locate.boundaries_changed()
    services.ensure_grid_page(instance)


@receiver(post_delete, sender=Grid)
def grid_deleted(sender, instance, **kwargs):
    locate.boundaries_changed()
