from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.images import get_image_model

from portal import page_cache

from . import locate, services
from .models import Assignment, Community, Grid, GridPage, Person, Station


@receiver(post_save, sender=Station)
def station_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.ensure_station_page(instance)
    page_cache.tree_changed()


@receiver(post_save, sender=Grid)
def grid_saved(sender, instance, raw=False, **kwargs):
    page_cache.tree_changed()
    if raw:
        return
    locate.boundaries_changed()
    services.ensure_grid_page(instance)


@receiver(post_delete, sender=Grid)
def grid_deleted(sender, instance, **kwargs):
    locate.boundaries_changed()
    page_cache.tree_changed()


# --- Cached grid pages ---------------------------------------------------------
# A grid page shows its grid's current people; these keep the cached copies
# (portal/page_cache.py) in step with them.


def _grid_pages_changed(grid_ids):
    page_cache.pages_changed(
        GridPage.objects.filter(grid_id__in=grid_ids).values_list("pk", flat=True)
    )


def _pages_of_people(people):
    _grid_pages_changed(
        Assignment.objects.filter(person__in=people).values_list("grid_id", flat=True)
    )


@receiver(post_save, sender=Community)
@receiver(post_delete, sender=Community)
def community_changed(sender, **kwargs):
    page_cache.tree_changed()


@receiver(pre_save, sender=Assignment)
def assignment_moving(sender, instance, raw=False, **kwargs):
    """An assignment moved to another grid leaves its old grid's page too."""
    if instance.pk and not raw:
        instance._previous_grid_id = (
            Assignment.objects.filter(pk=instance.pk)
            .values_list("grid_id", flat=True)
            .first()
        )


@receiver(post_save, sender=Assignment)
@receiver(post_delete, sender=Assignment)
def assignment_changed(sender, instance, **kwargs):
    _grid_pages_changed(
        [instance.grid_id, getattr(instance, "_previous_grid_id", None)]
    )


@receiver(post_save, sender=Person)
def person_changed(sender, instance, **kwargs):
    _pages_of_people([instance.pk])


@receiver(post_save, sender=get_image_model())
@receiver(pre_delete, sender=get_image_model())
def photo_changed(sender, instance, **kwargs):
    """A replaced or deleted portrait changes the cards of its person's grids."""
    _pages_of_people(Person.objects.filter(photo=instance).values_list("pk", flat=True))
