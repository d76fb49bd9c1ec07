"""URLs of the publicity stage: the public pages first, then the staff's and the units'."""

from django.urls import path

from publicity.views import (
    certificates,
    handling,
    naming,
    notices,
    objections,
    public,
    results,
    revocation,
    roster,
    showcase,
)

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
    path("staff/notices/", notices.overview, name="notices"),
    path("staff/notices/new/", notices.notice_new, name="notice_new"),
    path("staff/notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("staff/notices/<int:pk>/preview/", notices.notice_preview, name="notice_preview"),
    path("staff/notices/<int:pk>/publish/", notices.notice_publish, name="notice_publish"),
    path("staff/notices/<int:pk>/withdraw/", notices.notice_withdraw, name="notice_withdraw"),
    path("staff/notices/<int:pk>/discard/", notices.notice_discard, name="notice_discard"),
    # Staff and units: handling objections (publicity.views.handling).
    path("staff/objections/", handling.case_list, name="staff_cases"),
    path("staff/objections/<int:pk>/", handling.case_detail, name="staff_case"),
    path("staff/objections/<int:pk>/complainant/", handling.complainant, name="case_complainant"),
    path("staff/objections/<int:pk>/send/", handling.send, name="case_send"),
    path("staff/objections/<int:pk>/decide/", handling.decide, name="case_decide"),
    path("staff/objections/<int:pk>/decline/", handling.decline, name="case_decline"),
    path(
        "staff/objections/<int:pk>/evidence/<int:evidence_id>/",
        handling.evidence,
        name="case_evidence",
    ),
    path("cases/<int:pk>/report/", handling.report, name="case_report"),
    path("unit/objections/", handling.unit_cases, name="unit_cases"),
    path("unit/objections/<int:pk>/", handling.unit_case, name="unit_case"),
    # Council and staff: the revised list and the publicity result (publicity.views.results).
    path("council/revision/", results.revision, name="revision"),
    path("staff/result/", results.result, name="result"),
    # Staff: revoking a certificate (publicity.views.revocation).
    path(
        "staff/award/certificates/<int:pk>/revoke/",
        revocation.certificate_revoke,
        name="certificate_revoke",
    ),
    # Staff: the showcase of past craftsmen (publicity.views.showcase).
    path("staff/award/showcase/", showcase.showcase, name="showcase"),
    path(
        "staff/award/showcase/<int:craftsman_pk>/",
        showcase.showcase_edit,
        name="showcase_edit",
    ),
    path(
        "staff/award/showcase/<int:craftsman_pk>/photo/",
        showcase.showcase_photo,
        name="showcase_photo",
    ),
    # Staff: the award roster and its payments (publicity.views.roster).
    path("staff/award/roster/", roster.roster, name="roster"),
    path(
        "staff/award/roster/<int:nomination_id>/payment/",
        roster.payment,
        name="roster_payment",
    ),
    # Staff: the certificates (publicity.views.certificates).
    path("staff/award/certificates/", certificates.certificates, name="certificates"),
    path(
        "staff/award/certificates/generate/",
        certificates.generate,
        name="certificates_generate",
    ),
    # Staff: the award (publicity.views.naming, ...).
    path("staff/award/naming/", naming.staff_naming, name="naming"),
    path("staff/award/naming/pdf/", naming.staff_naming_pdf, name="naming_pdf"),
]
