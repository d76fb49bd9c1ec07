"""URLs of the publicity stage: the public pages first, then the staff's and the units'."""

from django.urls import path

from publicity.views import objections, public

app_name = "publicity"

urlpatterns = [
    # The public list and its files (publicity.views.public; nginx serves the same files).
    path("", public.public, name="public"),
    path("files/<str:name>", public.stored_file, name="file"),
    # Objections from the public: the form, the receipt, the lookup (publicity.views.objections).
    path("objections/new/", objections.objection_new, name="objection_new"),
    path("objections/lookup/", objections.objection_lookup, name="objection_lookup"),
    path("staff/objections/new/", objections.objection_log, name="objection_log"),
    # Staff: notices (publicity.views.notices).
    # Staff and units: handling objections (publicity.views.handling).
    # Council and staff: the revised list and the publicity result (publicity.views.results).
]
