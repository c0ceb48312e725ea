"""KPI tables and rankings as xlsx workbooks (openpyxl, as the other exports)."""

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .kpis import KPIS, LEVELS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _response(book, name):
    output = io.BytesIO()
    book.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _kpi_heading(kpi):
    return f"{kpi.label} ({kpi.unit})"


def kpi_workbook(figures, level, period):
    """One row per subject, one column per KPI, and a sheet of definitions."""
    book = Workbook()
    sheet = book.active
    sheet.title = "kpis"
    sheet.append([str(LEVELS[level]), *(_kpi_heading(k) for k in KPIS.values())])
    for figure in figures:
        sheet.append([figure.name, *(figure.values.get(code) for code in KPIS)])
    definitions = book.create_sheet("definitions")
    definitions.append([_("Code"), _("Indicator"), _("Unit"), _("Definition")])
    for kpi in KPIS.values():
        definitions.append(
            [kpi.code, str(kpi.label), str(kpi.unit), str(kpi.definition)]
        )
    return _response(book, f"kpis-{level}-{period.key}.xlsx")


def ranking_workbook(ranking, entries):
    """Rank, name, score, then points and the value of each KPI of the scheme."""
    codes = [w["kpi"] for w in ranking.version.rules["weights"] if w["kpi"] in KPIS]
    book = Workbook()
    sheet = book.active
    sheet.title = "ranking"
    sheet.append(
        [
            _("Rank"),
            str(LEVELS[ranking.level]),
            _("Score"),
            *(f"{KPIS[c].label} · {_('points')}" for c in codes),
            *(_kpi_heading(KPIS[c]) for c in codes),
        ]
    )
    for entry in entries:
        sheet.append(
            [
                entry.rank,
                entry.subject_name,
                entry.score,
                *(entry.points.get(c) for c in codes),
                *(entry.values.get(c) for c in codes),
            ]
        )
    rules = book.create_sheet("scheme")
    rules.append([_("Scheme"), str(ranking.version)])
    rules.append([_("Normalisation"), ranking.version.rules["normalisation"]])
    rules.append([_("Indicator"), _("Weight"), _("Cap"), _("Target")])
    for w in ranking.version.rules["weights"]:
        rules.append([w["kpi"], w["weight"], w["cap"], w["target"]])
    name = (
        f"ranking-{ranking.level}-{ranking.period_key}-v{ranking.version.number}.xlsx"
    )
    return _response(book, name)
