"""Writes of publicity notices (公示公告): prepare, edit, publish, withdraw, discard.

A notice is prepared from the campaign's newest locked list version, with
explicit dates computed by ``publicity.workdays`` and a cut-off on the last day
(``PublicitySettings.cutoff_time``). Publishing renders the public page (open and
closed) and the notice PDF once, stores them with ``publicity.snapshots`` as
proof of publication, records a ``Snapshot`` row per file, and republishes the
manifest of every published notice of the campaign. Every status change goes
through ``longjiang.workflow.transition``; every write is audited in the same
transaction.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.dates import show_date
from longjiang.exceptions import DomainError
from longjiang.workflow import transition
from nominations.models import Campaign, Nomination
from publicity.models import Channel, Notice, Phase, PublicitySettings
from publicity.workdays import CalendarNotCovered, period
from publicity.workflow import NOTICE, NoticeAction, NoticeStatus
from review.models import ListEntry, ListVersion

__all__ = [
    "CalendarNotCovered",
    "NoticeRefused",
    "contact_block",
    "discard_notice",
    "format_cutoff",
    "format_period",
    "period_for",
    "prepare_notice",
    "publicity_settings",
    "publish_notice",
    "save_publicity_settings",
    "update_notice",
    "withdraw_notice",
]


class NoticeRefused(DomainError):
    default_message = _("该公示公告当前不能执行此操作。")


def publicity_settings(campaign: Campaign) -> PublicitySettings:
    """The campaign's publicity settings, created with the defaults when first needed."""
    found, _created = PublicitySettings.objects.get_or_create(campaign=campaign)
    return found


# --- Dates -------------------------------------------------------------------------------


def closing_moment(ends_on: datetime.date, cutoff: datetime.time) -> datetime.datetime:
    """The cut-off on the last day, in the portal's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(ends_on, cutoff))


def period_for(
    campaign: Campaign, starts_on: datetime.date
) -> tuple[datetime.date, datetime.date, datetime.datetime]:
    """The first day, the last day and the cut-off of a notice starting on ``starts_on``.

    The first day is ``starts_on`` if it is a working day, else the next one.
    Raises ``CalendarNotCovered`` (a message in Chinese) for an uncovered year.
    """
    first, last = period(starts_on, campaign.publicity_working_days)
    cutoff = publicity_settings(campaign).cutoff_time
    return first, last, closing_moment(last, cutoff)


def format_period(starts_on: datetime.date, ends_on: datetime.date) -> tuple[str, str]:
    """2021年9月14日 and 9月18日 (the end's year only when it differs)."""
    start = show_date(starts_on)
    if ends_on.year == starts_on.year:
        from django.utils import formats

        end = formats.date_format(ends_on, "MONTH_DAY_FORMAT")
    else:
        end = show_date(ends_on)
    return start, end


def format_cutoff(closes_at: datetime.datetime) -> str:
    """2021年9月18日17:00."""
    local = timezone.localtime(closes_at)
    return f"{show_date(local.date())}{local:%H:%M}"


# --- Text ------------------------------------------------------------------------------


CONTACT_FIELDS = (
    ("department", "contact_department"),
    ("people", "contact_people"),
    ("phones", "contact_phones"),
    ("email", "contact_email"),
    ("address", "postal_address"),
)


def contact_of(campaign: Campaign) -> dict[str, str]:
    """The campaign's contact fields as a notice stores them."""
    return {key: (getattr(campaign, field) or "").strip() for key, field in CONTACT_FIELDS}


def contact_block(contact: dict) -> str:
    """The contact lines of a notice (联系部门：…), only those with a value."""
    labels = {
        "department": _("联系部门"),
        "people": _("联系人"),
        "phones": _("联系电话"),
        "email": _("电子邮箱"),
        "address": _("通信地址"),
    }
    return "\n".join(
        f"{labels[key]}：{contact[key]}" for key, _field in CONTACT_FIELDS if contact.get(key)
    )


def channels_text(channels: Sequence[str]) -> str:
    """来信、来电、来访、电子邮件、网上提交: the chosen channels and the online form."""
    labels = [str(Channel(value).label) for value in Channel.values if value in channels]
    return "、".join([*labels, _("网上提交")])


def _clean_channels(channels: Iterable[str] | None) -> list[str]:
    if channels is None:
        return list(Channel.values)
    chosen = set(channels)
    unknown = chosen - set(Channel.values)
    if unknown:
        raise NoticeRefused(_("反映渠道有误。"))
    return [value for value in Channel.values if value in chosen]


def _fill(template: str, values: dict) -> str:
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError, AttributeError):
        raise NoticeRefused(
            _("公示标题或正文模板中有无法识别的占位符，请在“公示设置”中修改模板。")
        ) from None


