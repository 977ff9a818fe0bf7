"""Forms for relationship work: coalitions with their partners, joint statements with their
signatories, contact moments (one, or one per organisation at a meeting), the timeline filter."""

import datetime

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from meetings.forms import DATE_WIDGET, TIME_WIDGET, _colleagues
from stakeholders import timeline
from stakeholders.choices import CoalitionKind, ContactChannel, PartnerRole
from stakeholders.models import Coalition, CoalitionPartner, ContactMoment, ContactPerson, JointStatement, Organisation
from swn_crm.concurrency import FIELD as SNAPSHOT_FIELD
from swn_crm.concurrency import ConcurrencyGuardMixin
from swn_crm.models import User
from themes.models import Theme

LIST_SIZE = 10


class CoalitionForm(ConcurrencyGuardMixin, forms.ModelForm):
    """A coalition: what, when, with which themes and SWN colleague; new partners are added from one list."""

    add_partners = forms.ModelMultipleChoiceField(
        label=_("Add partners"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": LIST_SIZE}),
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose more than one."),
    )
    add_role = forms.ChoiceField(
        label=_("Role of the added partners"),
        choices=PartnerRole.choices,
        initial=PartnerRole.PARTNER,
        help_text=_("You can change each partner's role after saving."),
    )

    class Meta:
        model = Coalition
        fields = ["name", "kind", "status", "start", "end", "contact", "themes", "description"]
        widgets = {
            "start": DATE_WIDGET,
            "end": DATE_WIDGET,
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = [self.instance.contact_id] if self.instance.contact_id else []
        self.fields["contact"].queryset = User.objects.filter(
            Q(is_active=True, is_colleague=True) | Q(pk__in=current)
        ).order_by("first_name", "last_name")
        self.fields["contact"].empty_label = _("Nobody yet")
        self.fields["kind"].choices = [("", _("Choose a kind")), *CoalitionKind.choices]
        partners = self.instance.partners.values("organisation") if self.instance.pk else []
        self.fields["add_partners"].queryset = Organisation.objects.exclude(pk__in=partners).order_by("name")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True  # the concurrency snapshot
        self.helper.layout = Layout(
            Fieldset(
                _("The coalition"),
                "name",
                Row(Column("kind", css_class="col-md-6"), Column("status", css_class="col-md-6")),
                Row(
                    Column("start", css_class="col-6 col-md-4"),
                    Column("end", css_class="col-6 col-md-4"),
                    Column("contact", css_class="col-md-4"),
                ),
                "themes",
                "description",
            ),
        )
        self.add_helper = FormHelper()
        self.add_helper.form_tag = False
        self.add_helper.disable_csrf = True
        self.add_helper.form_show_errors = False  # the main form already shows the form's errors
        self.add_helper.layout = Layout(
            Row(Column("add_partners", css_class="col-md-8"), Column("add_role", css_class="col-md-4"))
        )

    def _post_clean(self):
        # The model's own checks repeat the form's; run them only on input the form accepted.
        if not self.errors:
            super()._post_clean()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned


class PartnerForm(forms.ModelForm):
    """One partner row: the organisation is shown as text, its role can be changed."""

    class Meta:
        model = CoalitionPartner
        fields = ["role"]


class BasePartnerFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset = self.queryset.select_related("organisation").order_by("organisation__name")

    def kept(self):
        """{organisation: role} for the rows not marked for removal."""
        return {
            form.instance.organisation: form.cleaned_data["role"]
            for form in self.forms
            if form.instance.pk and not self._should_delete_form(form)
        }


PartnerFormSet = forms.inlineformset_factory(
    Coalition, CoalitionPartner, form=PartnerForm, formset=BasePartnerFormSet, extra=0, can_delete=True
)


class JointStatementForm(ConcurrencyGuardMixin, forms.ModelForm):
    """A joint statement with the partners that co-signed it, and whose logo may be used."""

    signed_by = forms.ModelMultipleChoiceField(
        label=_("Co-signed by"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    logo_allowed = forms.ModelMultipleChoiceField(
        label=_("Logo may be used"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for organisations that co-signed."),
    )

    class Meta:
        model = JointStatement
        fields = ["title", "date", "url", "text"]
        widgets = {"date": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.coalition = coalition
        signed = list(self.instance.signatories.all()) if self.instance.pk else []
        choices = Organisation.objects.filter(
            Q(coalition_partnerships__coalition=coalition) | Q(pk__in=[s.organisation_id for s in signed])
        ).distinct()
        for name in ("signed_by", "logo_allowed"):
            self.fields[name].queryset = choices.order_by("name")
        if signed:
            self.initial.setdefault("signed_by", [s.organisation_id for s in signed])
            self.initial.setdefault("logo_allowed", [s.organisation_id for s in signed if s.logo_allowed])
        if not choices.exists():
            self.fields["signed_by"].help_text = _(
                "The coalition has no partners yet: add them to the coalition first."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True  # the concurrency snapshot
        self.helper.layout = Layout(
            Fieldset(
                _("The statement"),
                Row(Column("title", css_class="col-md-8"), Column("date", css_class="col-md-4")),
                "url",
                "text",
            ),
            Fieldset(
                _("Signatories"),
                Row(Column("signed_by", css_class="col-md-6"), Column("logo_allowed", css_class="col-md-6")),
            ),
        )

    def _post_clean(self):
        # The model's own checks repeat the form's; run them only on input the form accepted.
        if not self.errors:
            super()._post_clean()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text") and not cleaned.get("url") and not self.has_error("text"):
            self.add_error("text", _("Give the text of the statement, a link to it, or both."))
        signed = set(cleaned.get("signed_by") or [])
        not_signed = [org for org in cleaned.get("logo_allowed") or [] if org not in signed]
        if not_signed:
            self.add_error(
                "logo_allowed",
                _("Only organisations that co-signed can allow their logo: %(names)s.")
                % {"names": ", ".join(str(org) for org in not_signed)},
            )
        return cleaned

    def signatories(self):
        """{organisation: logo allowed} from the cleaned form."""
        logos = set(self.cleaned_data.get("logo_allowed") or [])
        return {org: org in logos for org in self.cleaned_data.get("signed_by") or []}


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

    contacts = forms.ModelMultipleChoiceField(
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


FOLLOW_UP_HELP = _("Optional: what has to happen next. Leave empty when nothing follows.")
ASSIGNEE_HELP = _("Leave empty to take it on yourself.")
FUTURE_MESSAGE = _("A contact moment is logged afterwards: it cannot be in the future.")


def _contact_label(contact):
    label = f"{contact.name}, {contact.job_title}" if contact.job_title else contact.name
    return label if contact.is_active else f"{label} ({_('no longer active')})"


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
        self.fields["contacts"].label_from_instance = _contact_label
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
    contacts = forms.ModelMultipleChoiceField(
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
        self.fields["contacts"].choices = [(c.pk, _contact_label(c)) for c in contacts]
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
    colleagues = forms.ModelMultipleChoiceField(
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


class TimelineFilterForm(forms.Form):
    """The organisation page's timeline filter (GET): one kind of event, one theme, or everything."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("order", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )

    def __init__(self, *args, clear_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything")), *timeline.kind_choices()]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Unknown value; this filter was ignored.")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "filter-form timeline-filter"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                Div("kind", css_class="col-6 col-md-4"),
                Div("theme", css_class="col-6 col-md-4"),
                Div(
                    Submit("", _("Filter"), css_class="btn-swn btn-sm"),
                    HTML(
                        format_html('<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a>', clear_url, _("All"))
                    ),
                    css_class="col-12 col-md-4 d-flex gap-2 align-items-end mb-3",
                ),
                css_class="row g-2 align-items-end",
            )
        )

    def chosen(self):
        """(kinds or None, theme or None), ignoring invalid values."""
        if not self.is_bound:
            return None, None
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        kind = data.get("kind") if "kind" not in self.errors else None
        theme = data.get("theme") if "theme" not in self.errors else None
        return ([kind] if kind else None), theme
