"""Public pages of the award, at the root: certificate verification, the naming
notice and the showcase of past craftsmen. Every view here is ``@cookie_free``."""

from django.urls import path

from publicity.views import naming, showcase, verification

app_name = "public"

urlpatterns: list = [
    path("verify/", verification.verify_lookup, name="verify_lookup"),
    path("verify/<str:token>/", verification.verify, name="verify"),
    # The showcase of past craftsmen (publicity.views.showcase).
    path("craftsmen/", showcase.craftsmen, name="craftsmen"),
    path("craftsmen/<int:pk>/", showcase.craftsman, name="craftsman"),
    path("craftsmen/<int:pk>/photo/", showcase.craftsman_photo, name="craftsman_photo"),
    # The naming notice (publicity.views.naming).
    path("naming/", naming.public_index, name="naming_index"),
    path("naming/<int:year>/", naming.public_notice, name="naming"),
    path("naming/<int:year>/pdf/", naming.public_pdf, name="naming_pdf"),
]
