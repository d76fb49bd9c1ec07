"""Every URL of the portal against every role: who gets the page, who is refused.

A nomination of 哈尔滨市总工会 (a complete draft with a photo and one evidence
file) is the object behind every object URL. Another unit's clerk, experts and
the council see no nomination at all, so every object URL is a 404 for them,
never a 403 that would confirm the object exists.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from longjiang.accounts.models import Role
from longjiang.jobs.services import request_document
from nominations.models import Campaign
from nominations.services import upload_unit_report
from tests.factories import UserFactory, pdf_upload

NOMINEE = "欧阳明辉"
ROLES = ("anonymous", "owner", "other_clerk", "staff", "admin", "expert", "council")

# Django's own language switch and the admin site are outside this matrix.
IGNORED_NAMES = frozenset({"set_language"})
IGNORED_NAMESPACES = frozenset({"admin"})

# fmt: off
# Expected status by role; the columns follow ROLES.
#  url name                            method  anon owner other staff admin expert council
GRID = [
    ("home",                           "GET",  200, 200,  200,  200,  200,  200,   200),
    ("login",                          "GET",  200, 302,  302,  302,  302,  302,   302),
    ("logout",                         "GET",  405, 405,  405,  405,  405,  405,   405),
    ("logout",                         "POST", 302, 302,  302,  302,  302,  302,   302),
    ("password_change",                "GET",  302, 200,  200,  200,  200,  200,   200),
    ("password_change_done",           "GET",  302, 200,  200,  200,  200,  200,   200),
    # Guarded by the mailed token, not by a session: a forged token gets the "invalid link" page.
    ("password_set",                   "GET",  200, 200,  200,  200,  200,  200,   200),
    ("password_set",                   "POST", 200, 200,  200,  200,  200,  200,   200),
    ("password_set_done",              "GET",  200, 200,  200,  200,  200,  200,   200),
    ("dashboard",                      "GET",  302, 302,  302,  302,  302,  302,   302),
    ("nominations:list",               "GET",  302, 200,  200,  200,  200,  403,   403),
    ("nominations:create",             "GET",  302, 200,  200,  403,  403,  403,   403),
    ("nominations:create",             "POST", 302, 200,  200,  403,  403,  403,   403),
    # The unit's own contact for Attachment 2: clerks only (an empty POST is shown again).
    ("nominations:contact",            "GET",  302, 200,  200,  403,  403,  403,   403),
    ("nominations:contact",            "POST", 302, 200,  200,  403,  403,  403,   403),
    ("nominations:extensions",         "GET",  302, 403,  403,  200,  200,  403,   403),
    ("nominations:extensions",         "POST", 302, 403,  403,  200,  200,  403,   403),
    # The register of earlier years' 龙江工匠: provincial staff only (an empty POST is shown again).
    ("nominations:register",           "GET",  302, 403,  403,  200,  200,  403,   403),
    ("nominations:register_import",    "GET",  302, 403,  403,  200,  200,  403,   403),
    ("nominations:register_import",    "POST", 302, 403,  403,  200,  200,  403,   403),
    ("nominations:register_template",  "GET",  302, 403,  403,  200,  200,  403,   403),
    ("nominations:detail",             "GET",  302, 200,  404,  200,  200,  404,   404),
    ("nominations:edit",               "GET",  302, 200,  404,  403,  403,  404,   404),
    # The owner's empty POST carries no version, so it is refused as a conflict (409).
    ("nominations:edit",               "POST", 302, 409,  404,  403,  403,  404,   404),
    ("nominations:submit",             "POST", 302, 302,  404,  403,  403,  404,   404),
    ("nominations:submit",             "GET",  302, 405,  405,  405,  405,  405,   405),
    ("nominations:withdraw",           "POST", 302, 302,  404,  403,  403,  404,   404),
    ("nominations:cancel",             "POST", 302, 302,  404,  403,  403,  404,   404),
    ("nominations:move",               "POST", 302, 302,  404,  403,  403,  404,   404),
    ("nominations:history",            "GET",  302, 403,  404,  200,  200,  404,   404),
    # The campaigns: provincial staff only. The campaign under test is the running one,
    # so setting it running again is refused with a message and a redirect; creating
    # next year's leads to the new campaign's page; the switcher with no campaign
    # chosen goes back to the running one.
    ("nominations:campaigns",          "GET",  302, 403,  403,  200,  200,  403,   403),
    ("nominations:campaign",           "GET",  302, 403,  403,  200,  200,  403,   403),
    ("nominations:campaign_run",       "GET",  302, 403,  403,  302,  302,  403,   403),
    ("nominations:campaign_run",       "POST", 302, 403,  403,  302,  302,  403,   403),
    ("nominations:campaign_next",      "POST", 302, 403,  403,  302,  302,  403,   403),
    ("nominations:campaign_next",      "GET",  302, 405,  405,  405,  405,  405,   405),
    ("nominations:campaign_view",      "POST", 302, 403,  403,  302,  302,  403,   403),
    ("nominations:campaign_view",      "GET",  302, 405,  405,  405,  405,  405,   405),
    ("nominations:reveal_id",          "POST", 302, 200,  404,  200,  200,  404,   404),
    ("nominations:reveal_id",          "GET",  302, 405,  405,  405,  405,  405,   405),
    ("nominations:attachment_upload",  "POST", 302, 302,  404,  403,  403,  404,   404),
    ("nominations:attachment_download", "GET", 302, 200,  404,  200,  200,  404,   404),
    ("nominations:attachment_delete",  "POST", 302, 302,  404,  403,  403,  404,   404),
    ("nominations:check_queue",        "GET",  302, 403,  403,  200,  200,  403,   403),
    ("nominations:check",              "GET",  302, 403,  404,  200,  200,  404,   404),
    # The nomination under test is a draft: staff's check actions are refused with a
    # message and a redirect back to the check page.
    ("nominations:check_start",        "POST", 302, 403,  404,  302,  302,  404,   404),
    # An empty manual-checks form is shown again to staff (no verdict chosen).
    ("nominations:check_manual",       "POST", 302, 403,  404,  422,  422,  404,   404),
    ("nominations:check_decide",       "POST", 302, 403,  404,  302,  302,  404,   404),
    ("nominations:dashboard",          "GET",  302, 403,  403,  200,  200,  403,   403),
    ("nominations:paper",              "GET",  302, 403,  403,  200,  200,  403,   403),
    ("nominations:paper_mine",         "GET",  302, 200,  200,  403,  403,  403,   403),
    # The nomination under test is a draft: staff see the form, and logging a
    # receipt for it is refused on the form (200).
    ("nominations:paper_receipt",      "GET",  302, 403,  404,  200,  200,  404,   404),
    ("nominations:paper_receipt",      "POST", 302, 403,  404,  200,  200,  404,   404),
    ("nominations:reports",            "GET",  302, 403,  403,  200,  200,  403,   403),
    ("nominations:report_upload",      "GET",  302, 200,  200,  403,  403,  403,   403),
    ("nominations:report_upload",      "POST", 302, 200,  200,  403,  403,  403,   403),
    ("nominations:report_download",    "GET",  302, 200,  404,  200,  200,  404,   404),
    ("audit:search",                   "GET",  302, 403,  403,  200,  200,  403,   403),
    ("jobs:list",                      "GET",  302, 200,  200,  200,  200,  200,   200),
    # An empty POST lacks the kind's parameters; every refusal of a job is a 404.
    ("jobs:start",                     "POST", 302, 404,  404,  404,  404,  404,   404),
    ("jobs:start",                     "GET",  302, 405,  405,  405,  405,  405,   405),
    # The job under test is the owner's finished summary: only its requester sees it.
    ("jobs:detail",                    "GET",  302, 200,  404,  404,  404,  404,   404),
    ("jobs:progress",                  "GET",  302, 200,  404,  404,  404,  404,   404),
    ("jobs:download",                  "GET",  302, 200,  404,  404,  404,  404,   404),
    ("jobs:retry",                     "POST", 302, 302,  404,  404,  404,  404,   404),
    # The expert review. The expert under test has an expert account but no profile:
    # the landing page says so, and every candidate URL is a 404. Staff land on the
    # panels. The nomination under test is a draft, so it is nobody's candidate.
    ("review:home",                    "GET",  302, 403,  403,  302,  302,  200,   403),
    ("review:pledge",                  "POST", 302, 403,  403,  403,  403,  404,   403),
    ("review:pledge",                  "GET",  302, 405,  405,  405,  405,  405,   405),
    ("review:candidate",               "GET",  302, 403,  403,  403,  403,  404,   403),
    ("review:declare",                 "POST", 302, 403,  403,  403,  403,  404,   403),
    ("review:score",                   "POST", 302, 403,  403,  403,  403,  404,   403),
    ("review:candidate_file",          "GET",  302, 403,  403,  403,  403,  404,   403),
    # Staff's pages; an empty POST re-renders the form with its errors (200).
    ("review:experts",                 "GET",  302, 403,  403,  200,  200,  403,   403),
    ("review:experts",                 "POST", 302, 403,  403,  200,  200,  403,   403),
    ("review:expert_import",           "GET",  302, 403,  403,  200,  200,  403,   403),
    ("review:expert_import",           "POST", 302, 403,  403,  200,  200,  403,   403),
    ("review:expert_template",         "GET",  302, 403,  403,  200,  200,  403,   403),
    # No expert, panel or conflict exists here: staff get the 404 of a missing object
    # (tests/review/test_access.py covers these URLs with real objects).
    ("review:expert_activation",       "POST", 302, 403,  403,  404,  404,  403,   403),
    ("review:expert_password",         "POST", 302, 403,  403,  404,  404,  403,   403),
    ("review:expert_email",            "GET",  302, 403,  403,  404,  404,  403,   403),
    ("review:expert_email",            "POST", 302, 403,  403,  404,  404,  403,   403),
    ("review:panels",                  "GET",  302, 403,  403,  200,  200,  403,   403),
    ("review:panels",                  "POST", 302, 403,  403,  200,  200,  403,   403),
    ("review:panel_members",           "POST", 302, 403,  403,  404,  404,  403,   403),
    ("review:placements",              "GET",  302, 403,  403,  200,  200,  403,   403),
    ("review:placements",              "POST", 302, 403,  403,  302,  302,  403,   403),
    # An empty POST is refused with a message and a redirect to the placement page.
    ("review:placement_move",          "POST", 302, 403,  404,  302,  302,  404,   404),
    ("review:conflicts",               "GET",  302, 403,  403,  200,  200,  403,   403),
    ("review:conflicts",               "POST", 302, 403,  403,  302,  302,  403,   403),
    ("review:conflict_decide",         "POST", 302, 403,  403,  404,  404,  403,   403),
    ("review:settings",                "POST", 302, 403,  403,  302,  302,  403,   403),
    ("review:window",                  "GET",  302, 403,  403,  200,  200,  403,   403),
    # An empty POST is an invalid form, shown again.
    ("review:window",                  "POST", 302, 403,  403,  200,  200,  403,   403),
    # Closing early: an empty POST lacks the confirmation and is shown again.
    ("review:window_close",            "GET",  302, 403,  403,  200,  200,  403,   403),
    ("review:window_close",            "POST", 302, 403,  403,  200,  200,  403,   403),
    ("review:sheet_reopen",            "POST", 302, 403,  403,  404,  404,  403,   403),
    # Rubric, assignments, reminders.
    # No dimension exists under the id: staff get the 404 of a missing object. An empty
    # POST is an invalid form, shown again; with the campaign in whole-panel mode and no
    # window, assigning and reminding are refused with a message and a redirect.
    ("review:rubric",                  "GET",  302, 403,  403,  200,  200,  403,   403),
    ("review:rubric",                  "POST", 302, 403,  403,  200,  200,  403,   403),
    ("review:dimension",               "GET",  302, 403,  403,  404,  404,  403,   403),
    ("review:dimension",               "POST", 302, 403,  403,  404,  404,  403,   403),
    ("review:dimension_remove",        "POST", 302, 403,  403,  404,  404,  403,   403),
    ("review:rules",                   "GET",  302, 403,  403,  200,  200,  403,   403),
    ("review:rules",                   "POST", 302, 403,  403,  200,  200,  403,   403),
    ("review:assignments",             "GET",  302, 403,  403,  200,  200,  403,   403),
    ("review:assignments",             "POST", 302, 403,  403,  302,  302,  403,   403),
    ("review:remind",                  "POST", 302, 403,  403,  302,  302,  403,   403),
    ("review:remind",                  "GET",  302, 405,  405,  405,  405,  405,   405),
    # Ranking and the proposed list.
    # Staff and the council read the ranking; only staff move candidates. No nomination
    # or move exists under these ids: staff get the 404 of a missing object.
    ("review:ranking",                 "GET",  302, 403,  403,  200,  200,  403,   200),
    ("review:ranking",                 "POST", 302, 405,  405,  405,  405,  405,   405),
    ("review:list_move",               "POST", 302, 403,  403,  404,  404,  403,   403),
    ("review:list_move_undo",          "POST", 302, 403,  403,  404,  404,  403,   403),
    # The council's decision and the locked list versions: staff and the council read,
    # only the council secretary records (an empty POST is an invalid form, shown again).
    ("review:council",                 "GET",  302, 403,  403,  200,  200,  403,   200),
    ("review:council",                 "POST", 302, 403,  403,  403,  403,  403,   200),
    ("review:version",                 "GET",  302, 403,  403,  404,  404,  403,   404),
    ("review:minutes",                 "GET",  302, 403,  403,  404,  404,  403,   404),
    # The public list: the same page for everyone, nothing to write; no file is stored here.
    ("publicity:public",               "GET",  200, 200,  200,  200,  200,  200,   200),
    ("publicity:public",               "POST", 405, 405,  405,  405,  405,  405,   405),
    ("publicity:file",                 "GET",  404, 404,  404,  404,  404,  404,   404),
    # Objections from the public: no login. No notice is live here, so the form (GET or
    # POST) is the page saying so; an empty lookup is an invalid form, shown again.
    ("publicity:objection_new",        "GET",  200, 200,  200,  200,  200,  200,   200),
    ("publicity:objection_new",        "POST", 200, 200,  200,  200,  200,  200,   200),
    ("publicity:objection_lookup",     "GET",  200, 200,  200,  200,  200,  200,   200),
    ("publicity:objection_lookup",     "POST", 200, 200,  200,  200,  200,  200,   200),
    # Staff's log of letters, calls, visits and emails: only staff flagged to handle
    # objections (none of these roles is; tests/publicity/test_objections_pages.py).
    ("publicity:objection_log",        "GET",  302, 403,  403,  403,  403,  403,   403),
    ("publicity:objection_log",        "POST", 302, 403,  403,  403,  403,  403,   403),
    # Objection handling (no case exists under the id: staff get the 404 of a missing
    # case; tests/publicity/test_handling_access.py runs the same URLs over a real case).
    ("publicity:staff_cases",          "GET",  302, 403,  403,  200,  200,  403,   403),
    ("publicity:staff_case",           "GET",  302, 403,  403,  404,  404,  403,   403),
    ("publicity:case_complainant",     "POST", 302, 403,  403,  404,  404,  403,   403),
    ("publicity:case_complainant",     "GET",  302, 405,  405,  405,  405,  405,   405),
    ("publicity:case_send",            "POST", 302, 403,  403,  404,  404,  403,   403),
    ("publicity:case_decide",          "POST", 302, 403,  403,  404,  404,  403,   403),
    ("publicity:case_decline",         "POST", 302, 403,  403,  404,  404,  403,   403),
    ("publicity:case_evidence",        "GET",  302, 403,  403,  404,  404,  403,   403),
    ("publicity:case_report",          "GET",  302, 404,  404,  404,  404,  404,   404),
    ("publicity:unit_cases",           "GET",  302, 200,  200,  403,  403,  403,   403),
    ("publicity:unit_case",            "GET",  302, 404,  404,  403,  403,  403,   403),
    ("publicity:unit_case",            "POST", 302, 404,  404,  403,  403,  403,   403),
    # Staff's notices: provincial staff only; no notice exists here (404 after the role check).
    ("publicity:notices",              "GET",  302, 403,  403,  200,  200,  403,   403),
    # The running campaign has no locked list: the page says so; an empty POST is shown again.
    ("publicity:notice_new",           "GET",  302, 403,  403,  200,  200,  403,   403),
    ("publicity:notice_new",           "POST", 302, 403,  403,  200,  200,  403,   403),
    ("publicity:notice_detail",        "GET",  302, 403,  403,  404,  404,  403,   403),
    ("publicity:notice_detail",        "POST", 302, 403,  403,  404,  404,  403,   403),
    ("publicity:notice_preview",       "GET",  302, 403,  403,  404,  404,  403,   403),
    ("publicity:notice_publish",       "GET",  302, 403,  403,  404,  404,  403,   403),
    ("publicity:notice_publish",       "POST", 302, 403,  403,  404,  404,  403,   403),
    ("publicity:notice_withdraw",      "GET",  302, 403,  403,  404,  404,  403,   403),
    ("publicity:notice_withdraw",      "POST", 302, 403,  403,  404,  404,  403,   403),
    ("publicity:notice_discard",       "POST", 302, 403,  403,  404,  404,  403,   403),
    ("publicity:notice_discard",       "GET",  302, 405,  405,  405,  405,  405,   405),
    # The council's revised list after upheld objections: staff read, the secretary records
    # (tests/publicity/test_result_pages.py); the publicity result: staff only.
    ("publicity:revision",             "GET",  302, 403,  403,  200,  200,  403,   200),
    ("publicity:revision",             "POST", 302, 403,  403,  403,  403,  403,   200),
    ("publicity:result",               "GET",  302, 403,  403,  200,  200,  403,   403),
    ("publicity:result",               "POST", 302, 403,  403,  200,  200,  403,   403),
    # Revoking a certificate: provincial staff only; no certificate exists here, so staff
    # get the 404 of a missing one (tests/publicity/test_revocation.py covers a real one).
    ("publicity:certificate_revoke",   "GET",  302, 403,  403,  404,  404,  403,   403),
    ("publicity:certificate_revoke",   "POST", 302, 403,  403,  404,  404,  403,   403),
    # Certificate verification: public and the same for every role (no certificate exists
    # here, so the token is unknown: the 404 page); the lookup's empty POST is shown again.
    ("public:verify",                  "GET",  404, 404,  404,  404,  404,  404,   404),
    ("public:verify",                  "POST", 405, 405,  405,  405,  405,  405,   405),
    ("public:verify_lookup",           "GET",  200, 200,  200,  200,  200,  200,   200),
    ("public:verify_lookup",           "POST", 200, 200,  200,  200,  200,  200,   200),
    # The showcase of past craftsmen, staff's side: provincial staff only; no craftsman
    # exists under the id (tests/publicity/test_showcase_staff.py runs them over real ones).
    ("publicity:showcase",             "GET",  302, 403,  403,  200,  200,  403,   403),
    ("publicity:showcase_edit",        "GET",  302, 403,  403,  404,  404,  403,   403),
    ("publicity:showcase_edit",        "POST", 302, 403,  403,  404,  404,  403,   403),
    ("publicity:showcase_photo",       "GET",  302, 403,  403,  404,  404,  403,   403),
    # The public showcase: the same page for everyone, nothing to write; no profile is
    # published here (tests/publicity/test_showcase_public.py covers published ones).
    ("public:craftsmen",               "GET",  200, 200,  200,  200,  200,  200,   200),
    ("public:craftsmen",               "POST", 405, 405,  405,  405,  405,  405,   405),
    ("public:craftsman",               "GET",  404, 404,  404,  404,  404,  404,   404),
    ("public:craftsman_photo",         "GET",  404, 404,  404,  404,  404,  404,   404),
    # The award roster: without a final list the page says so; no one is on it, so every
    # payment URL is staff's 404 of a person not on the final list.
    ("publicity:roster",               "GET",  302, 403,  403,  200,  200,  403,   403),
    ("publicity:roster_payment",       "GET",  302, 403,  403,  404,  404,  403,   403),
    ("publicity:roster_payment",       "POST", 302, 403,  403,  404,  404,  403,   403),
    # The award's certificates: staff only. Without a final list generating refuses with a
    # message and back to the page (tests/publicity/test_certificates_pages.py).
    ("publicity:certificates",         "GET",  302, 403,  403,  200,  200,  403,   403),
    ("publicity:certificates_generate", "POST", 302, 403, 403,  302,  302,  403,   403),
    ("publicity:certificates_generate", "GET", 302, 405,  405,  405,  405,  405,   405),
    # The naming notice: staff only; no notice is prepared here, so its PDF is a 404
    # (tests/publicity/test_naming_pages.py covers a draft and a published one).
    ("publicity:naming",               "GET",  302, 403,  403,  200,  200,  403,   403),
    ("publicity:naming",               "POST", 302, 403,  403,  200,  200,  403,   403),
    ("publicity:naming_pdf",           "GET",  302, 403,  403,  404,  404,  403,   403),
    # Public pages of the award, the same for everyone; nothing is published here.
    ("public:naming_index",            "GET",  200, 200,  200,  200,  200,  200,   200),
    ("public:naming_index",            "POST", 405, 405,  405,  405,  405,  405,   405),
    ("public:naming",                  "GET",  404, 404,  404,  404,  404,  404,   404),
    ("public:naming_pdf",              "GET",  404, 404,  404,  404,  404,  404,   404),
]
# fmt: on

# The access matrix: (url name, method, role, expected status).
MATRIX = [
    (name, method, role, status)
    for name, method, *statuses in GRID
    for role, status in zip(ROLES, statuses, strict=True)
]

# Where the redirects that are not to the sign-in page lead ("{x}" = reverse of x).
REDIRECTS = {
    "login": "/dashboard/",
    "logout": "/",
    "dashboard": "/nominations/",
    "nominations:submit": "{nominations:detail}",
    "nominations:withdraw": "{nominations:detail}",
    "nominations:cancel": "{nominations:detail}",
    "nominations:move": "/nominations/#row-{pk}",
    "nominations:attachment_upload": "{nominations:edit}#attachments",
    "nominations:attachment_delete": "{nominations:edit}#attachments",
    "nominations:check_start": "{nominations:check}",
    "nominations:check_manual": "{nominations:check}",
    "nominations:check_decide": "{nominations:check}",
    "jobs:retry": "{jobs:detail}",
    "nominations:campaign_run": "/nominations/staff/campaigns/",
    "nominations:campaign_next": "{next_campaign}",
    "nominations:campaign_view": "/nominations/",
    "review:home": "/review/panels/",
    "review:placements": "/review/placements/",
    "review:placement_move": "/review/placements/",
    "review:conflicts": "/review/conflicts/",
    "review:settings": "/review/conflicts/",
    "review:assignments": "/review/assignments/",
    "review:remind": "/review/window/",
    "publicity:certificates_generate": "/publicity/staff/award/certificates/",
}

# URLs that are not about one nomination, and the other arguments some URLs take.
NO_NOMINATION = frozenset(
    {
        "nominations:list",
        "nominations:create",
        "nominations:contact",
        "nominations:extensions",
        "nominations:check_queue",
        "nominations:dashboard",
        "nominations:paper",
        "nominations:paper_mine",
        "nominations:reports",
        "nominations:report_upload",
        "nominations:report_download",
        "nominations:register",
        "nominations:register_import",
        "nominations:register_template",
        "nominations:campaigns",
        "nominations:campaign_view",
    }
)
# URLs about one campaign: the nomination's.
CAMPAIGN_URLS = frozenset(
    {"nominations:campaign", "nominations:campaign_run", "nominations:campaign_next"}
)
EXTRA_KWARGS = {
    "jobs:start": {"kind": "summary.unit"},
    "password_set": {"uidb64": "MQ", "token": "cvb0x1-0123456789abcdef0123456789abcdef"},
    "nominations:check_decide": {"action": "mark_eligible"},
    # Ids of review objects that do not exist in this matrix.
    "review:expert_activation": {"expert_id": 999999},
    "review:expert_password": {"expert_id": 999999},
    "review:expert_email": {"expert_id": 999999},
    "review:panel_members": {"panel_id": 999999},
    "review:conflict_decide": {"conflict_id": 999999},
    "review:sheet_reopen": {"sheet_id": 999999},
    "review:dimension": {"dimension_id": 999999},
    "review:dimension_remove": {"dimension_id": 999999},
    "review:list_move": {"pk": 999999},
    "review:list_move_undo": {"move_id": 999999},
    "review:version": {"number": 999},
    "review:minutes": {"decision_id": 999999},
    "publicity:file": {"name": "missing.pdf"},
    "publicity:staff_case": {"pk": 999999},
    "publicity:case_complainant": {"pk": 999999},
    "publicity:case_send": {"pk": 999999},
    "publicity:case_decide": {"pk": 999999},
    "publicity:case_decline": {"pk": 999999},
    "publicity:case_evidence": {"pk": 999999, "evidence_id": 999999},
    "publicity:case_report": {"pk": 999999},
    "publicity:unit_case": {"pk": 999999},
    "publicity:notice_detail": {"pk": 999999},
    "publicity:notice_preview": {"pk": 999999},
    "publicity:notice_publish": {"pk": 999999},
    "publicity:notice_withdraw": {"pk": 999999},
    "publicity:notice_discard": {"pk": 999999},
    "publicity:certificate_revoke": {"pk": 999999},
    "public:verify": {"token": "Xq3v9LrT0bYk2mWcN8sZpH4dFjA6eUiO1gVlRyKwEtM"},
    "publicity:showcase_edit": {"craftsman_pk": 999999},
    "publicity:showcase_photo": {"craftsman_pk": 999999},
    "public:craftsman": {"pk": 999999},
    "public:craftsman_photo": {"pk": 999999},
    "publicity:roster_payment": {"nomination_id": 999999},
    "public:naming": {"year": 2021},
    "public:naming_pdf": {"year": 2021},
}
# Review URLs about one nomination (the candidate's pk).
REVIEW_NOMINATION = frozenset(
    {
        "review:candidate",
        "review:declare",
        "review:score",
        "review:candidate_file",
        "review:placement_move",
    }
)

# Roles that must never see the nominee, on any page.
OUTSIDERS = frozenset({"anonymous", "other_clerk", "expert", "council"})


def project_url_names() -> set[str]:
    """Return the name of every URL of the project, with namespace, outside the admin."""
    names = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in IGNORED_NAMESPACES:
                    continue
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, namespace)
            elif isinstance(pattern, URLPattern) and pattern.name not in IGNORED_NAMES:
                # An unnamed URL cannot get a row, so it fails the coverage test too.
                names.add(prefix + (pattern.name or f"<unnamed {pattern.pattern}>"))

    walk(get_resolver().url_patterns, "")
    return names


def kwargs_for(name: str, nomination, attachment, report=None, job=None) -> dict:
    """Return the URL arguments of ``name`` for the nomination under test."""
    kwargs = dict(EXTRA_KWARGS.get(name, {}))
    if (name.startswith("nominations:") and name not in NO_NOMINATION) or name in REVIEW_NOMINATION:
        kwargs["pk"] = nomination.pk
    if name in CAMPAIGN_URLS:
        kwargs["pk"] = nomination.campaign_id
    if name in (
        "nominations:attachment_download",
        "nominations:attachment_delete",
        "review:candidate_file",
    ):
        kwargs["attachment_id"] = attachment.pk
    if name == "nominations:report_download":
        kwargs["report_id"] = report.pk
    if name.startswith("jobs:") and name not in ("jobs:list", "jobs:start"):
        kwargs["job_id"] = job.pk
    return kwargs


@pytest.fixture
def nomination(clerk, make_nomination):
    return make_nomination(name=NOMINEE)


@pytest.fixture
def report(campaign, clerk):
    """The owner unit's activity report."""
    return upload_unit_report(
        campaign,
        unit=clerk.unit,
        actor=clerk,
        summary="本地开展推荐选树活动情况。",
        upload=pdf_upload("report.pdf"),
    )


