from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from grids import access as grid_access
from grids.forms import ScopedAdminForm
from portal import roles

from . import access
from .models import Activity


def leader_accounts():
    return get_user_model().objects.filter(groups__name=roles.TEAM_LEADER).distinct()


class VolunteersAdminForm(ScopedAdminForm):
    """Offers only the stations, grids, teams and volunteers the user manages."""

    SCOPES = {
        **ScopedAdminForm.SCOPES,
        "grids": grid_access.grids_visible_to,
        "team": access.teams_managed_by,
        "volunteer": access.volunteers_managed_by,
        "preferred_team": access.teams_managed_by,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "leader" in self.fields:
            self.fields["leader"].queryset = leader_accounts()


class RewardAdminForm(WagtailAdminModelForm):
    """Stock is entered once, when the item is created; afterwards it changes
    only through Restock and redemptions, each recorded as a stock movement."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stock = self.fields["stock"]
        if self.instance.pk:
            stock.disabled = True
            stock.help_text = _("Change the stock with “Restock” in the list.")
        else:
            stock.label = _("initial stock")
            stock.min_value = 0
            stock.validators.append(MinValueValidator(0))


class ActivityAdminForm(VolunteersAdminForm):
    change_note = forms.CharField(
        label=_("What changed (sent to everyone signed up)"),
        max_length=200,
        required=False,
    )

    NOTIFY_FIELDS = ("starts_at", "ends_at", "place", "grid")

    def changed_for_volunteers(self):
        return self.instance.pk and any(
            name in self.changed_data for name in self.NOTIFY_FIELDS
        )

    class Meta:
        model = Activity
        fields = "__all__"
