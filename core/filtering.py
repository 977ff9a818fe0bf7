"""What every filtered list page shares: a crispy filter form, free-text search, tolerant paging, export.

A list page is one FilterSet (in `<app>/filters.py`, subclassing `ListFilterSet`), one view
subclassing `FilteredListView` and a template extending `core/list.html`. The filter state lives in
the query string, so every result can be bookmarked and shared; the page's download is its export
view (`core.dataexchange_views.ExportView`), which reuses the view's queryset and FilterSet. Bad
input never breaks the page: an invalid filter value is ignored with a message beside the field, a
page number past the end shows the last page; the page says so in a notice
(`core/includes/_notices.html`) above the list.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout, Submit
from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView
from django_filters import FilterSet


class ListFilterSet(FilterSet):
    """A FilterSet whose form is laid out by crispy as a responsive grid with Filter and Clear buttons.

    `wide_fields` take a wider column (the free-text field); `form_id` names the form for links.
    """

    wide_fields = ("q",)
    submit_label = gettext_lazy("Filter")

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            for field in form.fields.values():
                if "invalid_choice" in field.error_messages:
                    field.error_messages["invalid_choice"] = _("Unknown value “%(value)s”; this filter was ignored.")
            form.helper = self.build_helper(form)
        return form

    def build_helper(self, form):
        helper = FormHelper(form)
        helper.form_method = "get"
        helper.form_class = "filter-form"
        helper.disable_csrf = True
        cells = []
        for name in form.fields:
            width = "col-12 col-md-6 col-xl-4" if name in self.wide_fields else "col-12 col-sm-6 col-md-4 col-xl-2"
            cells.append(Div(name, css_class=width))
        clear_url = self.request.path if self.request else "?"
        helper.layout = Layout(
            Div(*cells, css_class="row g-2 align-items-end"),
            Div(
                Submit("", str(self.submit_label), css_class="btn-swn"),
                HTML(
                    format_html('<a class="btn btn-outline-secondary" href="{}">{}</a>', clear_url, _("Clear filters"))
                ),
                css_class="d-flex flex-wrap gap-2 mt-1",
            ),
        )
        return helper

    @property
    def is_filtered(self):
        """True when the user set any filter (sorting alone does not count)."""
        if not self.is_bound:
            return False
        return any(self.data.get(name) not in (None, "") for name in self.filters if name != "sort")


class FilteredListView(ListView):
    """A ListView driven by `filterset_class`, paginated by 50, with export and import buttons.

    Subclasses set `filterset_class` and `queryset` (with its select/prefetch) or
    `get_base_queryset()`. `export_url_name` names the list's ExportView (which gets its rows from
    this view); `import_url_name` the import page, offered to those with `import_permission`.
    """

    filterset_class = None
    paginate_by = 50
    export_url_name = None
    import_url_name = None
    import_permission = None

    def get_filterset(self, queryset):
        return self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)

    def get_base_queryset(self):
        """The rows before filtering: `queryset` by default."""
        return super().get_queryset()

    def get_queryset(self):
        self.filterset = self.get_filterset(self.get_base_queryset())
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        if self.export_url_name and request.GET.get("format") in ("csv", "xlsx"):
            # The list's own `?format=csv` of old: the same rows are now on the export path.
            query = request.GET.copy()
            query.pop("page", None)
            query.setdefault("columns", "list")
            return HttpResponsePermanentRedirect(f"{reverse(self.export_url_name)}?{query.urlencode()}")
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        """Like ListView's, but a bad page number shows a page (the first or the last) with a notice."""
        paginator = Paginator(queryset, page_size)
        requested = (self.request.GET.get("page") or "1").strip()
        if not requested.isdigit() or int(requested) < 1:
            self.notices.append(_("That page number is not valid; here is the first page."))
            page = paginator.page(1)
        elif int(requested) > paginator.num_pages:
            page = paginator.page(paginator.num_pages)
            self.notices.append(
                _("Page %(requested)s does not exist; this is the last page, page %(page)s.")
                % {"requested": requested, "page": page.number}
            )
        else:
            page = paginator.page(int(requested))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        self.notices = []
        if self.filterset.is_bound and not self.filterset.is_valid():
            self.notices.append(_("Some filter values are not valid and were ignored; see the marked fields."))
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["is_filtered"] = self.filterset.is_filtered
        context["notices"] = self.notices
        if self.export_url_name:
            context["export_url"] = reverse(self.export_url_name)
        if self.import_url_name and self.request.user.has_perm(self.import_permission):
            context["import_url"] = reverse(self.import_url_name)
        return context


YES_NO = [("ja", gettext_lazy("Yes")), ("nee", gettext_lazy("No"))]


class DatalistTextInput(forms.TextInput):
    """A text box that suggests values from a <datalist> but accepts anything typed (no JavaScript)."""

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id', 'id_' + name)}-suggestions"
        attrs["list"] = list_id
        options = format_html_join("", '<option value="{}"></option>', ((s,) for s in self.suggestions))
        return format_html(
            '{}<datalist id="{}">{}</datalist>', super().render(name, value, attrs, renderer), list_id, options
        )
