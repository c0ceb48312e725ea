"""Spreadsheet import and export in the Wagtail admin, for any app's Resource.

An app registers each django-import-export Resource once (from its
wagtail_hooks.py)::

    imports.register("grids-grid", GridResource, index_url_name="grids_grid:index")

and gets three admin views: upload an .xlsx or .csv file → a dry run shows the
row-level errors and how many rows are new, updated or unchanged → confirm to
import. Nothing is written while any row fails, and the confirmed run is one
transaction that rolls back on any error. Between the two steps the file waits
in the cache under a random token bound to the user who uploaded it.

Resources are created as ``resource_class(user=request.user)`` and may use the
user to limit what they see. Importing needs the model's "add" and "change"
permissions, exporting its "view" permission.
"""

import secrets
from dataclasses import dataclass

import tablib
from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.defaults import permission_denied
from import_export.formats.base_formats import CSV, XLSX
from wagtail.admin.widgets import Button

from .uploads import check_size

FORMATS = {"xlsx": XLSX, "csv": CSV}
MAX_ROWS = 5000
PENDING_SECONDS = 3600
XLSX_MAGIC = b"PK\x03\x04"
CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # Excel in China saves CSV as GBK.


@dataclass(frozen=True)
class Spreadsheet:
    """One importable/exportable Resource, addressed in URLs by its name."""

    name: str
    resource_class: type
    index_url_name: str = ""

    @property
    def model(self):
        return self.resource_class._meta.model

    @property
    def label(self):
        return capfirst(self.model._meta.verbose_name_plural)

    def _perm(self, action):
        meta = self.model._meta
        return f"{meta.app_label}.{action}_{meta.model_name}"

    def can_import(self, user):
        return user.has_perms([self._perm("add"), self._perm("change")])

    def can_export(self, user):
        return user.has_perm(self._perm("view"))

    def resource(self, user):
        return self.resource_class(user=user)

    def index_url(self):
        return reverse(self.index_url_name) if self.index_url_name else ""


_registry = {}


def register(name, resource_class, index_url_name=""):
    _registry[name] = Spreadsheet(name, resource_class, index_url_name)
    return _registry[name]


def _spreadsheet(name):
    try:
        return _registry[name]
    except KeyError:
        raise Http404 from None


def header_buttons(user, name):
    """Import / export buttons for a listing's "more" menu, as the user may use them."""
    spreadsheet = _spreadsheet(name)
    buttons = []
    if spreadsheet.can_import(user):
        buttons.append(
            Button(
                _("Import from spreadsheet"),
                url=reverse("portal_import", args=[name]),
                icon_name="upload",
                priority=80,
            )
        )
    if spreadsheet.can_export(user):
        for extension in FORMATS:
            buttons.append(
                Button(
                    _("Export for re-import (%(format)s)")
                    % {"format": extension.upper()},
                    url=reverse("portal_export", args=[name]) + f"?format={extension}",
                    icon_name="download",
                    priority=85,
                )
            )
    return buttons


# --- Reading files --------------------------------------------------------------


def read_dataset(data, extension):
    """A tablib Dataset from the bytes of an .xlsx or .csv file, or ValidationError."""
    read = _read_xlsx if extension == "xlsx" else _read_csv
    dataset = _without_blank_rows(read(data))
    if not dataset.headers or len(dataset) == 0:
        raise ValidationError(_("The file has no rows below its header row."))
    if len(dataset) > MAX_ROWS:
        raise ValidationError(
            _("The file has %(rows)s rows; import at most %(max)s at a time.")
            % {"rows": len(dataset), "max": MAX_ROWS}
        )
    dataset.headers = [str(h).strip() if h is not None else "" for h in dataset.headers]
    return dataset


def _without_blank_rows(dataset):
    """Spreadsheets often end in rows that look empty; they are not data."""
    kept = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        if any(value not in (None, "") for value in row):
            kept.append(row)
    return kept


def _read_xlsx(data):
    not_a_workbook = ValidationError(
        _("The file is not an Excel workbook (.xlsx) that can be read.")
    )
    if not data.startswith(XLSX_MAGIC):
        raise not_a_workbook
    try:
        return XLSX().create_dataset(data)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise not_a_workbook from exc


def _read_csv(data):
    if b"\x00" in data:
        raise ValidationError(_("The file is not a CSV text file."))
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The CSV file is not in UTF-8 or GBK encoding."))
    try:
        return tablib.import_set(text, format="csv")
    except Exception as exc:  # the csv module's errors vary by input
        raise ValidationError(_("The CSV file cannot be read.")) from exc


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "An .xlsx or .csv file whose first row holds the column names."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_size(upload)
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in FORMATS:
            raise ValidationError(
                _("Choose a spreadsheet: an .xlsx or .csv file."), code="file_type"
            )
        self.data_bytes = upload.read()
        self.extension = extension
        self.dataset = read_dataset(self.data_bytes, extension)
        return upload


