"""Forms for coalitions: the coalition with its partners, and joint statements with their signatories."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stakeholders.choices import CoalitionKind, PartnerRole
from stakeholders.models import Coalition, CoalitionPartner, ContactPerson, JointStatement, Organisation
from swn_crm.concurrency import ConcurrencyGuardMixin
from swn_crm.models import User

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
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
