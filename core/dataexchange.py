"""Import and export of spreadsheets (CSV and XLSX) on top of django-import-export.

The pieces, used by the admin (django-import-export's own screens) and by the application's
import pages alike:

- `read_upload()` turns an uploaded file into rows, or refuses it with a Dutch message: only
  .csv and .xlsx, at most IMPORT_MAX_BYTES; CSV in UTF-8 (with or without BOM), UTF-16 ("Unicode
  text" from Excel) or Windows-1252 (Excel's "CSV" on a Dutch Windows), separated by `,` `;` or a
  tab (sniffed from the header line).
- `write_csv()` / `write_xlsx()` write a dataset with every cell neutralised against formula
  injection (`swn_crm.csv_export.neutralise`); `read_upload()` undoes exactly that neutralising,
  so an export imports back to the same values.
- `SWNResource`: a ModelResource whose columns carry Dutch (or English) headers, both accepted
  on import; values are parsed by the widgets below with a Dutch message naming the problem; a
  row is matched on a stable key (`match_key`), a key used twice in one file is an error on the
  second row; an unchanged row is skipped (re-importing a file changes nothing); the dry run for
  the preview writes nothing and runs a fixed number of queries (lookups are loaded once).
"""

import csv
import datetime
import io
import re
import uuid
import zipfile

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from core.csv_export import DELIMITER, neutralise, unneutralise

LIST_SEPARATOR = "; "
MAX_ROWS = 20000
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportFileError(Exception):
    """The file cannot be read at all; the message says why, in the user's language."""


# -- Reading ---------------------------------------------------------------------------------


class ImportFile:
    """The rows of an uploaded file as strings, with the spreadsheet row number of each data row."""

    def __init__(self, *, headers, rows, row_numbers, file_format, encoding="", delimiter=""):
        self.headers = headers
        self.rows = rows
        self.row_numbers = row_numbers
        self.file_format = file_format
        self.encoding = encoding
        self.delimiter = delimiter

    def dataset(self):
        data = tablib.Dataset(headers=list(self.headers))
        for row in self.rows:
            data.append(row)
        return data


def _cell_text(value):
    """A spreadsheet cell as text: dates in Dutch notation, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.strftime("%d-%m-%Y")
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unneutralise(str(value))


def _decode(raw):
    """(text, encoding name) for CSV bytes, or ImportFileError for what is not text."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        raise ImportFileError(_("This file is not a text file. Save it from Excel as “CSV UTF-8” or as .xlsx."))
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The characters in this file cannot be read. Save it from Excel as “CSV UTF-8” or as .xlsx.")
        ) from None
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        raise ImportFileError(_("This file is not a text file. Save it from Excel as “CSV UTF-8” or as .xlsx."))
    return text, "Windows-1252"


def _read_csv(raw):
    text, encoding = _decode(raw)
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    delimiter = max(counts, key=counts.get)
    if counts[delimiter] == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as error:
        raise ImportFileError(_("This CSV file is damaged: %(error)s") % {"error": error}) from None
    return records, encoding, delimiter


def _read_xlsx(raw):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportFileError(
            _("This Excel file cannot be opened. Save it again as .xlsx and try once more.")
        ) from None
    try:
        sheet = book.worksheets[0]
        records = []
        for row in sheet.iter_rows(values_only=True):
            records.append(list(row))
            if len(records) > MAX_ROWS + 1:
                break
    finally:
        book.close()
    return records


def read_upload(upload):
    """An `ImportFile` from an uploaded file (Django UploadedFile or any object with name/size/read)."""
    name = (getattr(upload, "name", "") or "").lower()
    size = getattr(upload, "size", None)
    limit = settings.IMPORT_MAX_BYTES
    if size is not None and size > limit:
        raise ImportFileError(
            _("This file is too large (%(size)s MB). The limit is %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": round(limit / 1024 / 1024, 1)}
        )
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise ImportFileError(
            _("This file is too large. The limit is %(limit)s MB.") % {"limit": round(limit / 1024 / 1024, 1)}
        )
    return read_bytes(raw, name)


