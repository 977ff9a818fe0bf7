"""The application's URLs plus the benchmark's floor: the cheapest page behind the same middleware."""

from django.http import HttpResponse
from django.urls import path

from swn_crm.urls import urlpatterns as app_urlpatterns


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__floor__/", floor, name="bench_floor"), *app_urlpatterns]
