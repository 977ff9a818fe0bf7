"""Optimistic concurrency for edit forms: nothing a colleague saved is silently overwritten.

An edit form carries a signed snapshot of the record as it was when the form was opened. On
save, the snapshot is compared with the record as it is now; if a colleague changed any field
of this form in between, the save is refused, the form comes back with everything the user
typed, and the message lists what the colleague changed. The snapshot is then renewed, so
saving again is a deliberate choice to overwrite.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

SALT = "swn_crm.concurrency"
FIELD = "concurrency_snapshot"


def _display(instance, field):
    if isinstance(field, models.ManyToManyField):
        if not instance.pk:
            return "", ""
        related = sorted(getattr(instance, field.name).all(), key=lambda obj: obj.pk)
        return ",".join(str(obj.pk) for obj in related), ", ".join(str(obj) for obj in related)
    value = field.value_from_object(instance)
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name)
        return ("" if value is None else str(value)), ("" if related is None else str(related))
    if field.choices:
        return str(value), str(getattr(instance, f"get_{field.name}_display")())
    if isinstance(field, models.DateTimeField) and value is not None:
        return value.isoformat(), date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return ("" if value is None else str(value)), ("" if value is None else str(value))


def snapshot(instance, field_names):
    """{field name: [stored value, value as a person reads it]} for the model fields in field_names."""
    result = {}
    for name in field_names:
        try:
            field = instance._meta.get_field(name)
        except Exception:  # a form-only field
            continue
        if field.concrete or isinstance(field, models.ManyToManyField):
            result[name] = list(_display(instance, field))
    return result


class ConcurrencyGuardMixin:
    """Mix into a form (before forms.ModelForm / forms.Form) that edits an existing record.

    Tracked: the form's fields that are fields of the model, plus `concurrency_extra_fields`
    (model fields the form sets indirectly, e.g. a meeting's start from separate date and time
    inputs), plus whatever `extra_snapshot()` adds (e.g. the attendance list). A plain Form
    names its record by overriding `concurrency_instance()`.
    """

    concurrency_extra_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        instance = self.concurrency_instance()
        if instance is not None and instance.pk and not self.is_bound:
            self.initial[FIELD] = self._signed_snapshot(instance)

    def concurrency_instance(self):
        return getattr(self, "instance", None)

    def extra_snapshot(self, instance):
        """{key: [stored value, value as a person reads it]} for state outside the model's own fields."""
        return {}

    def extra_snapshot_labels(self):
        return {}

    def _tracked_fields(self):
        return [name for name in self.fields if name != FIELD] + list(self.concurrency_extra_fields)

    def _state(self, instance):
        return snapshot(instance, self._tracked_fields()) | self.extra_snapshot(instance)

    def _label(self, name, instance):
        if name in self.fields:
            return self.fields[name].label
        if name in self.extra_snapshot_labels():
            return self.extra_snapshot_labels()[name]
        return str(instance._meta.get_field(name).verbose_name).capitalize()

    def _signed_snapshot(self, instance):
        return signing.dumps(self._state(instance), salt=SALT, compress=True)

    def clean(self):
        cleaned = super().clean()
        instance = self.concurrency_instance()
        if instance is None or not instance.pk:
            return cleaned
        current = type(instance)._default_manager.get(pk=instance.pk)
        now = self._state(current)
        try:
            then = signing.loads(self.data.get(self.add_prefix(FIELD), ""), salt=SALT)
        except signing.BadSignature:
            then = None
        changes = []
        if then is not None:
            for name, (value, shown) in now.items():
                if name in then and then[name][0] != value:
                    changes.append((self._label(name, current), then[name][1], shown))
        if then is None or changes:
            self.concurrent_changes = changes
            # Renew the snapshot: the user has now seen the colleague's version.
            self.data = self.data.copy()
            self.data[self.add_prefix(FIELD)] = self._signed_snapshot(current)
            messages = [
                _(
                    "A colleague saved this record after you opened it, so your changes were not saved yet. "
                    "Your input is kept below. Check what changed, then save again to overwrite it."
                )
                if changes
                else _("This form could not be checked against the saved record. Save again to overwrite it.")
            ]
            messages += [
                _("%(field)s: now “%(new)s” (was “%(old)s” when you opened the form)")
                % {"field": label, "new": new or "–", "old": old or "–"}
                for label, old, new in changes
            ]
            raise ValidationError(messages, code="concurrent_edit")
        return cleaned
