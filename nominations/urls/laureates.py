"""URLs of the register of named 龙江工匠 (staff)."""

from django.urls import path

from nominations.views import laureates

urlpatterns = [
    path("register/", laureates.register, name="register"),
    path("register/import/", laureates.register_import, name="register_import"),
    path("register/template/", laureates.register_template, name="register_template"),
]
