"""Public pages of the award, at the root: certificate verification, the naming
notice and the showcase of past craftsmen. Every view here is ``@cookie_free``."""

app_name = "public"

urlpatterns: list = []
