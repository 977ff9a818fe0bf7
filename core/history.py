"""Change history: who changed what and when, field by field (django-simple-history).

Why django-simple-history and not django-auditlog: it stores a full copy of the row for every
change (in a `Historical<Model>` table next to the model's own), so a field-by-field comparison is
two rows side by side, and erasing a person under the AVG is an UPDATE of plain columns. auditlog
keeps one JSON diff per change, which is harder to show with names and much harder to anonymise.

Tracking a model is one line on the model, then `makemigrations`:

    history = TrackedHistory(m2m_fields=["themes"])   # m2m_fields: optional, the M2M fields to track

and `SimpleHistoryAdmin` as a base of its admin class. Everything else here is generic: the
privacy code (stakeholders/privacy.py) finds historical tables by themselves, and a detail page
shows a "Geschiedenis" section with `HistoryFeed([HistorySource(...), ...])`.
"""

import contextlib
import dataclasses
import datetime

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from simple_history.models import HistoricalRecords

# Kept in the history rows but neither shown nor a reason to record a change: bookkeeping columns.
IGNORED_FIELDS = {"created_at", "updated_at", "sequence", "uid", "recurrence_id", "edited_by_hand"}
TEXT_LIMIT = 300


def is_historical_model(model):
    """True for the `Historical<Model>` classes and their M2M snapshot tables."""
    from simple_history.models import HistoricalChanges

    return issubclass(model, HistoricalChanges)


class TrackedHistory(HistoricalRecords):
    """HistoricalRecords that skips a save which changed nothing a person would see.

    A save that only raises a meeting's calendar SEQUENCE (a colleague answering an invitation)
    or touches `updated_at` would otherwise add an empty line to the history. Changes to tracked
    M2M fields always count. Costs one query per save (the latest history row).
    """

    def create_historical_record(self, instance, history_type, using=None):
        m2m_change = getattr(instance, "_history_m2m_change", False)
        if history_type == "~" and not m2m_change and not self._differs_from_latest(instance):
            return
        super().create_historical_record(instance, history_type, using=using)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if action in ("post_add", "post_remove") and not pk_set:
            return  # add() of what was already there: nothing changed
        instance._history_m2m_change = True
        try:
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        finally:
            del instance._history_m2m_change

    def _differs_from_latest(self, instance):
        manager = getattr(instance, self.manager_name)
        latest = manager.order_by("-history_date", "-history_id").first()
        if latest is None:
            return True
        return any(
            getattr(latest, field.attname) != getattr(instance, field.attname)
            for field in self.fields_included(instance)
            if field.name not in IGNORED_FIELDS
        )


@dataclasses.dataclass
class Change:
    """One field of one history entry: label, old and new text, or for M2M fields what was added/removed."""

    label: str
    old: str = ""
    new: str = ""
    added: list = dataclasses.field(default_factory=list)
    removed: list = dataclasses.field(default_factory=list)

    @property
    def is_m2m(self):
        return bool(self.added or self.removed)


@dataclasses.dataclass
class Entry:
    when: datetime.datetime
    user: object
    action: str  # "+", "~" or "-"
    title: str
    changes: list
    first_known: bool = False  # a change to a row that existed before history was kept

    @property
    def action_label(self):
        return {"+": _("created"), "~": _("changed"), "-": _("deleted")}[self.action]


@dataclasses.dataclass
class HistorySource:
    """The history rows of one model that belong on a page, e.g. `Membership.history.filter(organisation_id=5)`.

    `title_field` names the row in the entry title ("Contactpersoon: Jan Jansen"); by default the
    first of name / title present on the model.
    """

    queryset: models.QuerySet
    title_field: str | None = None

    @property
    def model(self):
        return self.queryset.model

    @property
    def tracked_model(self):
        return self.model.instance_type

    def fields(self):
        """The tracked fields, as fields of the historical model (FKs there are plain, constraint-less FKs)."""
        meta = self.tracked_model._meta
        original = {f.name for f in meta.concrete_fields} - {meta.pk.name}
        return [f for f in self.model._meta.concrete_fields if f.name in original and f.name not in IGNORED_FIELDS]

    def m2m_fields(self):
        return list(getattr(self.model, "_history_m2m_fields", []) or [])

    def get_title_field(self):
        if self.title_field:
            return self.title_field
        names = {f.name for f in self.tracked_model._meta.concrete_fields}
        return next((name for name in ("name", "title") if name in names), None)


