"""Finding everything the CRM holds on a contact person (AVG): for the data export, erasure and retention.

Nothing here lists the models that mention a contact person. `linked_relations()` walks the
reverse relations of ContactPerson, hidden ones included, so a new model that points at a contact
person (a ForeignKey, or a ManyToManyField like `ContactMoment.contacts`) is found, exported,
anonymised and counted for retention without a change here. If its date field has an unusual
name, add it to `ACTIVITY_DATE_FIELDS` so the retention report knows when the contact took place.
"""

import datetime
import json
import re
import uuid

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.history import is_historical_model
from stakeholders.models import ContactPerson, PrivacyLog

# The field that dates a linked row, first match wins ("when was this contact with the person?").
ACTIVITY_DATE_FIELDS = ("start", "date", "happened_at", "occurred_at", "held_on", "created_at")
# Below this length a name is not searched for in free text elsewhere: it would hit ordinary words.
MIN_NEEDLE_LENGTH = 4


def pseudonym(contact_pk):
    """The name an erased contact person gets, always in the office language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Anonymised contact #%(pk)s") % {"pk": contact_pk}


# -- The walk -----------------------------------------------------------------------------------


def linked_relations():
    """Every relation pointing at ContactPerson: (relation, kind), kind is "record", "history" or "log".

    Reverse ForeignKeys and ManyToManyFields of other models ("record": meetings, contact moments),
    M2M snapshot tables and historical tables of other models ("history"), and the PrivacyLog
    ("log"). Auto-created M2M through tables are skipped: their ManyToManyField already covers them.
    """
    for relation in ContactPerson._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        model = relation.related_model
        if model is PrivacyLog:
            yield relation, "log"
        elif is_historical_model(model):
            yield relation, "history"
        elif model._meta.auto_created:
            continue
        else:
            yield relation, "record"


def rows_linked(relation, contact_pk):
    """The rows of `relation`'s model that point at the contact person with `contact_pk`."""
    model = relation.related_model
    return model._base_manager.filter(**{relation.field.name: contact_pk})


def activity_date_field(model):
    names = {field.name for field in model._meta.concrete_fields}
    return next((name for name in ACTIVITY_DATE_FIELDS if name in names), None)


def own_history(contact_pk):
    """The contact person's own history rows (not found by the walk: they hold the id as a plain column)."""
    return ContactPerson.history.filter(id=contact_pk)


# -- Export --------------------------------------------------------------------------------------


