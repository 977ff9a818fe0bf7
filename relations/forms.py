"""Forms for contact moments: one, or one per organisation at the table of a meeting."""

import datetime

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.db.models import Q
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import FIELD as SNAPSHOT_FIELD
from core.concurrency import ConcurrencyGuardMixin
from core.ids import ModelMultipleChoiceField, formfield
from meetings.forms import DATE_WIDGET, TIME_WIDGET, _colleagues
from relations.choices import ContactChannel
from relations.models import ContactMoment
from stakeholders.forms import contact_label
from stakeholders.models import ContactPerson
from swn_crm.models import User
from themes.models import Theme

FOLLOW_UP_HELP = _("Optional: what has to happen next. Leave empty when nothing follows.")


ASSIGNEE_HELP = _("Leave empty to take it on yourself.")


FUTURE_MESSAGE = _("A contact moment is logged afterwards: it cannot be in the future.")


def wall_clock(day, time=None):
    """The moment on the Dutch wall clock; without a time, the start of the day."""
    return from_current_timezone(datetime.datetime.combine(day, time or datetime.time.min))


class FollowUpMixin:
    """The follow-up fields: a due date or a colleague only make sense with a text; the text goes to me by default."""

    def clean_follow_up_fields(self, cleaned):
        text = (cleaned.get("follow_up") or "").strip()
        if not text:
            if cleaned.get("follow_up_due") or cleaned.get("follow_up_assignee"):
                self.add_error(
                    "follow_up",
                    _("Say what has to happen, or leave the date and the colleague of the follow-up empty."),
                )
            return cleaned
        if cleaned.get("follow_up_assignee") is None:
            cleaned["follow_up_assignee"] = self.user
        return cleaned


class ContactMomentForm(FollowUpMixin, ConcurrencyGuardMixin, forms.ModelForm):
    """Log (or edit) one contact moment with an organisation."""

    # Named after the model field on purpose, though it only holds the date: the concurrency
    # guard then notices a colleague's change of the date or time. Not in Meta.fields, so the
    # form never writes it directly; clean() combines it with `time`.
    happened_at = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    time = forms.TimeField(label=_("Time"), required=False, widget=TIME_WIDGET, help_text=_("Optional."))

    class Meta:
        formfield_callback = formfield
        model = ContactMoment
        fields = [
            "channel",
            "summary",
            "colleagues",
            "contacts",
            "theme",
            "follow_up",
            "follow_up_due",
            "follow_up_assignee",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "channel": forms.RadioSelect,
            "colleagues": forms.CheckboxSelectMultiple,
            "contacts": forms.CheckboxSelectMultiple,
            "follow_up_due": DATE_WIDGET,
        }
        labels = {
            "summary": _("Short summary"),
            "follow_up": _("Follow-up: what"),
            "follow_up_due": _("Follow-up: by when"),
            "follow_up_assignee": _("Follow-up: who"),
        }
        help_texts = {
            "channel": _("A note is kept on the timeline but does not count as contact with the organisation."),
            "summary": _("What was discussed or agreed, in a few sentences."),
            "follow_up": FOLLOW_UP_HELP,
            "follow_up_assignee": ASSIGNEE_HELP,
        }

    def __init__(self, *args, organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation, self.user = organisation, user
        instance = self.instance
        self.fields["channel"].choices = ContactChannel.choices  # radio buttons, no empty choice
        chosen_colleagues = list(instance.colleagues.all()) if instance.pk else []
        self.fields["colleagues"].queryset = _colleagues(chosen_colleagues)
        self.fields["colleagues"].required = True
        self.fields["colleagues"].help_text = _("Who from SWN had this contact.")
        chosen_contacts = list(instance.contacts.values_list("pk", flat=True)) if instance.pk else []
        contacts = ContactPerson.objects.filter(organisation=organisation).filter(
            Q(is_active=True) | Q(pk__in=chosen_contacts)
        )
        self.fields["contacts"].queryset = contacts.order_by("name")
        self.fields["contacts"].label_from_instance = contact_label
        self.fields["contacts"].help_text = _("The people of %(organisation)s you spoke to.") % {
            "organisation": organisation.name
        }
        self.fields["theme"].queryset = Theme.objects.order_by("order", "name")
        self.fields["theme"].empty_label = _("No theme in particular")
        assignee = [instance.follow_up_assignee] if instance.follow_up_assignee_id else []
        self.fields["follow_up_assignee"].queryset = _colleagues(assignee)
        self.fields["follow_up_assignee"].empty_label = _("Me")
        if instance.pk:
            when = timezone.localtime(instance.happened_at)
            self.initial.setdefault("happened_at", when.date())
            if instance.time_known:
                self.initial.setdefault("time", when.time().replace(second=0, microsecond=0))
        else:
            self.initial.setdefault("happened_at", timezone.localdate())
            self.initial["colleagues"] = self.initial.get("colleagues") or [user.pk]
        if not contacts.exists():
            self.fields["contacts"].help_text = _("No contact persons are recorded for this organisation.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("The contact"),
                Row(
                    Column("happened_at", css_class="col-6 col-md-3"),
                    Column("time", css_class="col-6 col-md-3"),
                ),
                InlineRadios("channel"),
                "summary",
                Row(
                    Column(Field("colleagues", wrapper_class="check-columns"), css_class="col-md-6"),
                    Column("contacts", css_class="col-md-6"),
                ),
                "theme",
            ),
            Fieldset(
                _("Follow-up"),
                "follow_up",
                Row(
                    Column("follow_up_due", css_class="col-md-6"),
                    Column("follow_up_assignee", css_class="col-md-6"),
                ),
            ),
            SNAPSHOT_FIELD,  # the concurrency guard's hidden snapshot
        )

    def clean_happened_at(self):
        day = self.cleaned_data["happened_at"]
        if day > timezone.localdate():
            raise forms.ValidationError(FUTURE_MESSAGE)
        return day

    def clean(self):
        cleaned = super().clean()
        cleaned = self.clean_follow_up_fields(cleaned)
        day, time = cleaned.get("happened_at"), cleaned.get("time")
        if day is not None and "time" not in self.errors:
            try:
                self.instance.happened_at = wall_clock(day, time)
            except forms.ValidationError as error:
                self.add_error("time", error)
            else:
                if self.instance.happened_at > timezone.now():
                    self.add_error("time", FUTURE_MESSAGE)
            self.instance.time_known = time is not None
        if not (cleaned.get("follow_up") or "").strip():
            self.instance.follow_up_done_at = None
        return cleaned


