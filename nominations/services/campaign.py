"""Staff's writes to the campaign: its settings, one unit's later deadline, which
campaign runs, and next year's campaign."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import Unit, User
from longjiang.audit.services import record_event
from longjiang.campaigns import copiers as campaign_copiers
from longjiang.campaigns import next_year
from longjiang.exceptions import DomainError
from nominations.models import Campaign, DeadlineExtension
from nominations.selectors import campaign_list_locked

# The settings next year's campaign takes over as they are; the deadlines move a
# year on and the notice reference is left for the new notice.
COPIED_FIELDS = (
    "quota",
    "award_amount",
    "publicity_working_days",
    "focus_industries",
    "contact_department",
    "contact_people",
    "contact_phones",
    "contact_email",
    "postal_address",
    "repeat_nominee_blocks",
)


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


def set_running_campaign(campaign: Campaign, *, actor: User) -> Campaign:
    """Make ``campaign`` the one the portal runs, in place of the running one.

    Clerks, experts and the council then work on it, and staff pages show it.
    The swap happens in one transaction under a lock of every campaign, so the
    one-running constraint holds at every moment and two staff members choosing
    at once cannot both win.
    """
    with transaction.atomic():
        locked = list(Campaign.objects.select_for_update().order_by("pk"))
        target = next((c for c in locked if c.pk == campaign.pk), None)
        if target is None:
            raise DomainError(_("该选树活动不存在。"))
        if target.is_running:
            raise DomainError(_("%(year)s年度已是当前运行的选树活动。") % {"year": target.year})
        previous = next((c for c in locked if c.is_running), None)
        if previous is not None:
            # First the old one stops: the constraint allows one running row at a time.
            Campaign.objects.filter(pk=previous.pk).update(is_running=False)
        Campaign.objects.filter(pk=target.pk).update(is_running=True)
        record_event(
            "campaign.running_changed",
            actor=actor,
            subject=target,
            data={"year": target.year, "previous": previous.year if previous else None},
        )
    campaign.is_running = True
    return campaign


def next_campaign_title(campaign: Campaign) -> str:
    """Return the title of the campaign after ``campaign``: its year replaced by the next."""
    year, following = str(campaign.year), str(campaign.year + 1)
    if year in campaign.title:
        return campaign.title.replace(year, following)
    return _("%(year)s年%(title)s") % {"year": following, "title": campaign.title}


def create_next_campaign(campaign: Campaign, *, actor: User) -> Campaign:
    """Create next year's campaign from ``campaign``, with every stage's parts copied.

    The campaign's settings, contact block and postal address are copied, its
    deadlines moved a year on and its notice reference left empty for the new
    notice; then each registered copier (``longjiang.campaigns``) copies its
    stage's part. The new campaign does not run until staff say so
    (``set_running_campaign``). Refused when next year's campaign exists.
    """
    with transaction.atomic():
        # Two staff members creating at once: the second waits, then is refused.
        source = Campaign.objects.select_for_update().get(pk=campaign.pk)
        year = source.year + 1
        if Campaign.objects.filter(year=year).exists():
            raise DomainError(_("%(year)s年度的选树活动已经存在。") % {"year": year})
        target = Campaign(
            year=year,
            title=next_campaign_title(source),
            notice_ref="",
            is_running=False,
            copied_from=source,
            electronic_deadline=next_year(source.electronic_deadline),
            paper_deadline=next_year(source.paper_deadline),
            **{name: getattr(source, name) for name in COPIED_FIELDS},
        )
        target.full_clean()
        target.save()
        for copier in campaign_copiers():
            copier.copy(source, target, actor=actor)
        record_event(
            "campaign.next_created",
            actor=actor,
            subject=target,
            data={
                "year": target.year,
                "copied_from": source.year,
                "parts": [str(copier.label) for copier in campaign_copiers()],
            },
        )
    return target
