"""URLs of background document jobs."""

from django.urls import path

from longjiang.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("start/<str:kind>/", views.start, name="start"),
    path("<uuid:job_id>/", views.detail, name="detail"),
    path("<uuid:job_id>/progress/", views.progress, name="progress"),
    path("<uuid:job_id>/download/", views.download, name="download"),
    path("<uuid:job_id>/retry/", views.retry, name="retry"),
]
