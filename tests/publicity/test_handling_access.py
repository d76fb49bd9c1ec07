"""Every objection-handling URL over a real case, for every role and the handler flag.

The case is about a nominee of 哈尔滨市总工会 ("owner"), reported by that unit, with
one evidence file. Only the handler may ever get the complainant in a response.
"""

import pytest
from django.test import Client
from django.urls import reverse

from longjiang.accounts.models import Role
from longjiang.uploads import CleanFile, store
from publicity.models import Evidence
from publicity.workflow import ObjectionStatus
from tests.factories import UserFactory, pdf_bytes
from tests.publicity.handling_fixtures import COMPLAINANT_EMAIL, COMPLAINANT_NAME, COMPLAINANT_PHONE

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "other_clerk", "staff", "handler", "admin", "expert", "council")

# fmt: off
#  url name                     method  anon owner other staff handler admin expert council
GRID = [
    ("publicity:staff_cases",      "GET",  302, 403, 403,  200,  200,   200,  403,   403),
    ("publicity:staff_case",       "GET",  302, 403, 403,  200,  200,   200,  403,   403),
    ("publicity:case_complainant", "POST", 302, 403, 403,  403,  200,   403,  403,   403),
    ("publicity:case_evidence",    "GET",  302, 403, 403,  403,  200,   403,  403,   403),
    ("publicity:case_report",      "GET",  302, 200, 404,  200,  200,   200,  404,   404),
    # A reported case cannot be sent again or declined: the handler's form comes back
    # with the refusal; an empty decision is an invalid form.
    ("publicity:case_send",        "POST", 302, 403, 403,  403,  422,   403,  403,   403),
    ("publicity:case_decline",     "POST", 302, 403, 403,  403,  422,   403,  403,   403),
    ("publicity:case_decide",      "POST", 302, 403, 403,  403,  422,   403,  403,   403),
    ("publicity:unit_cases",       "GET",  302, 200, 200,  403,  403,   403,  403,   403),
    ("publicity:unit_case",        "GET",  302, 200, 404,  403,  403,   403,  403,   403),
    ("publicity:unit_case",        "POST", 302, 422, 404,  403,  403,   403,  403,   403),
]
# fmt: on

MATRIX = [
    (name, method, role, status)
    for name, method, *statuses in GRID
    for role, status in zip(ROLES, statuses, strict=True)
]
SECRETS = (COMPLAINANT_NAME, COMPLAINANT_PHONE, COMPLAINANT_EMAIL)


@pytest.fixture
def case(make_case, clerk):
    name = store(CleanFile(pdf_bytes(), "pdf", "核查报告.pdf"), folder="objections/test")
    case = make_case(
        status=ObjectionStatus.REPORTED,
        report_name="核查报告.pdf",
        report_storage_name=name,
        report_sha256="1" * 64,
        report_submitted_by=clerk,
    )
    evidence_name = store(CleanFile(pdf_bytes(), "pdf", "证据.pdf"), folder="evidence/test")
    case.evidence_item = Evidence.objects.create(
        objection=case,
        original_name="证据.pdf",
        storage_name=evidence_name,
        content_type="application/pdf",
        size=100,
        sha256="0" * 64,
    )
    return case


@pytest.fixture
def users(clerk, other_clerk, staff_user, handler, admin_user, expert_user, council_user):
    return {
        "owner": clerk,
        "other_clerk": other_clerk,
        "staff": staff_user,
        "handler": handler,
        "admin": admin_user,
        "expert": expert_user,
        "council": council_user,
    }


def url_of(name: str, case) -> str:
    if name in ("publicity:staff_cases", "publicity:unit_cases"):
        return reverse(name)
    if name == "publicity:case_evidence":
        return reverse(name, args=[case.pk, case.evidence_item.pk])
    return reverse(name, args=[case.pk])


@pytest.mark.parametrize(("name", "method", "role", "expected"), MATRIX)
def test_handling_access(name, method, role, expected, case, users):
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    url = url_of(name, case)

    response = client.get(url) if method == "GET" else client.post(url)

    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == f"/accounts/login/?next={url}"
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode(errors="replace")
    if not (role == "handler" and name == "publicity:case_complainant"):
        for secret in SECRETS:
            assert secret not in body
    else:
        assert COMPLAINANT_NAME in body


def test_admin_with_the_flag_handles_objections(case):
    admin = UserFactory(role=Role.ADMIN, handles_objections=True)
    client = Client()
    client.force_login(admin)

    response = client.post(reverse("publicity:case_complainant", args=[case.pk]))

    assert response.status_code == 200
    assert COMPLAINANT_PHONE in response.content.decode()
