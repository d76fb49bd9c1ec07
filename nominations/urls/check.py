"""URLs of the provincial first check."""

from django.urls import path

from nominations.views import check

urlpatterns = [
    path("check/", check.check_queue, name="check_queue"),
    path("<int:pk>/check/", check.check_detail, name="check"),
    path("<int:pk>/check/start/", check.check_start, name="check_start"),
    path("<int:pk>/check/manual/", check.check_manual, name="check_manual"),
    path("<int:pk>/check/decide/<slug:action>/", check.check_decide, name="check_decide"),
]