class HistoryFeed:
    """The merged history of several sources, newest first, with field-by-field changes.

    The number of queries does not depend on the number of rows: one to pick the page (a UNION of
    the sources), then per source one for the rows and one for the rows before them, one per
    tracked M2M field, and one per related model to name foreign keys and M2M members.
    """

    def __init__(self, sources):
        self.sources = [source for source in sources if source is not None]

    def _keys(self):
        parts = [
            source.queryset.order_by()
            .annotate(source_index=Value(index, output_field=models.IntegerField()))
            .values_list("history_id", "history_date", "source_index")
            for index, source in enumerate(self.sources)
        ]
        if len(parts) == 1:
            return parts[0].order_by("-history_date", "-history_id")
        return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")

    def latest(self, limit):
        """(entries, has_more): the newest `limit` entries and whether there are older ones."""
        keys = list(self._keys()[: limit + 1])
        return self.entries_for(keys[:limit]), len(keys) > limit

    def paginator_keys(self):
        """The keys queryset, for a Paginator; turn a page's `object_list` into entries with `entries_for`."""
        return self._keys()

    def entries_for(self, keys):
        by_source = {}
        for history_id, _date, index in keys:
            by_source.setdefault(index, []).append(history_id)
        rows = {}
        for index, source in enumerate(self.sources):
            for history_id, entry in _Differ(source).entries(by_source.get(index, [])):
                rows[(index, history_id)] = entry
        return [rows[(index, history_id)] for history_id, _date, index in keys if (index, history_id) in rows]