@pytest.fixture
def job(campaign, clerk, nomination, django_capture_on_commit_callbacks):
    """The owner's finished Attachment 2 of their unit (jobs run eagerly on commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        job = request_document(
            "summary.unit", params={"campaign": campaign.year, "unit": clerk.unit.code}, actor=clerk
        )
    job.refresh_from_db()
    assert job.status == "done"
    return job


@pytest.fixture
def role_client(clerk, other_clerk, staff_user, admin_user, expert_user, council_user):
    """Return a function giving a client signed in as the named role."""
    users = {
        "owner": clerk,
        "other_clerk": other_clerk,
        "staff": staff_user,
        "admin": admin_user,
        "expert": expert_user,
        "council": council_user,
    }

    def client_for(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return client_for


def expected_location(name: str, role: str, url: str, nomination) -> str:
    """Return where a 302 of ``name`` for ``role`` must lead."""
    if role == "anonymous" and name != "logout":
        return f"/accounts/login/?next={url}"
    if name == "dashboard" and role == "expert":
        return "/review/"
    if name == "dashboard" and role == "council":
        return "/review/council/"
    location = REDIRECTS[name]
    for target in ("nominations:detail", "nominations:edit", "nominations:check"):
        location = location.replace(f"{{{target}}}", reverse(target, kwargs={"pk": nomination.pk}))
    location = location.replace("{pk}", str(getattr(nomination, "pk", "")))
    if "{next_campaign}" in location:
        following = Campaign.objects.get(year=nomination.campaign.year + 1)
        location = reverse("nominations:campaign", kwargs={"pk": following.pk})
    if "{jobs:detail}" in location:
        location = location.replace("{jobs:detail}", url.removesuffix("retry/"))
    return location


def body_of(response) -> bytes:
    if response.streaming:
        content = b"".join(response.streaming_content)
        response.close()
        return content
    return response.content


def test_matrix_covers_every_named_url():
    covered = {name for name, *_rest in GRID}

    assert covered == project_url_names()


def test_matrix_names_every_role_once_per_url_and_method():
    rows = [(name, method) for name, method, *_statuses in GRID]

    assert len(rows) == len(set(rows))
    assert all(len(statuses) == len(ROLES) for _name, _method, *statuses in GRID)


@pytest.mark.parametrize(("name", "method", "role", "expected"), MATRIX)
def test_access(name, method, role, expected, role_client, nomination, report, job):
    attachment = nomination.attachments.get(kind="evidence")
    kwargs = kwargs_for(name, nomination, attachment, report, job)
    url = reverse(name, kwargs=kwargs)
    client = role_client(role)

    response = client.get(url) if method == "GET" else client.post(url)

    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == expected_location(name, role, url, nomination)
    body = body_of(response)
    if role in OUTSIDERS:
        assert NOMINEE.encode() not in body


def test_object_urls_of_missing_nomination_are_404_for_staff(staff_client, nomination):
    missing = nomination.pk + 1000

    responses = [
        staff_client.get(reverse("nominations:detail", kwargs={"pk": missing})),
        staff_client.get(reverse("nominations:history", kwargs={"pk": missing})),
        staff_client.post(reverse("nominations:reveal_id", kwargs={"pk": missing})),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]


def test_clerk_of_another_unit_sees_only_own_list(other_clerk_client, nomination):
    response = other_clerk_client.get(reverse("nominations:list"))

    assert response.status_code == 200
    assert "本单位还没有推荐人选。" in response.content.decode()
    assert NOMINEE not in response.content.decode()


def test_expert_attached_to_a_unit_sees_no_nomination(nomination):
    # Only clerks are scoped by unit; a unit set on another role grants nothing.
    expert = UserFactory(role=Role.EXPERT, unit=nomination.unit)
    client = Client()
    client.force_login(expert)

    response = client.get(reverse("nominations:detail", kwargs={"pk": nomination.pk}))

    assert response.status_code == 404
