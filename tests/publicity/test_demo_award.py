"""The demo stage ``award``: each step of publicity/demo/award.py, as seed_demo runs them."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.audit.services import verify_chain
from nominations.models import Campaign, Craftsman
from publicity.demo import award_showcase
from publicity.models import (
    Certificate,
    NamingNotice,
    Payment,
    PublicitySettings,
    ShowcaseProfile,
)
from publicity.selectors.results import final_list
from publicity.selectors.roster import award_roster
from publicity.services.naming import stored_pdf
from review.campaigns import carried_experts
from review.models import Dimension, Panel
from tests.pdftotext import pdftotext

pytestmark = pytest.mark.django_db


def test_seed_demo_award_records_two_payments_of_the_roster(seed_demo):
    output = seed_demo(stage="award", nominations=30)

    roster = award_roster(Campaign.objects.get(year=2021))
    assert "Payments: 2 of 7 recorded." in output
    assert [line.paid for line in roster.lines] == [True, True, False, False, False, False, False]
    payments = Payment.objects.order_by("voucher")
    assert [(p.voucher, p.amount, p.note) for p in payments] == [
        ("记-2021-0001", 5000, "银行转账"),
        ("记-2021-0002", 5000, "银行转账"),
    ]
    assert {p.paid_on for p in payments} == {timezone.localdate()}
    assert {p.recorded_by.username for p in payments} == {"staff"}
    assert AuditEvent.objects.filter(code="award.payment_recorded").count() == 2
    assert verify_chain().ok


def test_seed_demo_award_publishes_showcase_profiles_one_with_a_consented_photo(seed_demo, client):
    output = seed_demo(stage="award", nominations=30)

    profiles = ShowcaseProfile.objects.select_related("craftsman").order_by("pk")
    imported = [p for p in profiles if p.craftsman.source == Craftsman.Source.IMPORTED]
    assert [p.published for p in profiles] == [True] * len(profiles)
    assert len(imported) == award_showcase.IMPORTED_SHOWN
    with_photo = [p for p in profiles if p.photo]
    assert len(with_photo) == 1
    assert with_photo[0].photo_consent and with_photo[0].photo_consent_note
    imported_rows = Craftsman.objects.filter(source=Craftsman.Source.IMPORTED).count()
    current = [p for p in profiles if p.craftsman.year == 2021]
    assert len(current) == min(
        award_showcase.CURRENT_SHOWN, Craftsman.objects.filter(year=2021).count()
    )
    assert (
        f"Register: {imported_rows} earlier craftsmen imported, 1 row refused. "
        f"Showcase: {len(profiles)} profiles published ({len(current)} of 2021), "
        "one with a consented photo."
    ) in output
    page = client.get(reverse("public:craftsmen"))
    assert page.status_code == 200
    assert page.content.decode().count("showcase-name") == len(profiles)
    photo = client.get(reverse("public:craftsman_photo", args=[with_photo[0].craftsman_id]))
    assert photo.status_code == 200
    assert AuditEvent.objects.filter(code="award.showcase_published").count() == len(profiles)
    assert verify_chain().ok


def test_seed_demo_award_issues_a_certificate_to_everyone_on_the_final_list(seed_demo, tmp_path):
    output = seed_demo(stage="award", nominations=30)

    campaign = Campaign.objects.get(year=2021)
    names = [entry.name for entry in final_list(campaign)]
    certificates = list(Certificate.objects.filter(campaign=campaign).order_by("number"))
    assert "Certificates: 7 issued (LJGJ-2021-001–LJGJ-2021-007)." in output
    assert [c.name for c in certificates] == names
    assert [c.serial for c in certificates] == [f"LJGJ-2021-00{n}" for n in range(1, 8)]
    assert {c.allocated_by.username for c in certificates} == {"staff"}
    assert {c.issued_on for c in certificates} == {timezone.localdate()}
    # The issue's demonstration: the export writes one page per named person.
    path = tmp_path / "c.pdf"
    call_command("export", "certificates", "--campaign", "2021", "--out", str(path))
    pages = [page for page in pdftotext(path.read_bytes()).split("\f") if page.strip()]
    assert len(pages) == 7
    assert [name in page for name, page in zip(names, pages, strict=True)] == [True] * 7


def test_seed_demo_award_stage_publishes_the_naming_notice(seed_demo, client):
    output = seed_demo(stage="award", nominations=30)

    notice = NamingNotice.objects.get()
    assert notice.status == NamingNotice.Status.PUBLISHED
    assert notice.doc_number == "黑工办发〔2021〕35号"
    assert notice.published_by.username == "staff"
    final = list(final_list(notice.campaign))
    assert sum(len(group["people"]) for group in notice.entries) == len(final) == 7
    registered = Craftsman.objects.filter(nomination__in=[e.nomination_id for e in final])
    assert registered.count() == 7
    assert "Naming notice: 黑工办发〔2021〕35号 published, 7 craftsmen registered." in output
    response = client.get(reverse("public:naming_pdf", args=[2021]))
    assert response.content == stored_pdf(notice)
    assert verify_chain().ok


def test_seed_demo_award_creates_the_2022_campaign_from_2021_not_running(seed_demo):
    output = seed_demo(stage="award", nominations=30)

    running = Campaign.objects.get(is_running=True)
    following = Campaign.objects.get(year=2022)
    assert running.year == 2021
    assert following.copied_from == running
    assert following.title == "2022年“龙江工匠”选树"
    assert following.notice_ref == ""
    assert Dimension.objects.filter(campaign=following).count() == (
        Dimension.objects.filter(campaign=running).count()
    )
    assert set(Panel.objects.filter(campaign=following).values_list("name", flat=True)) == set(
        Panel.objects.filter(campaign=running).values_list("name", flat=True)
    )
    assert PublicitySettings.objects.filter(campaign=following).exists() == (
        PublicitySettings.objects.filter(campaign=running).exists()
    )
    assert carried_experts(following).count() == running.experts.count() > 0
    assert "Campaign 2022 created from 2021 (not running yet)." in output
    assert verify_chain().ok