def _template_values(
    campaign: Campaign, *, count, starts_on, ends_on, closes_at, channels, contact
) -> dict:
    start, end = format_period(starts_on, ends_on)
    return {
        "year": campaign.year,
        "count": count,
        "start": start,
        "end": end,
        "days": campaign.publicity_working_days,
        "cutoff": format_cutoff(closes_at),
        "channels": channels_text(channels),
        "contact": contact_block(contact),
    }


# --- Checks ----------------------------------------------------------------------------


def _latest_version(campaign: Campaign) -> ListVersion | None:
    return ListVersion.objects.filter(campaign=campaign).order_by("-number").first()


def _check_version(campaign: Campaign, list_version: ListVersion) -> None:
    if list_version.campaign_id != campaign.pk:
        raise NoticeRefused(_("该名单版本不属于本年度的选树活动。"))
    latest = _latest_version(campaign)
    if latest is None or latest.pk != list_version.pk:
        raise NoticeRefused(
            _("只能依据最新的锁定名单版本（第%(number)s版）起草公示公告。")
            % {"number": latest.number if latest else 1}
        )


def _listed_ids(list_version: ListVersion) -> set[int]:
    return set(
        ListEntry.objects.filter(version=list_version, part=ListEntry.Part.LISTED).values_list(
            "nomination_id", flat=True
        )
    )


def _check_persons(kind: str, list_version: ListVersion, persons: Sequence[Nomination]) -> None:
    if kind == Notice.Kind.MAIN:
        if persons:
            raise NoticeRefused(_("公示公告公示该版本的全部建议人选，不能另选人员。"))
        return
    if not persons:
        raise NoticeRefused(_("补充公示须选择递补人选。"))
    if not {p.pk for p in persons} <= _listed_ids(list_version):
        raise NoticeRefused(_("补充公示的人选须在该名单版本的建议人选中。"))


def _dates(campaign: Campaign, starts_on: datetime.date):
    try:
        return period_for(campaign, starts_on)
    except CalendarNotCovered as error:
        raise NoticeRefused(str(error)) from None


# --- Services ----------------------------------------------------------------------------


def prepare_notice(
    campaign: Campaign,
    *,
    list_version: ListVersion,
    starts_on: datetime.date,
    actor: User,
    kind: str = Notice.Kind.MAIN,
    persons: Sequence[Nomination] = (),
    channels: Iterable[str] | None = None,
) -> Notice:
    """Draft a notice over a locked list version, its dates computed from ``starts_on``."""
    persons = list(persons)
    _check_version(campaign, list_version)
    _check_persons(kind, list_version, persons)
    first, last, closes_at = _dates(campaign, starts_on)
    chosen = _clean_channels(channels)
    contact = contact_of(campaign)
    count = len(persons) if kind == Notice.Kind.SUPPLEMENTARY else len(_listed_ids(list_version))
    settings = publicity_settings(campaign)
    values = _template_values(
        campaign,
        count=count,
        starts_on=first,
        ends_on=last,
        closes_at=closes_at,
        channels=chosen,
        contact=contact,
    )
    title = _fill(settings.title_template, values)
    if kind == Notice.Kind.SUPPLEMENTARY:
        title = _("%(title)s（补充公示）") % {"title": title}
    notice = Notice(
        campaign=campaign,
        list_version=list_version,
        kind=kind,
        title=title[:200],
        text=_fill(settings.text_template, values)[:4000],
        starts_on=first,
        ends_on=last,
        working_days=campaign.publicity_working_days,
        closes_at=closes_at,
        channels=chosen,
        contact=contact,
        prepared_by=actor,
    )
    with transaction.atomic():
        notice = transition(
            notice,
            NoticeAction.PREPARE,
            table=NOTICE,
            actor=actor,
            data={
                "starts_on": first,
                "ends_on": last,
                "closes_at": closes_at,
                "version": list_version.number,
                "kind": kind,
            },
        )
        if persons:
            notice.persons.set(persons)
    return notice


def _draft_guard(notice: Notice) -> None:
    if notice.status != NoticeStatus.DRAFT:
        raise NoticeRefused(_("只有草稿状态的公示公告可以修改。"))


def update_notice(
    notice: Notice,
    *,
    actor: User,
    title: str,
    text: str,
    starts_on: datetime.date,
    channels: Iterable[str],
) -> Notice:
    """Edit a draft; a new start date recomputes the end and the cut-off.

    Where the title or text still carry the old dates as prepared (2021年9月14日,
    9月18日, 2021年9月18日17:00), they are replaced by the new ones.
    """
    chosen = _clean_channels(channels)
    title, text = title.strip(), text.strip()
    if not title or not text:
        raise NoticeRefused(_("请填写标题和正文。"))
    first, last, closes_at = _dates(notice.campaign, starts_on)
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        _draft_guard(locked)
        old = _date_strings(locked.starts_on, locked.ends_on, locked.closes_at)
        new = _date_strings(first, last, closes_at)
        for before, after in zip(old, new, strict=True):
            if before != after:
                title = title.replace(before, after)
                text = text.replace(before, after)
        changes = {
            "title": title[:200],
            "text": text[:4000],
            "starts_on": first,
            "ends_on": last,
            "closes_at": closes_at,
            "channels": chosen,
        }
        changed = [name for name, value in changes.items() if getattr(locked, name) != value]
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["campaign", "list_version", "prepared_by", "published_by"])
        locked.save(update_fields=list(changes))
        record_event(
            "publicity.notice_updated",
            actor=actor,
            subject=locked,
            data={
                "changed": changed,
                "starts_on": first,
                "ends_on": last,
                "closes_at": closes_at,
            },
        )
    return locked


