"""The organisation page's timeline filter."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout, Submit
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from overview import timeline
from themes.models import Theme


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