def read_bytes(raw, name):
    if name.endswith(".xls"):
        raise ImportFileError(_("The old Excel format (.xls) cannot be read. Save the file as .xlsx or as CSV."))
    if name.endswith(".xlsx"):
        if not raw.startswith(b"PK"):
            raise ImportFileError(_("This file is called .xlsx but is not an Excel file."))
        records, encoding, delimiter, file_format = _read_xlsx(raw), "", "", "xlsx"
    elif name.endswith((".csv", ".txt")):
        if raw.startswith(b"PK"):
            raise ImportFileError(_("This file is called .csv but is an Excel file. Rename it to .xlsx."))
        records, encoding, delimiter = _read_csv(raw)
        file_format = "csv"
    else:
        raise ImportFileError(_("Choose a CSV or Excel file (.csv or .xlsx)."))
    records = [[_cell_text(cell) for cell in record] for record in records]
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportFileError(_("The file is empty or its first row has no column names."))
    headers = [cell.strip() for cell in records[0]]
    while headers and not headers[-1]:
        headers.pop()
    rows, row_numbers = [], []
    for index, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if any(cell.strip() for cell in record[len(headers) :]):
            raise ImportFileError(
                _(
                    "Row %(row)s has more filled cells than there are column names. Is there a separator "
                    "(comma or semicolon) in a cell without quotes around it?"
                )
                % {"row": index}
            )
        record = (record + [""] * len(headers))[: len(headers)]
        rows.append(record)
        row_numbers.append(index)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("This file has more than %(max)s rows; split it up.") % {"max": MAX_ROWS})
    return ImportFile(
        headers=headers,
        rows=rows,
        row_numbers=row_numbers,
        file_format=file_format,
        encoding=encoding,
        delimiter=delimiter,
    )


# -- Writing ---------------------------------------------------------------------------------


def _neutralised_rows(dataset):
    yield [neutralise(header) for header in dataset.headers]
    for row in dataset:
        yield [neutralise(cell) for cell in row]


def write_csv(dataset):
    """UTF-8 with BOM, `csv_export.DELIMITER`, CRLF (see core/csv_export.py): Excel opens it with the accents right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerows(_neutralised_rows(dataset))
    return buffer.getvalue().encode("utf-8")


def write_xlsx(dataset, *, title=""):
    """Every cell a text cell (openpyxl would turn "=..." into a formula; neutralised text never is one)."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=(title or "Export")[:31])
    for row in _neutralised_rows(dataset):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    # Fixed document dates: two exports of the same data give the same workbook contents.
    book.properties.creator = "SWN CRM"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ListResource:
    """The columns of a list page as the page shows them: to read, count or mail, not to import.

    The export counterpart of a list page next to its `SWNResource` (the import format). A subclass
    gives `headers()` and `row(obj)`; the rows are the list page's own queryset, filtered and sorted
    as on screen and with the page's select/prefetch, so `row()` must not query.
    """

    def __init__(self, *, request=None, **kwargs):
        self.request = request

    def headers(self):
        raise NotImplementedError

    def row(self, obj):
        raise NotImplementedError

    def link(self, path):
        """The absolute address of a page of the CRM, for a column that leads back to it."""
        return self.request.build_absolute_uri(path)

    def export(self, queryset):
        dataset = tablib.Dataset(headers=[str(header) for header in self.headers()])
        for obj in queryset:
            dataset.append(list(self.row(obj)))
        return dataset


