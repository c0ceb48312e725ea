"""Spreadsheet export of cases: party data masked, never in clear."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from portal.masking import mask_name

from .models import Case


class CaseResource(resources.ModelResource):
    reference = fields.Field(attribute="reference", column_name=_("reference"))
    source = fields.Field(attribute="get_source_display", column_name=_("source"))
    category = fields.Field(attribute="get_category_display", column_name=_("category"))
    grid = fields.Field(attribute="grid__name", column_name=_("grid"))
    risk = fields.Field(attribute="get_risk_display", column_name=_("risk level"))
    status = fields.Field(attribute="get_status_display", column_name=_("status"))
    opened = fields.Field(column_name=_("opened"))
    deadline = fields.Field(attribute="deadline", column_name=_("deadline"))
    closed = fields.Field(column_name=_("closed"))
    parties = fields.Field(column_name=_("parties"))
    lead = fields.Field(column_name=_("lead mediator"))

    class Meta:
        model = Case
        fields = (
            "reference",
            "source",
            "category",
            "grid",
            "risk",
            "status",
            "opened",
            "deadline",
            "closed",
            "parties",
            "lead",
        )
        export_order = fields

    def dehydrate_opened(self, case):
        return case.created_at.date().isoformat()

    def dehydrate_closed(self, case):
        return case.closed_at.date().isoformat() if case.closed_at else ""

    def dehydrate_parties(self, case):
        # Iterates the prefetched parties; names masked as in every list.
        return "；".join(
            f"{party.get_role_display()} {mask_name(party.name)}"
            for party in case.parties.all()
        )

    def dehydrate_lead(self, case):
        leads = [a.mediator.name for a in case.assignments.all() if a.role == "lead"]
        return leads[0] if leads else ""


def export_cases_xlsx(cases):
    return CaseResource().export(cases).xlsx
