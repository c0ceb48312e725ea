"""Public pages: the bureau's grid index, station pages and grid pages."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .places import Grid, Station


class GridIndexPage(RoutablePageMixin, Page):
    """The bureau's page: every station and grid on one map and in one list."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["grids.StationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("grid index page")

    def get_context(self, request, *args, **kwargs):
        from ..views import grid_directory

        context = super().get_context(request, *args, **kwargs)
        context.update(grid_directory(request))
        return context


class StationPage(RoutablePageMixin, Page):
    station = models.OneToOneField(
        Station, models.PROTECT, related_name="page", verbose_name=_("station")
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("station"), FieldPanel("intro")]
    parent_page_types = ["grids.GridIndexPage"]
    subpage_types = ["grids.GridPage"]

    class Meta:
        verbose_name = _("station page")

    def get_context(self, request, *args, **kwargs):
        from ..views import station_directory

        context = super().get_context(request, *args, **kwargs)
        context.update(station_directory(self))
        return context

    @path("cards/")
    def cards(self, request):
        from ..views import station_cards

        return station_cards(request, self)


class GridPage(RoutablePageMixin, Page):
    """The public face of a grid: who serves it and how to reach them."""

    grid = models.OneToOneField(
        Grid, models.PROTECT, related_name="page", verbose_name=_("grid")
    )
    intro = RichTextField(_("introduction"), blank=True)
    office_location = models.CharField(_("office location"), max_length=200, blank=True)
    notices = RichTextField(_("notices"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("grid"),
        FieldPanel("intro"),
        FieldPanel("office_location"),
        InlinePanel("priorities", label=_("Current priorities")),
        FieldPanel("notices"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["grids.StationPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("grid page")

    def get_context(self, request, *args, **kwargs):
        from ..views import grid_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(grid_page_context(self, request))
        return context

    @path("card/")
    def card(self, request):
        from ..views import grid_card

        return grid_card(request, self)


class GridPriority(Orderable):
    """A current priority of a grid (当前重点工作), dated so stale ones show."""

    STALE_AFTER_DAYS = 90

    page = ParentalKey(GridPage, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(_("priority"), max_length=200)
    set_on = models.DateField(_("set on"), default=timezone.localdate)
    action = models.TextField(_("what is being done"), blank=True)
    updated_on = models.DateField(_("last updated"), default=timezone.localdate)

    panels = [
        FieldPanel("title"),
        FieldPanel("set_on"),
        FieldPanel("action"),
        FieldPanel("updated_on"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    @property
    def is_stale(self):
        return (timezone.localdate() - self.updated_on).days > self.STALE_AFTER_DAYS
