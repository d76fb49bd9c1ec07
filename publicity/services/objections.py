"""Receiving objections (异议): from the public online, or logged by staff from a letter,
a call, a visit or an email.

Every objection is recorded, whatever its merits: one that is late or not real-name
is recorded and then declined through the workflow (不予受理), so that staff still
see it as a lead. The rules, in the order they are applied:

1. **Late** (逾期不予受理). Online, an objection is taken only while its notice is
   live by the clock, so it is never late. A call, a visit or an email is late when
   it was received at or after the notice's cut-off (``closes_at``). A letter is
   judged by its postmark date alone, under the campaign's ``postmark_rule``: the
   postmark date must be on or before the notice's last day (``ends_on``); the
   cut-off time does not apply, a postmark carries no time. Under ``SENT``, the
   date staff enter is the sending post office's postmark (寄出地邮戳: posted by the
   last day); under ``ARRIVED``, it is the arrival post office's postmark
   (到达地邮戳: it reached the local post office by the last day, even if it was
   delivered to the federation after the cut-off).
2. **Not real-name** (非实名): a person must give a name, a phone and an address;
   a unit its name, a phone, an address and its seal (online: the sealed letter
   attached as evidence; on paper: staff confirm the seal). Such an objection
   follows the campaign's ``anonymous_policy``: ``LEAD`` (the default) records it
   and declines it; ``ACCEPT`` takes it like any other.
3. **After the result** (公示结果确认后收到): one that would be accepted but arrives
   after the campaign's publicity result was recorded (a letter posted on the last
   day, under ``SENT``) is recorded and declined as a lead: the final list can no
   longer change. Checked under the campaign's lock, which the result also takes.

The receipt number is ``YY<year>-<NNNN>``, sequential per campaign, allocated under
a lock of the campaign's row. The private code is 10 characters of an unambiguous
alphabet, shown once and stored only as a password hash.
"""

import secrets
from collections.abc import Sequence
from contextlib import ExitStack

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import User
from longjiang.accounts.roles import handles_objections
from longjiang.audit.services import PUBLIC, client_fingerprint
from longjiang.exceptions import DomainError
from longjiang.uploads import CleanFile, stored
from longjiang.workflow import transition
from nominations.models import Campaign, Nomination
from publicity.models import (
    Acceptance,
    AnonymousPolicy,
    ComplainantKind,
    Evidence,
    Notice,
    Objection,
    Phase,
    PublicityResult,
    PublicitySettings,
    Source,
)
from publicity.selectors.objections import is_published_by
from publicity.workflow import OBJECTION, NoticeStatus, ObjectionAction

# No 0/O, 1/I/L: a code read out over the phone or copied by hand stays right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
RECEIPT_PREFIX = "YY"
EVIDENCE_FOLDER = "objections"
MAX_EVIDENCE_FILES = 5


class NotLive(DomainError):
    default_message = _("公示期外不能在网上提交异议。")


class NotListed(DomainError):
    default_message = _("所选人员不在该公示名单中。")


def new_private_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def receipt_prefix(campaign: Campaign) -> str:
    return f"{RECEIPT_PREFIX}{campaign.year}-"


