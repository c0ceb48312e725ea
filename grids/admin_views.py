"""Admin views for grids' records, scoped by grids.access.

Every view that shows or changes one record checks that the record is in the
user's scope (a ``scope(user) -> QuerySet`` function from grids.access) and
answers 404 otherwise, so an officer cannot reach another grid's records by
editing the address. Listings show only the scope.
"""

from django.http import Http404
from django.utils.functional import cached_property
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from portal import imports

FORMULA_PREFIXES = ("=", "+", "-", "@")


def escape_formula(value):
    """Spreadsheet cells starting like a formula are exported as plain text."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class ScopedObjectMixin:
    scope = None

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.scope(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class ScopedIndexView(generic.IndexView):
    scope = None
    spreadsheet = ""
    list_select_related = ()
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        # Wagtail already stores xlsx text cells as text, never as formulae.
        str: {"csv": escape_formula},
    }

    def get_base_queryset(self):
        queryset = self.scope(self.request.user)
        return queryset.select_related(*self.list_select_related)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        if self.spreadsheet and not self.results_only:
            buttons += imports.header_buttons(self.request.user, self.spreadsheet)
        return buttons


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedHistoryView(ScopedObjectMixin, generic.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, generic.UsageView):
    pass


class ScopedInspectView(ScopedObjectMixin, generic.InspectView):
    pass


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose views see only ``scope(user)``."""

    scope = None
    spreadsheet = ""
    list_select_related = ()
    copy_view_enabled = False
    search_backend_name = None  # icontains: the search backends don't split Chinese
    add_to_admin_menu = False
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_class = ScopedInspectView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scope=self.scope, **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            spreadsheet=self.spreadsheet,
            list_select_related=self.list_select_related,
            **kwargs,
        )
