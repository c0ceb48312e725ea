"""Spreadsheet export of reports: phone numbers and names masked."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from portal.masking import mask_email, mask_name, mask_phone

from .models import Report


class ReportResource(resources.ModelResource):
    reference = fields.Field(attribute="reference", column_name=_("reference"))
    category = fields.Field(attribute="category__name", column_name=_("category"))
    status = fields.Field(column_name=_("status"))
    grid = fields.Field(attribute="grid__name", column_name=_("grid"))
    station = fields.Field(attribute="station__name", column_name=_("station"))
    address = fields.Field(attribute="address", column_name=_("address"))
    created_at = fields.Field(attribute="created_at", column_name=_("submitted"))
    resolved_at = fields.Field(attribute="resolved_at", column_name=_("resolved"))
    overdue = fields.Field(column_name=_("overdue"))
    rating = fields.Field(attribute="rating", column_name=_("rating"))
    supporters = fields.Field(attribute="supporters", column_name=_("residents"))
    reporter_name = fields.Field(column_name=_("name"))
    reporter_phone = fields.Field(column_name=_("phone"))
    reporter_email = fields.Field(column_name=_("email"))

    class Meta:
        model = Report
        fields = [
            "reference",
            "category",
            "status",
            "grid",
            "station",
            "address",
            "created_at",
            "resolved_at",
            "overdue",
            "rating",
            "supporters",
            "reporter_name",
            "reporter_phone",
            "reporter_email",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def dehydrate_status(self, report):
        return report.get_status_display()

    def dehydrate_overdue(self, report):
        return "✓" if report.is_overdue else ""

    def dehydrate_reporter_name(self, report):
        return mask_name(report.reporter_name)

    def dehydrate_reporter_phone(self, report):
        return mask_phone(report.reporter_phone)

    def dehydrate_reporter_email(self, report):
        return mask_email(report.reporter_email)
