"""The application's export downloads and import pages (upload -> preview -> confirm), one pair per kind.

Access: exporting is reading, so every logged-in colleague who sees the list may download it.
Importing writes, so it needs the model's add and change permissions (Redacteur, Beheerder);
others get 403.

Between the preview and the confirmation the uploaded file is kept on the server, in
IMPORT_TEMP_DIR under a random name, with its SHA-256 and owner in the session; the browser only
holds the random name. The confirmation reads the stored file again and repeats every check before
writing, all or nothing. Stored files are removed after the import, on cancel, and after an hour.
"""

import hashlib
import secrets
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from core.access import PermissionRequiredMixin
from core.dataexchange import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    ImportFileError,
    read_bytes,
    read_upload,
    write_csv,
    write_xlsx,
)

SESSION_KEY = "pending_imports"
KEEP_SECONDS = 60 * 60
TOKEN_LENGTH = 32


# -- Export ------------------------------------------------------------------------------------


EXPORT_FORMATS = ("xlsx", "csv")
LIST_COLUMNS = "list"
IMPORT_COLUMNS = "import"


class ExportView(View):
    """GET `?format=xlsx|csv&columns=list|import` plus the list page's filters: one download per list.

    `resources` maps each column set to its resource: "list", a `ListResource` with the columns as the
    page shows them, and "import", the `SWNResource` whose format the import page reads back. Both
    get the same rows: the list page's own queryset and FilterSet (`list_view`, a FilteredListView),
    every page of it. Every cell is neutralised against formulas by `write_csv` / `write_xlsx`.

    Without `columns` the import format is sent, as this address always did.
    """

    list_view = None
    resources = {}
    filename = "export"
    http_method_names = ["get", "head"]

    def get_queryset(self):
        """The rows of the list page for this query string, unpaginated."""
        view = self.list_view()
        view.setup(self.request, *self.args, **self.kwargs)
        return view.get_queryset()

    def chosen(self):
        """(columns, file format) asked for, falling back to the import format and CSV."""
        columns = self.request.GET.get("columns", IMPORT_COLUMNS)
        if columns not in self.resources:
            columns = IMPORT_COLUMNS if IMPORT_COLUMNS in self.resources else next(iter(self.resources))
        file_format = self.request.GET.get("format", "csv")
        if file_format not in EXPORT_FORMATS:
            file_format = "csv"
        return columns, file_format

    def get(self, request, *args, **kwargs):
        columns, file_format = self.chosen()
        dataset = self.resources[columns](request=request).export(self.get_queryset())
        name = self.filename if columns == LIST_COLUMNS else f"{self.filename}-import"
        stamped = f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format}"
        if file_format == "xlsx":
            response = HttpResponse(write_xlsx(dataset, title=self.filename), content_type=XLSX_CONTENT_TYPE)
        else:
            response = HttpResponse(write_csv(dataset), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{stamped}"'
        return response


# -- Import ------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.csv or .xlsx)"),
        error_messages={"required": gettext_lazy("Choose a file to import.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


def _storage_dir():
    path = settings.IMPORT_TEMP_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def _purge_old_files():
    cutoff = time.time() - KEEP_SECONDS
    for path in _storage_dir().glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


class ImportView(PermissionRequiredMixin, View):
    """GET: the upload form. POST: upload -> preview (a dry run, nothing written) -> confirm or cancel."""

    resource_class = None
    kind = ""  # a short name for the session and the URL names, e.g. "organisations"
    title = ""
    intro = ""
    back_url_name = ""
    export_url_name = ""
    import_url_name = ""
    template_name = "core/import.html"

    # -- the stored upload ---------------------------------------------------------------------
    def _pending(self):
        return self.request.session.get(SESSION_KEY, {})

    def _store(self, raw, name):
        _purge_old_files()
        token = secrets.token_urlsafe(TOKEN_LENGTH)
        (_storage_dir() / f"{token}.upload").write_bytes(raw)
        pending = self._pending()
        pending[token] = {
            "kind": self.kind,
            "name": name,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "user": self.request.user.pk,
            "stored": time.time(),
        }
        self.request.session[SESSION_KEY] = pending
        return token

    def _load(self, token):
        """(raw bytes, file name) of this user's stored upload for this kind, or Http404."""
        entry = self._pending().get(token or "")
        if not entry or entry["kind"] != self.kind or entry["user"] != self.request.user.pk:
            raise Http404(_("This import is no longer available. Upload the file again."))
        path = _storage_dir() / f"{token}.upload"
        try:
            raw = path.read_bytes()
        except (OSError, ValueError):
            raise Http404(_("This import is no longer available. Upload the file again.")) from None
        if hashlib.sha256(raw).hexdigest() != entry["sha256"] or time.time() - entry["stored"] > KEEP_SECONDS:
            self._discard(token)
            raise Http404(_("This import is no longer available. Upload the file again."))
        return raw, entry["name"]

    def _discard(self, token):
        pending = self._pending()
        if token in pending:
            del pending[token]
            self.request.session[SESSION_KEY] = pending
        if token and token.replace("-", "").replace("_", "").isalnum():
            (_storage_dir() / f"{token}.upload").unlink(missing_ok=True)

    # -- pages -------------------------------------------------------------------------------------
    def context(self, **kwargs):
        resource = self.resource_class()
        columns = [{"name": column.column_name, "required": column.required} for column in resource.columns().values()]
        return {
            "title": self.title,
            "intro": self.intro,
            "columns": columns,
            "back_url": reverse(self.back_url_name),
            "export_url": f"{reverse(self.export_url_name)}?columns={IMPORT_COLUMNS}",
            "import_url": reverse(self.import_url_name),
            "max_mb": round(settings.IMPORT_MAX_BYTES / 1024 / 1024, 1),
            **kwargs,
        }

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self.context(form=UploadForm()))

    def post(self, request, *args, **kwargs):
        step = request.POST.get("step", "upload")
        if step == "confirm":
            return self.confirm(request.POST.get("token"))
        if step == "cancel":
            self._discard(request.POST.get("token"))
            messages.info(request, _("The import has been cancelled; nothing was changed."))
            return redirect(self.back_url_name)
        return self.upload()

    def upload(self):
        form = UploadForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            return render(self.request, self.template_name, self.context(form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            import_file = read_upload(upload)
        except ImportFileError as error:
            form.add_error("file", str(error))
            return render(self.request, self.template_name, self.context(form=form), status=400)
        upload.seek(0)
        token = self._store(upload.read(), upload.name)
        report = self.resource_class().run(import_file, dry_run=True)
        return render(
            self.request,
            self.template_name,
            self.context(report=report, import_file=import_file, token=token, file_name=upload.name),
        )

    def confirm(self, token):
        raw, name = self._load(token)
        try:
            import_file = read_bytes(raw, name.lower())
        except ImportFileError as error:
            self._discard(token)
            messages.error(self.request, str(error))
            return redirect(self.import_url_name)
        report = self.resource_class().run(import_file, dry_run=False)
        if report.has_errors:
            # Nothing was written (one transaction, rolled back); show why, keep the file for a retry.
            return render(
                self.request,
                self.template_name,
                self.context(report=report, import_file=import_file, token=token, file_name=name, failed=True),
                status=400,
            )
        self._discard(token)
        messages.success(
            self.request,
            _("Import done: %(new)s, %(changed)s, %(unchanged)s.")
            % {
                "new": ngettext("%(count)d new", "%(count)d new", report.new) % {"count": report.new},
                "changed": ngettext("%(count)d changed", "%(count)d changed", report.changed)
                % {"count": report.changed},
                "unchanged": ngettext("%(count)d unchanged", "%(count)d unchanged", report.unchanged)
                % {"count": report.unchanged},
            },
        )
        return redirect(self.back_url_name)
