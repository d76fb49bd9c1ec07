"""Public pages of the award, at the root: certificate verification, the naming
notice and the showcase of past craftsmen. Every view here is ``@cookie_free``."""

from django.urls import path

from publicity.views import verification

app_name = "public"

urlpatterns: list = [
    path("verify/", verification.verify_lookup, name="verify_lookup"),
    path("verify/<str:token>/", verification.verify, name="verify"),
]