class MeetingMomentForm(FollowUpMixin, forms.Form):
    """One organisation at the meeting's table: whether to record a contact moment, and what for it."""

    record = forms.BooleanField(label=_("Record a contact moment"), required=False, initial=True)
    summary = forms.CharField(label=_("Short summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    contacts = ModelMultipleChoiceField(
        label=_("Contact persons"),
        queryset=ContactPerson.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    follow_up = forms.CharField(label=_("Follow-up: what"), max_length=300, required=False, help_text=FOLLOW_UP_HELP)
    follow_up_due = forms.DateField(label=_("Follow-up: by when"), widget=DATE_WIDGET, required=False)
    follow_up_assignee = forms.ModelChoiceField(
        label=_("Follow-up: who"), queryset=User.objects.none(), required=False, help_text=ASSIGNEE_HELP
    )

    def __init__(self, *args, organisation, contacts, themes, colleagues, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation, self.user = organisation, user
        self.fields["contacts"].queryset = ContactPerson.objects.filter(pk__in=[c.pk for c in contacts])
        # The choices are built from the contacts fetched for all rows at once, not per row.
        self.fields["contacts"].choices = [(c.pk, contact_label(c)) for c in contacts]
        self.fields["theme"].queryset = Theme.objects.all()
        self.fields["theme"].choices = [("", _("No theme in particular")), *((t.pk, t.name) for t in themes)]
        self.fields["follow_up_assignee"].queryset = _colleagues()
        self.fields["follow_up_assignee"].choices = [("", _("Me")), *((u.pk, str(u)) for u in colleagues)]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("record"):
            return cleaned
        if not (cleaned.get("summary") or "").strip():
            self.add_error("summary", _("Write a short summary, or untick this organisation."))
        return self.clean_follow_up_fields(cleaned)


class MeetingMomentsForm(forms.Form):
    """What the contact moments of one meeting share: when, how, and the colleagues who were there."""

    happened_at = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactChannel.choices, initial=ContactChannel.BIJEENKOMST)
    colleagues = ModelMultipleChoiceField(
        label=_("Colleagues involved"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Who from SWN was there."),
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleagues"].queryset = _colleagues()
        self.fields["colleagues"].choices = [(u.pk, str(u)) for u in colleagues]

    def clean_happened_at(self):
        day = self.cleaned_data["happened_at"]
        if day > timezone.localdate():
            raise forms.ValidationError(FUTURE_MESSAGE)
        return day