def _value(field, obj):
    value = getattr(obj, field.attname)
    if field.is_relation:
        if value is None:
            return None
        try:
            return str(getattr(obj, field.name))
        except ObjectDoesNotExist:  # history rows may point at rows deleted since
            return f"#{value}"
    if field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def serialise(obj, *, skip=()):
    """A row as {field label: readable value}; foreign keys by name, choices by label, dates ISO 8601."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        data[str(capfirst(field.verbose_name))] = _value(field, obj)
    return data


def personal_data(contact):
    """Everything held on `contact`, as a JSON-ready dict with Dutch (or English) labels."""
    record = serialise(contact)
    record[str(capfirst(ContactPerson._meta.get_field("themes").verbose_name))] = [
        str(theme) for theme in contact.themes.all()
    ]
    linked, history, log = {}, {}, []
    history_label = str(capfirst(ContactPerson._meta.verbose_name))
    history[history_label] = [
        serialise(row, skip=("history_user",)) | {_("Changed by"): str(row.history_user or "")}
        for row in own_history(contact.pk).select_related("history_user").order_by("history_date")
    ]
    for relation, kind in linked_relations():
        rows = rows_linked(relation, contact.pk)
        label = str(capfirst(relation.related_model._meta.verbose_name_plural))
        if kind == "log":
            log = [serialise(row, skip=("contact",)) for row in rows.order_by("at", "pk")]
        elif kind == "history":
            serialised = [serialise(row) for row in rows]
            if serialised:
                history[label] = serialised
        else:
            linked[label] = [serialise(row) for row in rows.order_by("pk")]
    return {
        _("Exported on"): timezone.localtime().isoformat(timespec="seconds"),
        _("Contact person"): record,
        _("Linked records"): linked,
        _("History"): history,
        _("Privacy log"): log,
    }


def personal_data_json(contact):
    return json.dumps(personal_data(contact), ensure_ascii=False, indent=2, default=str)


def linked_counts(contact):
    """[(label, count)] of the records linked to `contact`, for the privacy page (one query per relation)."""
    counts = []
    for relation, kind in linked_relations():
        if kind == "record":
            label = capfirst(relation.related_model._meta.verbose_name_plural)
            counts.append((label, rows_linked(relation, contact.pk).count()))
    counts.append((_("History entries"), own_history(contact.pk).count()))
    return counts


def namesakes(contact):
    """Other contact persons with the same name or e-mail address: maybe the same person, not erased with this one."""
    others = ContactPerson.objects.exclude(pk=contact.pk).filter(anonymised_at__isnull=True)
    match = models.Q(name__iexact=contact.name)
    if contact.email:
        match |= models.Q(email__iexact=contact.email)
    return others.filter(match).select_related("organisation")


# -- Erasure helpers ---------------------------------------------------------------------------


def identifying_fields():
    """The text fields of ContactPerson emptied on erasure (the name gets the pseudonym instead)."""
    return [
        field.name
        for field in ContactPerson._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField)) and field.name != "name"
    ]


def _needles(contact):
    needles = [contact.email] if contact.email else []
    if len(contact.name.strip()) >= MIN_NEEDLE_LENGTH:
        needles.append(contact.name.strip())
    variants = set()
    for needle in needles:
        variants.add(needle)
        variants.add(json.dumps(needle)[1:-1])  # as it appears inside JSON text, e.g. admin change messages
    return sorted(variants, key=len, reverse=True)


def _text_columns(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField)) and not field.primary_key
    ]


def scrub_everywhere(contact, replacement):
    """Replace the contact's name and e-mail address in every text column of every table.

    Leaves alone the name and e-mail columns of contact persons (a namesake is another person;
    this person's own record is anonymised by the caller) and colleagues' accounts. One query per
    text column, plus one update per row that mentions the person.
    """
    needles = _needles(contact)
    if not needles:
        return 0
    pattern = re.compile("|".join(re.escape(needle) for needle in needles), re.IGNORECASE)
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    identity_columns = {"name", "email"}
    changed = 0
    for model in apps.get_models(include_auto_created=True):
        if model is user_model or model._meta.proxy or not model._meta.managed:
            continue
        is_contact_table = model in (ContactPerson, ContactPerson.history.model)
        for column in _text_columns(model):
            if is_contact_table and column.name in identity_columns:
                continue
            match = models.Q()
            for needle in needles:
                match |= models.Q(**{f"{column.name}__icontains": needle})
            for pk, text in model._base_manager.filter(match).values_list("pk", column.attname):
                model._base_manager.filter(pk=pk).update(**{column.attname: pattern.sub(replacement, text)})
                changed += 1
    return changed


def anonymise_admin_log(contact_pk, replacement):
    content_type = ContentType.objects.get_for_model(ContactPerson)
    LogEntry.objects.filter(content_type=content_type, object_id=str(contact_pk)).update(object_repr=replacement)


# -- Retention ---------------------------------------------------------------------------------


def retention_cutoff(*, months=None, now=None):
    months = settings.CONTACT_RETENTION_MONTHS if months is None else months
    return (now or timezone.now()) - relativedelta(months=months)


def stale_contacts(*, months=None, now=None):
    """Contact persons not involved in anything since the cutoff: not changed, and no linked record since then.

    A linked record counts when its date (see `ACTIVITY_DATE_FIELDS`) is after the cutoff, or
    always when its model has no date. Already anonymised persons are left out.
    """
    cutoff = retention_cutoff(months=months, now=now)
    queryset = ContactPerson.objects.filter(anonymised_at__isnull=True, updated_at__lt=cutoff)
    for relation, kind in linked_relations():
        if kind != "record":
            continue
        model = relation.related_model
        linked = model._base_manager.filter(**{relation.field.name: OuterRef("pk")})
        date_field = activity_date_field(model)
        if date_field:
            linked = linked.filter(**{f"{date_field}__gte": cutoff})
        queryset = queryset.exclude(Exists(linked))
    return queryset
