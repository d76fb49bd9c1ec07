"""Uploading and removing a nomination's photo and evidence files."""

from django.db import transaction

from longjiang import uploads
from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from nominations.models import Attachment, CompetitionAward, Honour, Nomination
from nominations.services.common import NotEditable, lock
from nominations.workflow import EDITABLE_STATES


def add_attachment(
    nomination: Nomination,
    *,
    actor: User,
    kind: str,
    upload,
    award: CompetitionAward | None = None,
    honour: Honour | None = None,
) -> Attachment:
    """Check and store an uploaded photo or evidence file; a new photo replaces the old."""
    clean = uploads.clean_upload(upload, kind=kind)
    with (
        uploads.stored(clean, folder=f"nominations/{nomination.campaign_id}") as storage_name,
        transaction.atomic(),
    ):
        locked = lock(nomination)
        if locked.status not in EDITABLE_STATES:
            raise NotEditable()
        if award is not None and award.nomination_id != locked.pk:
            raise ValueError("award belongs to another nomination")
        if honour is not None and honour.nomination_id != locked.pk:
            raise ValueError("honour belongs to another nomination")
        replaced = []
        if kind == Attachment.Kind.PHOTO:
            replaced = list(locked.attachments.filter(kind=Attachment.Kind.PHOTO))
            for old in replaced:
                old.delete()
        attachment = Attachment.objects.create(
            nomination=locked,
            kind=kind,
            award=award,
            honour=honour,
            original_name=clean.original_name,
            storage_name=storage_name,
            content_type=clean.content_type,
            size=len(clean.content),
            sha256=clean.sha256,
            uploaded_by=actor,
        )
        record_event(
            "nomination.attachment_added",
            actor=actor,
            subject=locked,
            unit=locked.unit,
            data={
                "attachment": attachment.pk,
                "kind": kind,
                "name": clean.original_name,
                "sha256": clean.sha256,
                "award": award.pk if award else None,
                "honour": honour.pk if honour else None,
                "replaced": [old.sha256 for old in replaced],
            },
        )
        for old in replaced:
            transaction.on_commit(lambda name=old.storage_name: uploads.discard(name))
    return attachment


def remove_attachment(attachment: Attachment, *, actor: User) -> None:
    """Delete an uploaded file from a draft."""
    with transaction.atomic():
        locked = lock(attachment.nomination)
        if locked.status not in EDITABLE_STATES:
            raise NotEditable()
        attachment.delete()
        record_event(
            "nomination.attachment_removed",
            actor=actor,
            subject=locked,
            unit=locked.unit,
            data={"name": attachment.original_name, "sha256": attachment.sha256},
        )
        transaction.on_commit(lambda: uploads.discard(attachment.storage_name))
