"""Permanent redirects from renamed addresses: the path and the query parameters.

The table of old addresses lives with the root URLconf (`swn_crm/redirects.py`); this is the
machinery. A GET answers 301; any other method 308, so a form left open on an old address still
posts (with its CSRF token) to the new one.
"""

from django.http import HttpResponsePermanentRedirect, QueryDict
from django.urls import path, reverse
from django.views import View


class HttpResponsePermanentRedirectKeepMethod(HttpResponsePermanentRedirect):
    status_code = 308


def translate_query(query, *, parameters, values=None):
    """A copy of the QueryDict `query` with old parameter names (and old values) renamed, in their order.

    `parameters` maps an old name to the new one; `values` maps (new name, old value) to the
    new value. A parameter given under both its old and its new name keeps the values of both.
    """
    values = values or {}
    translated = QueryDict(mutable=True)
    for name, given in query.lists():
        name = parameters.get(name, name)
        translated.setlist(name, [*translated.getlist(name), *(values.get((name, value), value) for value in given)])
    return translated


class LegacyRedirectView(View):
    """An old address: the URL named `pattern_name` with the same path arguments, query string translated.

    `kwargs_to_query` moves path arguments into the query string, e.g. `{"pk": "organisation"}`
    for an address whose organisation went from the path to `?organisation=`.
    """

    pattern_name = None
    kwargs_to_query = {}
    parameters = {}
    values = {}

    def dispatch(self, request, *args, **kwargs):
        query = translate_query(request.GET, parameters=self.parameters, values=self.values)
        for kwarg, parameter in self.kwargs_to_query.items():
            query.setlist(parameter, [str(kwargs.pop(kwarg))])
        url = reverse(self.pattern_name, args=args, kwargs=kwargs)
        if query:
            url += "?" + query.urlencode()
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(url)
        return HttpResponsePermanentRedirectKeepMethod(url)


def legacy_paths(table, *, parameters, values):
    """URL patterns for a table of (old route, new URL name) or (old route, new URL name, kwargs_to_query)."""
    patterns = []
    for old, new, *rest in table:
        view = LegacyRedirectView.as_view(
            pattern_name=new, kwargs_to_query=rest[0] if rest else {}, parameters=parameters, values=values
        )
        patterns.append(path(old, view))
    return patterns


class LegacyQueryMiddleware:
    """An address whose path stayed but whose query parameters were renamed, e.g. `/week/?weergave=collega`.

    Subclassed with the table's `parameters` and `values`; old addresses in the table translate
    their own query string, in the same single redirect.
    """

    parameters = {}
    values = {}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not any(name in request.GET for name in self.parameters):
            return None
        if getattr(view_func, "view_class", None) is LegacyRedirectView:
            return None
        query = translate_query(request.GET, parameters=self.parameters, values=self.values)
        return HttpResponsePermanentRedirect(request.path + "?" + query.urlencode())
