"""Spreadsheet columns for volunteers and teams (import with a dry run in the admin).

Teams are matched by their short code, volunteers by their mobile number. An
imported volunteer without an account gets one (mobile only, no password: they
set it with "forgot password" by SMS). Imported volunteers come from signed
paper application forms, so consent is recorded as given. ID numbers are never
exported.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from import_export import fields, widgets

from grids import access as grid_access
from grids.models import Community, Grid, Station
from grids.resources import ChoiceWidget, CodeWidget, PhoneWidget, ScopedResource

from . import access
from .models import Team, Volunteer


class GridCodesWidget(widgets.ManyToManyWidget):
    """Grid codes separated by commas, among the grids the user may see."""

    def __init__(self):
        super().__init__(Grid, separator=",", field="code")
        self.user = None

    def clean(self, value, row=None, **kwargs):
        codes = [c.strip() for c in str(value or "").replace("，", ",").split(",")]
        codes = [c for c in codes if c]
        found = list(grid_access.grids_visible_to(self.user).filter(code__in=codes))
        missing = set(codes) - {grid.code for grid in found}
        if missing:
            raise ValueError(
                _("Unknown grid code(s): %(codes)s.")
                % {"codes": ", ".join(sorted(missing))[:200]}
            )
        return found


class TeamResource(ScopedResource):
    scope = access.teams_managed_by
    station = fields.Field(
        "station",
        "station",
        widget=CodeWidget(Station, grid_access.stations_visible_to),
    )
    grids = fields.Field("grids", "grids", widget=GridCodesWidget())

    class Meta:
        model = Team
        fields = (
            "slug",
            "name",
            "station",
            "grids",
            "is_partner",
            "partner_organisation",
            "description",
            "is_active",
        )
        import_id_fields = ("slug",)
        skip_unchanged = True
        clean_model_instances = True
        skip_html_diff = True

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["grids"].widget.user = user


class VolunteerResource(ScopedResource):
    scope = access.volunteers_managed_by
    mobile = fields.Field("mobile", "mobile", widget=PhoneWidget())
    community = fields.Field(
        "community",
        "community",
        widget=CodeWidget(Community, grid_access.communities_visible_to),
    )
    status = fields.Field(
        "status", "status", widget=ChoiceWidget(Volunteer.Status), default="approved"
    )

    class Meta:
        model = Volunteer
        fields = (
            "mobile",
            "real_name",
            "community",
            "skills",
            "availability",
            "status",
        )
        import_id_fields = ("mobile",)
        skip_unchanged = True
        clean_model_instances = True
        skip_html_diff = True

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.consent = True
        if not instance.mobile:
            return
        if instance.user_id is None:
            User = get_user_model()
            user = User.objects.filter(phone=instance.mobile).first()
            if user is None:
                user = User(phone=instance.mobile, display_name=instance.real_name)
                user.set_unusable_password()
                user.save()
            instance.user = user
