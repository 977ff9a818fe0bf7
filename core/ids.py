"""Ids typed into a query string or posted by a form, checked where they arrive.

A database refuses a number its id column cannot hold (OverflowError on SQLite, DataError on
PostgreSQL), so such a number, like a word, is no id: the page answers "not found" or "not a
valid choice" instead of failing.
"""

from django import forms
from django.db import connection

# The widest id column (BigAutoField); every id fits in it.
_LOW, _HIGH = connection.ops.integer_field_range("BigAutoField")


def parse_id(text):
    """The id in `text` (e.g. `?overleg=12`), or None when it is missing, not a whole number or out of range."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if _LOW <= number <= _HIGH else None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but an out-of-range number is "not a valid choice" instead of a database error.

    Django checks each chosen value with an `exact` lookup, which guards the column's range, and
    then fetches them all with `__in`, which does not.
    """

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        if field.get_internal_type().endswith(("AutoField", "IntegerField")):
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            for pk in value:
                text = str(pk).strip()
                if text.lstrip("-").isdigit() and not (
                    (low is None or int(text) >= low) and (high is None or int(text) <= high)
                ):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)


def formfield(db_field, **kwargs):
    """A ModelForm's `formfield_callback`: many-to-many fields get the guarded field above."""
    if db_field.many_to_many:
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    return db_field.formfield(**kwargs)