def _date_strings(starts_on, ends_on, closes_at) -> tuple[str, str, str]:
    # The cut-off first: it contains the end date's full form.
    start, end = format_period(starts_on, ends_on)
    return format_cutoff(closes_at), start, end


def _overlapping(notice: Notice) -> Notice | None:
    others = Notice.objects.filter(status=NoticeStatus.PUBLISHED).exclude(pk=notice.pk)
    for other in others:
        if other.opens_at() < notice.closes_at and notice.opens_at() < other.closes_at:
            return other
    return None


def publish_notice(notice: Notice, *, actor: User, confirmed: bool) -> Notice:
    """Publish a draft: render and store the snapshots, then republish the manifest."""
    from publicity import publication

    if not confirmed:
        raise NoticeRefused(_("请确认公示日期、截止时间和名单后再发布。"))
    data: dict = {}

    def guard(locked: Notice) -> None:
        if locked.status != NoticeStatus.DRAFT:
            return  # the table refuses it, with its own message
        if locked.starts_on < timezone.localdate():
            raise NoticeRefused(_("公示开始日期已过，请修改开始日期后再发布。"))
        # The campaign row, as the council's decisions take it: a version approved
        # meanwhile is seen here, and a decision waiting on it sees this notice
        # published (review.freeze then refuses it).
        Campaign.objects.select_for_update().get(pk=locked.campaign_id)
        _check_version(locked.campaign, locked.list_version)
        other = _overlapping(locked)
        if other is not None:
            raise NoticeRefused(
                _("公示期与已发布的“%(title)s”（%(start)s至%(end)s）重叠。")
                % {
                    "title": other.title,
                    "start": show_date(other.starts_on),
                    "end": show_date(other.ends_on),
                }
            )

    def prepare(locked: Notice) -> list[str]:
        locked.published_by = actor
        locked.published_at = timezone.now()
        result = publication.render_snapshots(locked, rendered_at=locked.published_at)
        data.update(
            {
                "starts_on": locked.starts_on,
                "ends_on": locked.ends_on,
                "closes_at": locked.closes_at,
                "version": locked.list_version.number,
                "content_hash": locked.list_version.content_hash,
                "count": result.count,
                "sha256": result.pdf_sha256,
            }
        )
        return ["published_by", "published_at"]

    with transaction.atomic():
        published = transition(
            notice,
            NoticeAction.PUBLISH,
            table=NOTICE,
            actor=actor,
            data=data,
            related=["campaign", "list_version"],
            guard=guard,
            prepare=prepare,
        )
        publication.republish(published.campaign)
    return published


def withdraw_notice(notice: Notice, *, actor: User, reason: str) -> Notice:
    """Withdraw a published notice before it opens; the public page drops it."""
    from publicity import publication

    reason = (reason or "").strip()
    if not reason:
        raise NoticeRefused(_("请填写撤回理由。"))

    def guard(locked: Notice) -> None:
        if locked.status == NoticeStatus.PUBLISHED and locked.phase() != Phase.SCHEDULED:
            raise NoticeRefused(_("公示已经开始，不能撤回。"))

    with transaction.atomic():
        withdrawn = transition(
            notice,
            NoticeAction.WITHDRAW,
            table=NOTICE,
            actor=actor,
            data={"reason": reason},
            guard=guard,
        )
        publication.republish(withdrawn.campaign)
        # Its files leave the public directory (kept privately as proof); audited.
        publication.take_down(withdrawn.campaign, actor=actor)
    return withdrawn


def discard_notice(notice: Notice, *, actor: User) -> Notice:
    """Discard a draft."""
    return transition(notice, NoticeAction.DISCARD, table=NOTICE, actor=actor)


def save_publicity_settings(
    settings: PublicitySettings, *, actor: User, changed: Sequence[str]
) -> PublicitySettings:
    """Save the settings as staff edited them in the admin; audit the changed fields."""
    with transaction.atomic():
        settings.full_clean()
        settings.save()
        record_event(
            "publicity.settings_changed",
            actor=actor,
            subject=settings,
            data={"campaign": settings.campaign.year, "changed": sorted(changed)},
        )
    return settings