def export_date(value):
    """A date or moment as an export cell, in Dutch notation (local time for a moment)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return value.strftime("%d-%m-%Y")


class SWNCSV(base_formats.CSV):
    """CSV for the admin: read with the same decoding and checks as the application, written neutralised."""

    def get_read_mode(self):
        return "rb"

    def is_binary(self):
        return True

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        try:
            return read_bytes(in_stream, "upload.csv").dataset()
        except ImportFileError as error:
            raise ValueError(str(error)) from None

    def export_data(self, dataset, **kwargs):
        return write_csv(dataset)


class SWNXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        try:
            return read_bytes(in_stream, "upload.xlsx").dataset()
        except ImportFileError as error:
            raise ValueError(str(error)) from None

    def export_data(self, dataset, **kwargs):
        return write_xlsx(dataset)


FORMATS = [SWNCSV, SWNXLSX]


# -- Widgets: parse a cell (Dutch error messages) and render a value -----------------------------


def _split(value):
    return [part.strip() for part in re.split(r"[;\n]", value or "") if part.strip()]


class Widget(widgets.Widget):
    """Text: trimmed; an empty cell is an empty string."""

    def clean(self, value, row=None, **kwargs):
        return (value or "").strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(Widget):
    """A choice by its code ("gemeente") or its label in any language ("Gemeente", "Municipality")."""

    def __init__(self, choices, *, required=False):
        super().__init__()
        self.choices = choices
        self.required = required

    def _lookup(self):
        table = {}
        for code, label in self.choices:
            table[str(code).casefold()] = code
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    table.setdefault(str(label).casefold(), code)
        return table

    def parse(self, value):
        text = (value or "").strip()
        if not text:
            return None
        return self._lookup().get(text.casefold())

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            if self.required:
                raise ValueError(_("This column may not be empty."))
            return ""
        code = self.parse(text)
        if code is None:
            raise ValueError(
                _("“%(value)s” is not one of the choices: %(choices)s.")
                % {"value": text, "choices": ", ".join(str(label) for _code, label in self.choices)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        return str(dict(self.choices).get(value, value))


class BooleanWidget(Widget):
    TRUE = {"ja", "yes", "j", "y", "waar", "true", "1", "x"}
    FALSE = {"nee", "no", "n", "onwaar", "false", "0", ""}

    def __init__(self, *, default=False):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip().casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False if text else self.default
        raise ValueError(_("“%(value)s” is not “ja” or “nee”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("yes") if value else _("no")


class IntegerWidget(Widget):
    def __init__(self, *, minimum=None, maximum=None, default=None):
        super().__init__()
        self.minimum, self.maximum, self.default = minimum, maximum, default

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            if self.default is None:
                raise ValueError(_("This column may not be empty."))
            return self.default
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        number = int(text)
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            raise ValueError(
                _("%(value)s is not between %(min)s and %(max)s.")
                % {"value": number, "min": self.minimum, "max": self.maximum}
            )
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
TIME_FORMATS = ("%H:%M", "%H.%M", "%H:%M:%S")


class DateWidget(Widget):
    def __init__(self, *, required=False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            if self.required:
                raise ValueError(_("This column may not be empty."))
            return None
        text = text.split(" ")[0] if re.fullmatch(r"\S+ 00:00(:00)?", text) else text
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date; write it as dd-mm-jjjj, e.g. 31-12-2026.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d-%m-%Y") if value else ""


class DateTimeWidget(Widget):
    """A moment in the office's time zone, written "dd-mm-jjjj uu:mm"."""

    def clean(self, value, row=None, **kwargs):
        text = re.sub(r"\s+", " ", (value or "").strip())
        if not text:
            raise ValueError(_("This column may not be empty."))
        for date_format in DATE_FORMATS:
            for time_format in TIME_FORMATS:
                try:
                    moment = datetime.datetime.strptime(text, f"{date_format} {time_format}")
                except ValueError:
                    continue
                return timezone.make_aware(moment)
        raise ValueError(
            _("“%(value)s” is not a date and time; write it as dd-mm-jjjj uu:mm, e.g. 31-12-2026 14:30.")
            % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if value else ""


class TimeWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            return None
        for fmt in TIME_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).time()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a time; write it as uu:mm, e.g. 09:30.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%H:%M") if value else ""


class UUIDWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a valid UID.") % {"value": text}) from None

    def render(self, value, obj=None, **kwargs):
        return str(value) if value else ""


class LookupWidget(Widget):
    """A reference to another row by a readable key, resolved through the resource's preloaded lookups.

    Subclasses set `lookup` (the name of a Lookups method returning {casefolded key: object}),
    `unknown_message`, and `key(obj)` for rendering.
    """

    lookup = ""
    unknown_message = ""

    def __init__(self, *, many=False, required=False):
        super().__init__()
        self.many = many
        self.required = required

    def key(self, obj):
        raise NotImplementedError

    def resolve(self, text, resource, row):
        found = getattr(resource.lookups, self.lookup)().get(text.casefold())
        if found is None:
            raise ValueError(self.unknown_message % {"value": text})
        return found

    def clean(self, value, row=None, resource=None, **kwargs):
        if not self.many:
            text = (value or "").strip()
            if not text:
                if self.required:
                    raise ValueError(_("This column may not be empty."))
                return None
            return self.resolve(text, resource, row)
        found, errors = [], []
        for part in _split(value):
            try:
                obj = self.resolve(part, resource, row)
            except ValueError as error:
                errors.append(str(error))
                continue
            if obj not in found:
                found.append(obj)
        if errors:
            raise ValueError(" ".join(errors))
        return found

    def render(self, value, obj=None, resource=None, **kwargs):
        if value is None:
            return ""
        if not self.many:
            return self.key(value, resource)
        items = value.all() if hasattr(value, "all") else value
        return LIST_SEPARATOR.join(sorted(self.key(item, resource) for item in items))


