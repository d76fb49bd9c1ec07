"""The demo's naming notice: staff prepare the 2021 notice, enter its 文号 and publish it,
which adds the final list to the register of craftsmen."""

from django.utils import timezone

from longjiang.demo import DemoRun
from nominations.demo.seeding import seeding_of
from nominations.models import Craftsman
from publicity.models import NamingNotice, PublicityResult
from publicity.services.naming import (
    prepare_naming_notice,
    publish_naming_notice,
    update_naming_notice,
)

# The demo's 文号: invented, in the form of the selection notice's (黑工办发〔2021〕16号).
DOC_NUMBER = "黑工办发〔{year}〕35号"


def seed(run: DemoRun) -> str:
    """Prepare the running campaign's notice with its defaults, number it and publish it."""
    seeding = seeding_of(run)
    campaign, staff = seeding.campaign, seeding.staff
    if not PublicityResult.objects.filter(campaign=campaign).exists():
        return "Naming notice: no publicity result yet; nothing published."
    notice = NamingNotice.objects.filter(campaign=campaign).first()
    if notice is not None and notice.status == NamingNotice.Status.PUBLISHED:
        return f"Naming notice: {notice.doc_number} was already published; nothing added."
    if notice is None:
        notice = prepare_naming_notice(campaign, actor=staff)
    notice = update_naming_notice(
        notice,
        actor=staff,
        title=notice.title,
        doc_number=DOC_NUMBER.format(year=campaign.year),
        issued_on=timezone.localdate(),
        body=notice.body,
    )
    notice = publish_naming_notice(notice, actor=staff, confirmed=True)
    registered = Craftsman.objects.filter(nomination__campaign=campaign).count()
    return f"Naming notice: {notice.doc_number} published, {registered} craftsmen registered."
