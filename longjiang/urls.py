"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

admin.site.site_header = _("龙江工匠选树 · 系统管理")
admin.site.site_title = _("龙江工匠选树系统管理")
admin.site.index_title = _("系统管理")

urlpatterns = [
    path("", include("longjiang.accounts.urls")),
    path("", include("nominations.urls.public")),
    path("nominations/", include("nominations.urls")),
    path("review/", include("review.urls")),
    path("publicity/", include("publicity.urls")),
    path("", include("publicity.public_urls")),
    path("jobs/", include("longjiang.jobs.urls")),
    path("audit/", include("longjiang.audit.urls")),
    # Choosing a language is harmless; exempting it keeps public pages free of cookies.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler404 = "longjiang.views.page_not_found"
