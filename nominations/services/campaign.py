"""Staff's writes to the campaign: its settings and one unit's later deadline."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import Unit, User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from nominations.models import Campaign, DeadlineExtension
from nominations.selectors import campaign_list_locked


def save_campaign(campaign: Campaign, *, actor: User, changed: list[str]) -> Campaign:
    """Save the campaign's settings as edited by staff, recording what changed.

    A campaign created while none runs becomes the running one. The quota
    cannot change once a list version is locked: it shaped that list.
    """
    with transaction.atomic():
        created = campaign.pk is None
        if created and not Campaign.objects.filter(is_running=True).exists():
            # The portal's first campaign runs at once; staff choose later ones
            # explicitly (set_running_campaign).
            campaign.is_running = True
            changed = [*changed, "is_running"]
        if not created and "quota" in changed:
            Campaign.objects.select_for_update().get(pk=campaign.pk)
            if campaign_list_locked(campaign):
                raise DomainError(_("名单已经主席办公会议审定并锁定，选树名额不能再修改。"))
        campaign.full_clean()
        campaign.save()
        record_event(
            "campaign.created" if created else "campaign.updated",
            actor=actor,
            subject=campaign,
            data={"changed": sorted(changed)},
        )
    return campaign


def grant_deadline_extension(
    campaign: Campaign, *, unit: Unit, until: datetime, reason: str, actor: User
) -> DeadlineExtension:
    """Give one unit a later electronic deadline than the campaign's."""
    if until <= campaign.electronic_deadline:
        raise DomainError(_("延长后的截止时间须晚于原截止时间。"))
    if not reason.strip():
        raise DomainError(_("请填写延期理由。"))
    with transaction.atomic():
        extension, created = DeadlineExtension.objects.select_for_update().update_or_create(
            campaign=campaign,
            unit=unit,
            defaults={
                "extended_until": until,
                "reason": reason,
                "granted_by": actor,
                "granted_at": timezone.now(),
            },
        )
        record_event(
            "campaign.deadline_extended",
            actor=actor,
            subject=campaign,
            unit=unit,
            data={"until": until.isoformat(), "reason": reason, "replaced": not created},
        )
    return extension