class _Differ:
    """Builds entries for history rows of one source: the row, the one before it, and the names."""

    def __init__(self, source):
        self.source = source
        self.model = source.model
        self.fields = source.fields()
        self.m2m_fields = source.m2m_fields()

    def entries(self, history_ids):
        model = self.model
        pk_name = self.source.tracked_model._meta.pk.attname
        before = model.objects.filter(**{pk_name: OuterRef(pk_name)}).filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        # Every query below runs even when it has nothing to look up (`or [0]`), so a page costs
        # exactly the same number of queries whatever rows it happens to show.
        rows = list(
            model.objects.filter(history_id__in=list(history_ids) or [0])
            .select_related("history_user")
            .annotate(previous_id=Subquery(before.order_by("-history_date", "-history_id").values("history_id")[:1]))
        )
        previous_ids = {row.previous_id for row in rows if row.previous_id}
        previous = {row.history_id: row for row in model.objects.filter(history_id__in=list(previous_ids) or [0])}
        all_ids = {row.history_id for row in rows} | previous_ids
        m2m = self._m2m_members(all_ids)
        names = self._names([*rows, *previous.values()], m2m)
        for row in rows:
            prev = previous.get(row.previous_id)
            yield row.history_id, self._entry(row, prev, m2m, names)

    def _m2m_members(self, history_ids):
        """{field name: {history_id: set of related ids}} for the tracked M2M fields."""
        members = {}
        for field in self.m2m_fields:
            snapshot_model = HistoricalRecords.m2m_models[field]
            target = field.m2m_reverse_field_name()
            per_row = {history_id: set() for history_id in history_ids}
            for history_id, related_id in snapshot_model.objects.filter(
                history_id__in=list(history_ids) or [0]
            ).values_list("history_id", target):
                per_row.setdefault(history_id, set()).add(related_id)
            members[field.name] = per_row
        return members

    def _names(self, rows, m2m):
        """{related model: {pk: text}} for every FK value and M2M member in these rows."""
        wanted = {}
        for field in self.fields:
            if field.is_relation and field.related_model:
                ids = {getattr(row, field.attname) for row in rows} - {None}
                wanted.setdefault(field.related_model, set()).update(ids)
        for field in self.m2m_fields:
            ids = set().union(*m2m[field.name].values()) if m2m[field.name] else set()
            wanted.setdefault(field.related_model, set()).update(ids)
        return {
            related_model: {
                obj.pk: str(obj) for obj in related_model._base_manager.filter(pk__in=list(ids) or [0]).order_by()
            }
            for related_model, ids in wanted.items()
        }

    def _entry(self, row, prev, m2m, names):
        changes = []
        for field in self.fields:
            new = getattr(row, field.attname)
            if row.history_type == "-":
                break
            old = getattr(prev, field.attname) if prev is not None else None
            if prev is not None and old == new:
                continue
            if prev is None and new in (None, ""):
                continue
            changes.append(
                Change(
                    label=capfirst(field.verbose_name),
                    old=self._text(field, old, names) if prev is not None else "",
                    new=self._text(field, new, names),
                )
            )
        if row.history_type != "-":
            for field in self.m2m_fields:
                now = m2m[field.name].get(row.history_id, set())
                then = m2m[field.name].get(prev.history_id, set()) if prev is not None else set()
                if now == then:
                    continue
                label_of = names.get(field.related_model, {})
                changes.append(
                    Change(
                        label=capfirst(field.verbose_name),
                        added=sorted(label_of.get(pk, _("#%(pk)s (deleted)") % {"pk": pk}) for pk in now - then),
                        removed=sorted(label_of.get(pk, _("#%(pk)s (deleted)") % {"pk": pk}) for pk in then - now),
                    )
                )
        return Entry(
            when=row.history_date,
            user=row.history_user,
            action=row.history_type,
            title=self._title(row, names),
            changes=changes,
            first_known=row.history_type == "~" and prev is None,
        )

    def _title(self, row, names):
        title = capfirst(self.source.tracked_model._meta.verbose_name)
        field_name = self.source.get_title_field()
        if field_name:
            field = next((f for f in self.fields if f.name == field_name), None)
            if field is not None:
                title = f"{title}: {self._text(field, getattr(row, field.attname), names)}"
        return title

    @staticmethod
    def _text(field, value, names):
        """`value` of `field` as a person reads it: labels for choices, names for relations, Dutch dates."""
        if value is None or value == "":
            return "—"
        if field.is_relation and field.related_model:
            return names.get(field.related_model, {}).get(value, _("#%(pk)s (deleted)") % {"pk": value})
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "j F Y H:i")
        if isinstance(value, datetime.date):
            return date_format(value, "j F Y")
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        text = str(value)
        if len(text) > TEXT_LIMIT:
            return text[:TEXT_LIMIT].rstrip() + "…"
        return text


# -- Pages ---------------------------------------------------------------------------------------

HISTORY_PREVIEW = 8
HISTORY_PAGE_SIZE = 25


def history_context(feed, *, url, limit=HISTORY_PREVIEW):
    """Context for `core/includes/_history_section.html` on a detail page: the newest entries and a link."""
    entries, has_more = feed.latest(limit)
    return {"history_entries": entries, "history_has_more": has_more, "history_url": url}


class ObjectHistoryView(DetailView):
    """The whole history of one object, paginated. Subclasses set `model` (or `queryset`) and `history_feed()`."""

    template_name = "core/object_history.html"
    history_scope = ""

    def history_feed(self):
        raise NotImplementedError

    def get_back_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        feed = self.history_feed()
        paginator = Paginator(feed.paginator_keys(), HISTORY_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            history_entries=feed.entries_for(list(page.object_list)),
            page_obj=page,
            back_url=self.get_back_url(),
            object_title=str(self.object),
            history_scope=self.history_scope,
            **kwargs,
        )


@contextlib.contextmanager
def history_paused():
    """Record no history inside this block: for wiping the demo data, never for real changes."""
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = previous


def clear_all_history():
    """Delete every history row (the demo data is replaced, its history means nothing any more)."""
    for model in apps.get_models(include_auto_created=True):
        if is_historical_model(model):
            model._base_manager.all().delete()