# --- Running imports ------------------------------------------------------------


def run_import(resource, dataset, dry_run):
    """Import the rows in one transaction that rolls back on any failing row."""
    return resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )


def has_failures(result):
    return result.has_errors() or result.has_validation_errors()


def report(resource, result):
    """Template context from an import Result: totals and row errors, sorted."""
    columns = {
        f.attribute: f.column_name for f in resource.get_import_fields() if f.attribute
    }
    errors = [
        {"row": None, "column": "", "message": str(error.error)}
        for error in result.base_errors
    ]
    for invalid in result.invalid_rows:
        for field, messages_ in invalid.error_dict.items():
            column = "" if field == NON_FIELD_ERRORS else columns.get(field, field)
            errors += [
                {"row": invalid.number + 1, "column": column, "message": message}
                for message in messages_
            ]
    for error_row in result.error_rows:
        errors += [
            {"row": error_row.number + 1, "column": "", "message": str(e.error)[:300]}
            for e in error_row.errors
        ]
    errors.sort(key=lambda e: (e["row"] or 0, e["column"]))
    totals = result.totals
    return {
        "errors": errors,
        "totals": [
            (_("New"), totals["new"]),
            (_("Updated"), totals["update"]),
            (_("Unchanged"), totals["skip"]),
            (_("Failed"), totals["error"] + totals["invalid"]),
        ],
        "total_rows": result.total_rows,
    }


def _pending_key(user, name, token):
    return f"portal:import:{user.pk}:{name}:{token}"


def _forbidden(request):
    # A real 403: Wagtail would turn PermissionDenied into a redirect home.
    return permission_denied(request, PermissionDenied())


# --- Views ----------------------------------------------------------------------


def import_view(request, name):
    """Upload a file and see the dry run; a clean dry run offers the confirm step."""
    spreadsheet = _spreadsheet(name)
    if not spreadsheet.can_import(request.user):
        return _forbidden(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"spreadsheet": spreadsheet, "form": form}
    if request.method == "POST" and form.is_valid():
        resource = spreadsheet.resource(request.user)
        result = run_import(resource, form.dataset, dry_run=True)
        context.update(
            report(resource, result), filename=form.cleaned_data["file"].name
        )
        if not has_failures(result):
            token = secrets.token_urlsafe(24)
            cache.set(
                _pending_key(request.user, name, token),
                {"data": form.data_bytes, "extension": form.extension},
                PENDING_SECONDS,
            )
            context["token"] = token
    return TemplateResponse(request, "portal/admin/import.html", context)


@require_POST
def confirm_import_view(request, name):
    """Import the file checked by the dry run, all rows or none."""
    spreadsheet = _spreadsheet(name)
    if not spreadsheet.can_import(request.user):
        return _forbidden(request)
    key = _pending_key(request.user, name, request.POST.get("token", "")[:64])
    pending = cache.get(key)
    if pending is None:
        messages.error(
            request, _("The checked file has expired; upload it again to import it.")
        )
        return redirect("portal_import", name)
    resource = spreadsheet.resource(request.user)
    dataset = read_dataset(pending["data"], pending["extension"])
    result = run_import(resource, dataset, dry_run=False)
    if has_failures(result):
        # The data changed since the dry run; nothing was written.
        context = {"spreadsheet": spreadsheet, "form": UploadForm()}
        context.update(report(resource, result))
        return TemplateResponse(request, "portal/admin/import.html", context)
    cache.delete(key)
    totals = result.totals
    messages.success(
        request,
        _("Imported: %(new)s new, %(update)s updated, %(skip)s unchanged.")
        % {"new": totals["new"], "update": totals["update"], "skip": totals["skip"]},
    )
    return redirect(spreadsheet.index_url() or reverse("portal_import", args=[name]))


@require_GET
def export_view(request, name):
    """The user's records in the columns the import reads (xlsx or csv)."""
    spreadsheet = _spreadsheet(name)
    if not spreadsheet.can_export(request.user):
        return _forbidden(request)
    extension = request.GET.get("format", "xlsx")
    if extension not in FORMATS:
        raise Http404
    resource = spreadsheet.resource(request.user)
    dataset = resource.export(queryset=resource.get_queryset())
    # IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT makes the format defuse formulae.
    content = FORMATS[extension]().export_data(dataset)
    if isinstance(content, str):
        content = content.encode("utf-8-sig")  # lets Excel read the Chinese text
    response = HttpResponse(content, content_type=FORMATS[extension].CONTENT_TYPE)
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def admin_urls():
    return [
        path("spreadsheets/<slug:name>/import/", import_view, name="portal_import"),
        path(
            "spreadsheets/<slug:name>/import/confirm/",
            confirm_import_view,
            name="portal_import_confirm",
        ),
        path("spreadsheets/<slug:name>/export/", export_view, name="portal_export"),
    ]
