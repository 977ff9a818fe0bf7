"""Forms for policy dossiers and for recording a stakeholder's position on one."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders.models import Organisation
from swn_crm.concurrency import ConcurrencyGuardMixin
from swn_crm.models import User
from themes.models import PolicyDossier, StakeholderPosition

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
