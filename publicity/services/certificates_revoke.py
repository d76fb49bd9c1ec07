"""Revoking a certificate (撤销荣誉证书), e.g. after a later disqualification.

A revocation is final: the certificate keeps its serial (numbers are never
reused), its verification page shows 已撤销 with the date from then on, and the
reason stays inside the portal (the audit trail and the staff's pages), never on
a public page. A mistaken revocation is not undone by the portal; it is put
right by a decision outside it and a note in the audit trail, as for any other
final act (docs/operator-guide.md).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.accounts.roles import is_provincial
from longjiang.audit.services import record_event
from longjiang.dates import show_datetime
from longjiang.exceptions import DomainError
from publicity.models import Certificate, ShowcaseProfile
from publicity.services.showcase import take_down_locked

# The reason recorded when a revocation takes the holder's public profile down.
SHOWCASE_REASON = "证书已撤销"

# As long as the model's field allows.
REASON_MAX_LENGTH = 500


class AlreadyRevoked(DomainError):
    """The certificate was revoked before; it cannot be revoked twice."""


def revoke_certificate(certificate: Certificate, *, actor: User, reason: str) -> Certificate:
    """Revoke ``certificate`` for ``reason``; return it revoked.

    Locks the row, so two staff members revoking at once end with one revocation
    and one clear refusal. Audited as ``award.certificate_revoked`` (serial,
    nomination, reason). In the same transaction the holder's public profile on
    the showcase (宣传往届), if published, is taken down (audited as
    ``award.showcase_unpublished``, reason 证书已撤销); ``showcase_taken_down`` on
    the returned certificate says whether that happened.
    """
    if not is_provincial(actor):
        raise DomainError(_("只有省总工会工作人员可以撤销荣誉证书。"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写撤销理由。"))
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(_("撤销理由最多%(count)d个字。") % {"count": REASON_MAX_LENGTH})
    with transaction.atomic():
        locked = (
            Certificate.objects.select_for_update()
            .select_related("nomination__unit")
            .get(pk=certificate.pk)
        )
        if locked.revoked:
            raise AlreadyRevoked(
                _("证书 %(serial)s 已于%(when)s撤销，不能重复撤销。")
                % {"serial": locked.serial, "when": show_datetime(locked.revoked_at)}
            )
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.revoke_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        record_event(
            "award.certificate_revoked",
            actor=actor,
            subject=locked,
            unit=locked.nomination.unit,
            data={"serial": locked.serial, "nomination": locked.nomination_id, "reason": reason},
        )
        profile = (
            ShowcaseProfile.objects.select_for_update(of=("self",))
            .select_related("craftsman__unit")
            .filter(craftsman__nomination_id=locked.nomination_id)
            .first()
        )
        locked.showcase_taken_down = bool(profile and profile.published)
        if locked.showcase_taken_down:
            take_down_locked(profile, actor=actor, reason=SHOWCASE_REASON)
    return locked