def _next_receipt_number(campaign: Campaign) -> str:
    """Allocate the campaign's next number; the caller's transaction holds the lock."""
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    # The highest number used so far, not the count: after a row is deleted (admin,
    # cleanup), a count would hand out a number already taken.
    prefix = receipt_prefix(campaign)
    used = Objection.objects.filter(
        campaign=campaign, receipt_number__startswith=prefix
    ).values_list("receipt_number", flat=True)
    last = max((int(n[len(prefix) :]) for n in used if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def is_real_name(
    kind: str, *, name: str, unit: str, phone: str, address: str, sealed: bool
) -> bool:
    """Whether the complainant identified themselves as the notice requires."""
    if kind == ComplainantKind.PERSON:
        return bool(name.strip() and phone.strip() and address.strip())
    if kind == ComplainantKind.UNIT:
        return bool(unit.strip() and phone.strip() and address.strip() and sealed)
    return False


def is_late(notice: Notice, *, source: str, received_at, postmark_date) -> bool:
    """Whether the objection came after the notice's cut-off (see the module's rules)."""
    if source == Source.LETTER:
        # Both postmark rules compare a postmark date with the last day; they differ
        # in which post office's postmark staff read and enter (PostmarkRule).
        return postmark_date > notice.ends_on
    return received_at >= notice.closes_at


def receive_objection(
    notice: Notice,
    *,
    nomination: Nomination,
    source: str,
    complainant_kind: str,
    complainant_name: str = "",
    complainant_unit: str = "",
    complainant_phone: str = "",
    complainant_address: str = "",
    complainant_email: str = "",
    unit_sealed: bool = False,
    facts: str,
    declared_truthful: bool,
    evidence: Sequence[CleanFile] = (),
    received_at=None,
    postmark_date=None,
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> tuple[Objection, str]:
    """Record an objection against a person the notice publishes; return it and its code.

    Online (``source=ONLINE``): no actor, the request for the audit's fingerprint,
    only while the notice is live; the time received is now, and a unit's seal is
    its attached letter. From staff: an actor who handles objections, any time
    after the notice opened, with the time received (a letter with its postmark).
    """
    now = timezone.now()
    online = source == Source.ONLINE
    if notice.status != NoticeStatus.PUBLISHED:
        raise DomainError(_("该公示公告未发布，不能登记异议。"))
    if online:
        if actor is not None or request is None:
            raise DomainError(_("网上异议只能由公众提交。"))
        if notice.phase(now) != Phase.LIVE:
            raise NotLive()
        received_at = now
        unit_sealed = complainant_kind == ComplainantKind.UNIT and bool(evidence)
    else:
        if actor is None or not handles_objections(actor):
            raise DomainError(_("只有负责异议处理的省总工会工作人员可以登记异议。"))
        received_at = received_at or now
        if received_at > now:
            raise DomainError(_("收到时间不能晚于现在。"))
        if received_at < notice.opens_at():
            raise DomainError(_("收到时间早于公示开始，不能作为该公示的异议登记。"))
        if source == Source.LETTER:
            if postmark_date is None:
                raise DomainError(_("来信须填写邮戳日期。"))
            if postmark_date > timezone.localtime(received_at).date():
                raise DomainError(_("邮戳日期不能晚于收到日期。"))
        else:
            postmark_date = None
    if not declared_truthful and online:
        raise DomainError(_("须声明所反映情况属实。"))
    if len(evidence) > MAX_EVIDENCE_FILES:
        raise DomainError(_("证明材料最多%(count)d个文件。") % {"count": MAX_EVIDENCE_FILES})
    if not is_published_by(notice, nomination.pk):
        raise NotListed()

    settings_row, _created = PublicitySettings.objects.get_or_create(campaign=notice.campaign)
    if is_late(
        notice,
        source=source,
        received_at=received_at,
        postmark_date=postmark_date,
    ):
        acceptance = Acceptance.LATE
    elif (
        not is_real_name(
            complainant_kind,
            name=complainant_name,
            unit=complainant_unit,
            phone=complainant_phone,
            address=complainant_address,
            sealed=unit_sealed,
        )
        and settings_row.anonymous_policy == AnonymousPolicy.LEAD
    ):
        acceptance = Acceptance.NOT_REAL_NAME
    else:
        acceptance = Acceptance.ACCEPTED

    code = new_private_code()
    public = {"via": PUBLIC, "client": client_fingerprint(request)} if online else {}
    with ExitStack() as files:
        names = [files.enter_context(stored(f, folder=EVIDENCE_FOLDER)) for f in evidence]
        with transaction.atomic():
            receipt_number = _next_receipt_number(notice.campaign)
            if (
                acceptance == Acceptance.ACCEPTED
                and PublicityResult.objects.filter(campaign=notice.campaign).exists()
            ):
                acceptance = Acceptance.AFTER_RESULT
            objection = Objection(
                campaign=notice.campaign,
                notice=notice,
                nomination=nomination,
                receipt_number=receipt_number,
                lookup_code_hash=make_password(code),
                source=source,
                acceptance=acceptance,
                complainant_kind=complainant_kind,
                complainant_name=complainant_name.strip(),
                complainant_unit=complainant_unit.strip(),
                complainant_phone=complainant_phone.strip(),
                complainant_address=complainant_address.strip(),
                complainant_email=complainant_email.strip(),
                unit_sealed=unit_sealed,
                facts=facts.strip(),
                declared_truthful=declared_truthful,
                received_at=received_at,
                postmark_date=postmark_date,
                logged_by=actor,
            )
            objection = transition(
                objection,
                ObjectionAction.RECEIVE,
                table=OBJECTION,
                actor=actor,
                data={
                    "nomination": nomination.pk,
                    "source": source,
                    "acceptance": acceptance,
                    "evidence": len(evidence),
                    **public,
                },
            )
            Evidence.objects.bulk_create(
                Evidence(
                    objection=objection,
                    original_name=clean.original_name,
                    storage_name=name,
                    content_type=clean.content_type,
                    size=len(clean.content),
                    sha256=clean.sha256,
                )
                for clean, name in zip(evidence, names, strict=True)
            )
            if acceptance != Acceptance.ACCEPTED:
                objection = transition(
                    objection,
                    ObjectionAction.DECLINE,
                    table=OBJECTION,
                    actor=actor,
                    data={"nomination": nomination.pk, "acceptance": acceptance, **public},
                )
    return objection, code
