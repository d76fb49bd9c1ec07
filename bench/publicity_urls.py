"""The portal's URLs plus the minimal view bench.publicity measures Django's fallback against."""

from django.http import HttpResponse
from django.urls import path

from bench.publicity import page
from longjiang.urls import urlpatterns as portal

CONTENT = page()


def minimal(request):
    """The least a Django view can do to serve the page: return the bytes it holds."""
    return HttpResponse(CONTENT, content_type="text/html; charset=utf-8")


urlpatterns = [*portal, path("bench/minimal/", minimal)]
handler404 = "longjiang.views.page_not_found"
