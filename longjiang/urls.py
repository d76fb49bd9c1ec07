"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("longjiang.accounts.urls")),
    path("", include("nominations.urls_public")),
    path("nominations/", include("nominations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
