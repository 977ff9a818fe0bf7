"""Forms of the directory: a contact person's privacy flags, erasure and the retention page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import ConcurrencyGuardMixin
from core.ids import ModelMultipleChoiceField
from stakeholders.models import ContactPerson

LIST_SIZE = 10


class PrivacyFlagsForm(ConcurrencyGuardMixin, forms.ModelForm):
    """The two AVG flags of a contact person, set on their privacy page."""

    class Meta:
        model = ContactPerson
        fields = ["processing_restricted", "do_not_contact"]


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the name, e-mail address, phone number, job title and notes are removed for good."),
        error_messages={"required": _("Tick the box to confirm the anonymisation.")},
    )


class RetentionForm(forms.Form):
    """The contact persons chosen on the retention page, and the confirmation."""

    contacts = ModelMultipleChoiceField(
        label=_("Contact persons"),
        queryset=ContactPerson.objects.none(),
        error_messages={"required": _("Choose at least one contact person.")},
        widget=forms.CheckboxSelectMultiple,
    )
    confirm = forms.BooleanField(
        label=_("I understand that the chosen contact persons are anonymised for good."),
        error_messages={"required": _("Tick the box to confirm the anonymisation.")},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = queryset
        self.fields["contacts"].error_messages["invalid_choice"] = _(
            "One of the chosen contact persons is no longer past the retention period; reload the page."
        )
        self.fields["contacts"].error_messages["invalid_pk_value"] = _("“%(pk)s” is not a contact person.")


def contact_label(contact):
    """A contact person as a choice: name, job title, and whether they left."""
    label = f"{contact.name}, {contact.job_title}" if contact.job_title else contact.name
    return label if contact.is_active else f"{label} ({_('no longer active')})"