# -- Lookups: every referenced table loaded once per import --------------------------------------


class Lookups:
    """Referenced rows by their readable keys, each table loaded with one query on first use.

    A resource's `lookups_class` subclasses this with one method per table (see
    `stakeholders.lookups.DirectoryLookups`); `LookupWidget.lookup` names the method.
    """

    def __init__(self):
        self._cache = {}

    def _cached(self, name, build):
        if name not in self._cache:
            self._cache[name] = build()
        return self._cache[name]


# -- Resources ---------------------------------------------------------------------------------


class Column(fields.Field):
    """A column: its header is a (lazy) label, so it reads Dutch or English and both are accepted on import."""

    def __init__(self, attribute=None, *, label, widget=None, required=False, m2m=False):
        super().__init__(attribute=attribute, column_name=None, widget=widget or Widget())
        self.label = label
        self.required = required
        self.m2m = m2m

    @property
    def column_name(self):
        return str(capfirst(self.label))

    @column_name.setter
    def column_name(self, value):
        pass

    def aliases(self):
        names = set()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                names.add(_normalise_header(str(capfirst(self.label))))
        return names


def _normalise_header(text):
    text = str(text or "").replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().rstrip("*").strip().casefold()


class RowProblem(Exception):
    """Row errors keyed by column header, raised from `validate_row`."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class SWNResource(resources.ModelResource):
    """The shared behaviour of the CRM's import/export resources; see the module docstring.

    A subclass declares `Column`s, `order_by` for a stable export, and implements `match_key(values)`
    (the key that identifies the row, from the parsed values) and `find_existing(values)`.
    """

    order_by = ("pk",)
    lookups_class = Lookups  # set by each app to its lookups
    key_label = ""  # how a row is recognised, in words: "member number, or name and kind"

    class Meta:
        abstract = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        store_instance = True
        skip_diff = True  # the preview compares rendered cells itself (changed_columns), without queries
        store_row_values = True
        use_transactions = True

    _dry_run_without_writes = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lookups = self.lookups_class()
        self.row_numbers = None
        self._keys_seen = {}

    # -- columns ---------------------------------------------------------------------------
    def columns(self):
        return {name: field for name, field in self.fields.items() if isinstance(field, Column)}

    def column_of(self, name):
        field = self.fields.get(name)
        return field.column_name if field is not None else name

    def check_headers(self, headers):
        """(mapping header -> field name, problems): unknown and missing columns, said in Dutch."""
        aliases = {}
        for name, column in self.columns().items():
            for alias in column.aliases() | {name.casefold()}:
                aliases[alias] = name
        mapping, problems, seen = {}, [], {}
        for header in headers:
            name = aliases.get(_normalise_header(header))
            if name is None:
                problems.append(
                    _("Unknown column “%(column)s”. The columns are: %(known)s.")
                    % {"column": header, "known": ", ".join(c.column_name for c in self.columns().values())}
                )
            elif name in seen:
                problems.append(_("The column “%(column)s” appears twice.") % {"column": header})
            else:
                seen[name] = header
                mapping[header] = name
        for name, column in self.columns().items():
            if column.required and name not in seen:
                problems.append(_("The column “%(column)s” is missing.") % {"column": column.column_name})
        return mapping, problems

    def prepare(self, import_file):
        """The dataset with the headers renamed to this language's column names, and any header problems."""
        mapping, problems = self.check_headers(import_file.headers)
        self.row_numbers = list(import_file.row_numbers)
        dataset = tablib.Dataset(headers=[self.column_of(mapping.get(h, h)) for h in import_file.headers])
        for row in import_file.rows:
            dataset.append(row)
        return dataset, problems

    def before_import(self, dataset, **kwargs):
        # The admin path: headers in any language, problems refuse the whole file.
        mapping, problems = self.check_headers(dataset.headers or [])
        if problems:
            raise ValueError(" ".join(problems))
        dataset.headers = [self.column_of(mapping[h]) for h in dataset.headers]
        self._keys_seen = {}

    # -- parsing ---------------------------------------------------------------------------
    def present_columns(self, row):
        return {name: column for name, column in self.columns().items() if column.column_name in row}

    def parse_row(self, row):
        """({field name: parsed value} for the columns present, {field name: error message})."""
        values, errors = {}, {}
        for name, column in self.present_columns(row).items():
            try:
                values[name] = column.widget.clean(row[column.column_name], row=row, resource=self)
            except ValueError as error:
                errors[name] = str(error)
        return values, errors

    def spreadsheet_row(self, number):
        if self.row_numbers and 0 < number <= len(self.row_numbers):
            return self.row_numbers[number - 1]
        return number + 1

    # -- matching ----------------------------------------------------------------------------
    def match_key(self, values):
        raise NotImplementedError

    def find_existing(self, values):
        """The existing instance this row updates, or None; ValueError({field: message}) when ambiguous."""
        raise NotImplementedError

    def get_instance(self, instance_loader, row):
        values, errors = self.parse_row(row)
        self._parsed = (values, errors)
        if errors:
            return None
        try:
            return self.find_existing(values)
        except RowProblem as problem:
            self._parsed = (values, {**errors, **problem.errors})
            return None

    def init_instance(self, row=None):
        return self._meta.model()

    # -- applying a row ----------------------------------------------------------------------
    def import_instance(self, instance, row, **kwargs):
        values, errors = self._parsed
        errors = dict(errors)
        key = self.match_key(values) if not errors else None
        number = kwargs.get("row_number")
        for part in key or ():
            if part in self._keys_seen:
                errors["__key__"] = _("This row has the same key (%(key)s) as row %(row)s of this file.") % {
                    "key": self.key_label,
                    "row": self.spreadsheet_row(self._keys_seen[part]),
                }
            else:
                self._keys_seen[part] = number
        for name, value in values.items():
            column = self.fields[name]
            if column.attribute and not column.m2m:
                setattr(instance, column.attribute, value)
        if not errors:
            try:
                self.validate_row(instance, values)
            except RowProblem as problem:
                errors.update(problem.errors)
        instance._import_values = values
        if errors:
            raise ValidationError(errors)

    def validate_row(self, instance, values):
        """Checks across columns; raise RowProblem({field: message})."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        dry_run_without_writes = getattr(self, "_dry_run_without_writes", False)
        if dry_run_without_writes:
            # The preview: relations come from the preloaded lookups, so checking they exist again
            # (one query each) is skipped, as are database constraints: the confirm checks them all.
            exclude |= {f.name for f in instance._meta.concrete_fields if f.is_relation}
        try:
            instance.full_clean(
                exclude=exclude,
                validate_unique=not dry_run_without_writes,
                validate_constraints=not dry_run_without_writes,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            instance._import_changed = list(self.present_columns(row)) if instance.pk is None else []
            return False
        changed = self.changed_columns(instance, row)
        instance._import_changed = changed
        return not changed

    def compared_columns(self, instance, row):
        """The columns compared for "unchanged"; a subclass leaves out columns it will not write."""
        return self.present_columns(row)

    def changed_columns(self, instance, row):
        before = getattr(instance, "_import_before", {})
        values = instance._import_values
        changed = []
        for name, column in self.compared_columns(instance, row).items():
            if name not in values:
                continue
            new = column.widget.render(values[name], resource=self)
            if new != before.get(name, ""):
                changed.append(name)
        return changed

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            instance._import_before = {
                name: self.export_field(column, instance) for name, column in self.columns().items()
            }

    def writes(self, kwargs):
        """False during the preview, which runs without a transaction and must not write at all."""
        return not (self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs))

    def save_m2m(self, instance, row, **kwargs):
        if not self.writes(kwargs):
            return
        for name, value in instance._import_values.items():
            column = self.fields[name]
            if column.m2m and column.attribute:
                getattr(instance, column.attribute).set(value)

    def import_row(self, row, instance_loader, **kwargs):
        self._parsed = ({}, {})
        return super().import_row(row, instance_loader, **kwargs)

    # -- exporting ---------------------------------------------------------------------------
    def export_field(self, field, instance, **kwargs):
        name = self.get_field_name(field)
        method = getattr(self, f"dehydrate_{name}", None)
        if method is not None:
            return method(instance)
        value = field.get_value(instance)
        return field.widget.render(value, resource=self)

    def get_export_headers(self, selected_fields=None):
        return [field.column_name for field in self.get_export_fields(selected_fields)]

    def export_queryset(self, queryset):
        """The rows to export in a stable order; subclasses add their own select/prefetch."""
        return queryset.prefetch_related(None).order_by(*self.order_by)

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        return super().export(self.export_queryset(queryset), **kwargs)

    # -- running -------------------------------------------------------------------------------
    def run(self, import_file, *, dry_run):
        """Import `import_file` (an ImportFile): a dry run writes nothing; otherwise all or nothing.

        Returns an `ImportReport`.
        """
        dataset, problems = self.prepare(import_file)
        if problems:
            return ImportReport(self, None, problems=problems)
        self._dry_run_without_writes = dry_run
        if dry_run:
            # Without django-import-export's per-row savepoints and writes (its dry run saves each
            # row and rolls back): rows are parsed and checked against the preloaded lookups only,
            # so the preview costs the same few queries for ten rows as for ten thousand. The
            # outer transaction is rolled back in case anything wrote after all.
            with transaction.atomic():
                result = self.import_data_inner(
                    dataset, dry_run=True, raise_errors=False, using_transactions=False, collect_failed_rows=False
                )
                transaction.set_rollback(True)
        else:
            result = self.import_data(dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True)
        return ImportReport(self, result)


class ImportReport:
    """What an import did or would do: counts, and per row its kind, changed columns and errors."""

    def __init__(self, resource, result, *, problems=()):
        self.resource = resource
        self.result = result
        self.problems = list(problems)
        self.rows = []
        self.headers = []
        self.new = self.changed = self.unchanged = self.invalid = 0
        if result is None:
            return
        self.problems += [self._base_error(error) for error in result.base_errors]
        self.headers = []
        for index, row_result in enumerate(result.rows, start=1):
            self.headers = self.headers or list(row_result.row_values)
            self.rows.append(self._row(index, row_result))
        for row in self.rows:
            setattr(self, row["kind"], getattr(self, row["kind"]) + 1)

    @staticmethod
    def _base_error(error):
        text = str(getattr(error, "error", error))
        return text or _("The import failed.")

    def _row(self, index, row_result):
        resource = self.resource
        instance = getattr(row_result, "instance", None)
        errors = []
        if row_result.validation_error is not None:
            for name, messages in row_result.validation_error.message_dict.items():
                column = "" if name in ("__key__", "__all__") else resource.column_of(name)
                for message in messages:
                    error = {"column": column, "message": message}
                    if error not in errors:  # a check in the row and in the model may say the same
                        errors.append(error)
        for error in row_result.errors:
            errors.append(
                {"column": "", "message": _("This row could not be saved: %(error)s") % {"error": error.error}}
            )
        if errors:
            kind = "invalid"
        elif row_result.import_type == row_result.IMPORT_TYPE_NEW:
            kind = "new"
        elif row_result.import_type == row_result.IMPORT_TYPE_SKIP:
            kind = "unchanged"
        else:
            kind = "changed"
        changed = set(getattr(instance, "_import_changed", []) or [])
        changed_headers = {resource.column_of(name) for name in changed}
        return {
            "number": resource.spreadsheet_row(index),
            "kind": kind,
            "errors": errors,
            "changed_columns": [header for header in row_result.row_values if header in changed_headers]
            if kind == "changed"
            else [],
            "cells": [
                {"value": value, "changed": kind == "changed" and header in changed_headers}
                for header, value in (row_result.row_values or {}).items()
            ],
        }

    SHOWN_ROWS = 500

    @property
    def shown_rows(self):
        """The rows worth a look (new, changed, with errors), at most SHOWN_ROWS; unchanged rows are only counted."""
        return [row for row in self.rows if row["kind"] != "unchanged"][: self.SHOWN_ROWS]

    @property
    def hidden_rows(self):
        return self.total - len(self.shown_rows)

    @property
    def has_errors(self):
        return bool(self.problems or self.invalid)

    @property
    def total(self):
        return len(self.rows)

    def errors(self):
        """Every error as (row number or None, column, message), for a list above the table."""
        found = [(None, "", problem) for problem in self.problems]
        for row in self.rows:
            found += [(row["number"], error["column"], error["message"]) for error in row["errors"]]
        return found


__all__ = [
    "FORMATS",
    "Column",
    "ImportFileError",
    "ImportReport",
    "ListResource",
    "RowProblem",
    "SWNResource",
    "read_upload",
    "write_csv",
    "write_xlsx",
    "models",
]


class AdminImportExportMixin(ImportExportMixin):
    """django-import-export in the admin with the CRM's file reading and neutralised writing."""

    import_formats = FORMATS
    export_formats = FORMATS
