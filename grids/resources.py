"""Spreadsheet columns for stations, communities, grids, people and assignments.

Rows are matched by stable natural keys (codes; a person's name and work phone),
so importing the same file twice changes nothing. Related records are named by
their code and looked up only among the records the importing user may see: a
code outside the user's stations reads as unknown. The admin's import view
(portal.imports) runs these with a dry run first.
"""

import json

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from portal.phones import normalize_phone

from . import access, geometry, locate
from .models import Assignment, Community, Grid, Person, Station

DATE_FORMAT = "%Y-%m-%d"


class CodeWidget(widgets.ForeignKeyWidget):
    """A related record named by its code, among those the user may see."""

    def __init__(self, model, scope, **kwargs):
        super().__init__(model, field="code", **kwargs)
        self.scope = scope
        self.user = None

    def get_queryset(self, value, row, *args, **kwargs):
        return self.scope(self.user)

    def clean(self, value, row=None, **kwargs):
        value = str(value).strip() if value is not None else ""
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("Unknown %(model)s code “%(code)s”.")
                % {"model": self.model._meta.verbose_name, "code": value[:40]}
            ) from None


class PersonWidget(widgets.ForeignKeyWidget):
    """A person named by the row's name and work phone together."""

    def __init__(self, **kwargs):
        super().__init__(Person, **kwargs)
        self.user = None

    def get_queryset(self, value, row, *args, **kwargs):
        return access.people_visible_to(self.user)

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        phone = normalize_phone(str(row.get("person_phone") or ""))
        if not name:
            return None
        found = list(
            self.get_queryset(value, row).filter(name=name, work_phone=phone)[:2]
        )
        if len(found) != 1:
            raise ValueError(
                _("No single person named “%(name)s” with work phone “%(phone)s”.")
                % {"name": name[:50], "phone": phone[:30]}
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class PhoneWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return normalize_phone(super().clean(value, row, **kwargs))


class ChoiceWidget(widgets.CharWidget):
    """A choice given by its value or by its label in any of the site's languages."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs).strip()
        if value in self.choices.values:
            return value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                labels = {str(label): key for key, label in self.choices.choices}
            if value in labels:
                return labels[value]
        raise ValueError(
            _("Unknown role “%(value)s”; use one of: %(choices)s.")
            % {"value": value[:40], "choices": ", ".join(self.choices.values)}
        )


class BoundaryWidget(widgets.Widget):
    """GeoJSON text in a cell; stored normalised so re-imports compare equal."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            shape = geometry.parse_boundary(str(value))
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from None
        return json.loads(json.dumps(geometry.to_geojson(shape)))

    def render(self, value, obj=None, **kwargs):
        return json.dumps(value, separators=(",", ":")) if value else ""


class ScopedResource(resources.ModelResource):
    """A resource that sees (and may update) only what its user may see."""

    scope = None

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, CodeWidget | PersonWidget):
                field.widget.user = user

    def get_queryset(self):
        return type(self).scope(self.user)


class StationResource(ScopedResource):
    scope = access.stations_visible_to
    phone = fields.Field("phone", "phone", widget=PhoneWidget())

    class Meta:
        model = Station
        fields = ("code", "name", "address", "phone", "latitude", "longitude")
        import_id_fields = ("code",)
        skip_unchanged = True
        clean_model_instances = True
        skip_html_diff = True


class CommunityResource(ScopedResource):
    scope = access.communities_visible_to
    station = fields.Field(
        "station", "station", widget=CodeWidget(Station, access.stations_visible_to)
    )

    class Meta:
        model = Community
        fields = ("code", "name", "station", "subdistrict")
        import_id_fields = ("code",)
        skip_unchanged = True
        clean_model_instances = True
        skip_html_diff = True


class GridResource(ScopedResource):
    """Grids with their boundary as GeoJSON text; no two may overlap."""

    scope = access.grids_visible_to
    community = fields.Field(
        "community",
        "community",
        widget=CodeWidget(Community, access.communities_visible_to),
    )
    streets = fields.Field("streets", "streets", widget=widgets.CharWidget())
    boundary = fields.Field("boundary", "boundary", widget=BoundaryWidget())

    class Meta:
        model = Grid
        fields = (
            "code",
            "name",
            "community",
            "streets",
            "households",
            "population",
            "boundary",
        )
        import_id_fields = ("code",)
        skip_unchanged = True
        clean_model_instances = True
        skip_html_diff = True

    def before_import(self, dataset, **kwargs):
        self.boundaries_in_file = []

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # Grid.clean() compares with grids already saved; rows of the same file
        # are compared here, so an earlier invalid row still counts.
        if not instance.boundary:
            return
        shape = geometry.parse_boundary(instance.boundary)
        for number, code, other in self.boundaries_in_file:
            if geometry.overlap_m2(shape, other) > geometry.OVERLAP_TOLERANCE_M2:
                raise ValidationError(
                    {
                        "boundary": _(
                            "The boundary overlaps grid %(code)s in row %(row)s of "
                            "this file."
                        )
                        % {"code": code, "row": number + 1}
                    }
                )
        self.boundaries_in_file.append((kwargs["row_number"], instance.code, shape))

    def import_data(self, *args, **kwargs):
        try:
            return super().import_data(*args, **kwargs)
        finally:
            # A dry run saved and rolled back grids; the point index must forget them.
            locate.boundaries_changed()


class PersonResource(ScopedResource):
    """People, matched by name and work phone; the badge number is staff data."""

    scope = access.people_visible_to
    role = fields.Field("role", "role", widget=ChoiceWidget(Person.Role))
    work_phone = fields.Field("work_phone", "work_phone", widget=PhoneWidget())
    duties = fields.Field("duties", "duties", widget=widgets.CharWidget())
    station = fields.Field(
        "station", "station", widget=CodeWidget(Station, access.stations_visible_to)
    )

    class Meta:
        model = Person
        fields = (
            "name",
            "role",
            "work_phone",
            "station",
            "duties",
            "office_hours",
            "badge_number",
        )
        import_id_fields = ("name", "work_phone")
        skip_unchanged = True
        clean_model_instances = True
        skip_html_diff = True


class AssignmentResource(ScopedResource):
    """Who serves which grid: person by name and work phone, grid by code."""

    scope = access.assignments_visible_to
    person = fields.Field("person", "person_name", widget=PersonWidget())
    person_phone = fields.Field(column_name="person_phone", readonly=True)
    grid = fields.Field(
        "grid", "grid", widget=CodeWidget(Grid, access.grids_visible_to)
    )
    role = fields.Field("role", "role", widget=ChoiceWidget(Assignment.Role))
    start_date = fields.Field(
        "start_date", "start_date", widget=widgets.DateWidget(DATE_FORMAT)
    )
    end_date = fields.Field(
        "end_date", "end_date", widget=widgets.DateWidget(DATE_FORMAT)
    )

    class Meta:
        model = Assignment
        fields = ("person", "person_phone", "grid", "role", "start_date", "end_date")
        import_id_fields = ("person", "grid", "role", "start_date")
        skip_unchanged = True
        clean_model_instances = True
        skip_html_diff = True

    def get_queryset(self):
        return super().get_queryset().select_related("person", "grid")

    def dehydrate_person_phone(self, assignment):
        return assignment.person.work_phone
