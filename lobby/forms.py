"""Forms for coalitions with their partners, joint statements with their signatories, policy dossiers
and positions."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import ConcurrencyGuardMixin
from core.ids import ModelMultipleChoiceField, formfield
from lobby.choices import CoalitionKind, PartnerRole
from lobby.models import Coalition, CoalitionPartner, JointStatement, PolicyDossier, StakeholderPosition
from meetings.forms import DATE_WIDGET
from stakeholders.forms import LIST_SIZE
from stakeholders.models import Organisation
from swn_crm.models import User


class CoalitionForm(ConcurrencyGuardMixin, forms.ModelForm):
    """A coalition: what, when, with which themes and SWN colleague; new partners are added from one list."""

    add_partners = ModelMultipleChoiceField(
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
        formfield_callback = formfield
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


class JointStatementForm(ConcurrencyGuardMixin, forms.ModelForm):
    """A joint statement with the partners that co-signed it, and whose logo may be used."""

    signed_by = ModelMultipleChoiceField(
        label=_("Co-signed by"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    logo_allowed = ModelMultipleChoiceField(
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


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PolicyDossierForm(ConcurrencyGuardMixin, forms.ModelForm):
    class Meta:
        model = PolicyDossier
        fields = ["title", "theme", "status", "responsible", "swn_position", "description"]
        widgets = {
            "swn_position": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"swn_position": _("What SWN wants, in a few sentences.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = [self.instance.responsible_id] if self.instance.responsible_id else []
        self.fields["responsible"].queryset = User.objects.filter(
            Q(is_active=True, is_colleague=True) | Q(pk__in=current)
        ).order_by("first_name", "last_name")
        self.fields["responsible"].empty_label = _("Nobody yet")
        self.fields["theme"].empty_label = _("Choose a theme")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True  # the concurrency snapshot
        self.helper.layout = Layout(
            "title",
            Row(
                Column("theme", css_class="col-md-4"),
                Column("status", css_class="col-md-4"),
                Column("responsible", css_class="col-md-4"),
            ),
            "swn_position",
            "description",
        )


class StakeholderPositionForm(forms.ModelForm):
    """A new assessment of one organisation's position; the earlier ones stay as its history."""

    class Meta:
        model = StakeholderPosition
        fields = ["organisation", "stance", "assessed_on", "note"]
        widgets = {"assessed_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.dossier = dossier
        self.initial.setdefault("assessed_on", timezone.localdate())
        # Positions are assessed for stakeholders: those of the dossier's theme first, then the others.
        stakeholders = Organisation.objects.stakeholders().order_by("name", "pk")
        field = self.fields["organisation"]
        field.queryset = stakeholders
        in_theme = set(stakeholders.filter(themes=dossier.theme_id).values_list("pk", flat=True))
        groups = {True: [], False: []}
        for pk, name, acronym in stakeholders.values_list("pk", "name", "acronym"):
            label = f"{name} ({acronym})" if acronym and acronym.lower() not in name.lower() else name
            groups[pk in in_theme].append((pk, label))
        field.choices = [
            ("", _("Choose an organisation")),
            (_("Stakeholders in %(theme)s") % {"theme": dossier.theme}, groups[True]),
            (_("Other stakeholders"), groups[False]),
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "organisation",
            Row(Column("stance", css_class="col-md-6"), Column("assessed_on", css_class="col-md-6")),
            "note",
        )

    def _post_clean(self):
        # The model's own checks repeat the form's; run them only on input the form accepted.
        if not self.errors:
            super()._post_clean()

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("An assessment cannot be dated in the future."))
        return day


PartnerFormSet = forms.inlineformset_factory(
    Coalition, CoalitionPartner, form=PartnerForm, formset=BasePartnerFormSet, extra=0, can_delete=True
)
