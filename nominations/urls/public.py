from django.urls import path

from nominations.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("dashboard/", home.dashboard, name="dashboard"),
]
