"""The public profiles of past craftsmen (宣传往届): what each shows, its photo, publication.

Staff decide every part of a profile. The photo has its own consent, separate
from the consent to publish the name: without it no photo is stored (the model's
check constraint says the same), and withdrawing it removes the stored photo.
"""

import io
from contextlib import nullcontext
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image

from longjiang import uploads
from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from longjiang.pii import redact_personal_numbers
from nominations.models import Craftsman
from publicity.models import Certificate, ShowcaseProfile

# Longest side of a photo on the public pages: enough for a profile on a large
# screen, small enough for a phone on a slow connection.
PUBLIC_PHOTO_SIDE = 900
PHOTO_FOLDER = "showcase"
# The fields staff choose, in the order the audit lists what changed.
CHOICES = (
    "show_employer",
    "show_post",
    "show_deeds",
    "deeds",
    "photo_consent",
    "photo_consent_note",
)


class PhotoNeedsConsent(DomainError):
    default_message = _(
        "本人未同意公开照片，不能上传照片。请先取得本人书面同意，勾选“本人同意公开照片”并注明同意依据。"
    )


class PersonalNumberInDeeds(DomainError):
    default_message = _(
        "公开的简要事迹中有疑似身份证号或手机号的数字，请删除后再保存：展示页从不公开个人号码。"
    )


class PersonalNumberInRegister(DomainError):
    """The register's post or employer, shown on the public page, holds a personal number."""


def check_shown_register_fields(
    craftsman: Craftsman, *, show_post: bool, show_employer: bool
) -> None:
    """Refuse to show a post or employer that holds an ID-like or mobile-like number.

    The post and employer come from the register (imported or copied from the
    nomination) and staff cannot edit them here, so the message says where to
    correct them: the register, or hide the field on the public page.
    """
    shown = []
    if show_post and has_personal_number(craftsman.post):
        shown.append(_("岗位（工种）"))
    if show_employer and has_personal_number(craftsman.employer_name):
        shown.append(_("工作单位"))
    if shown:
        raise PersonalNumberInRegister(
            _(
                "名册中的%(fields)s有疑似身份证号或手机号的数字，不能公开：请先在名册中更正，"
                "或取消勾选公开该项。"
            )
            % {"fields": "、".join(str(field) for field in shown)}
        )


def has_personal_number(text: str) -> bool:
    """Whether the text holds a digit run that looks like an ID number or a mobile."""
    return redact_personal_numbers(text) != text


class ConsentNeedsBasis(DomainError):
    default_message = _("请注明本人同意公开照片的依据，如签署同意书的日期。")


class CertificateRevoked(DomainError):
    default_message = _("此人的荣誉证书已撤销，展示页不能公开。")


class AlreadyPublished(DomainError):
    default_message = _("该展示页已经公开。")


class NotPublished(DomainError):
    default_message = _("该展示页尚未公开。")


@dataclass(frozen=True)
class ProfileChoices:
    """What staff chose for a profile on the edit form."""

    show_employer: bool
    show_post: bool
    show_deeds: bool
    deeds: str
    photo_consent: bool
    photo_consent_note: str = ""


def initial_deeds(craftsman: Craftsman) -> str:
    """The public deeds text a new profile starts from: the register's brief deeds."""
    return craftsman.brief_deeds


def _public_photo(clean: uploads.CleanFile) -> uploads.CleanFile:
    """Scale the cleaned photo down to the public pages' size, as a JPEG."""
    with Image.open(io.BytesIO(clean.content)) as image:
        image.load()
        image.thumbnail((PUBLIC_PHOTO_SIDE, PUBLIC_PHOTO_SIDE))
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    return uploads.CleanFile(content=out.getvalue(), fmt="jpg", original_name="")


def clean_photo(upload: UploadedFile) -> uploads.CleanFile:
    """Check an uploaded photo (JPG or PNG, size, pixels) and return it ready to store.

    Raises ``ValidationError`` with the upload's problem; call before ``save_profile``
    so the form can show it next to the field.
    """
    return _public_photo(uploads.clean_upload(upload, kind="photo"))


def _lock(craftsman: Craftsman) -> ShowcaseProfile | None:
    """Lock the craftsman's row, then return their profile (None before the first save).

    The craftsman's row is locked first because a profile that does not exist yet
    cannot be locked: two first saves at once would both insert and the second fail
    on the one-to-one constraint. With the craftsman locked the second waits, then
    finds and updates the first one's profile.
    """
    Craftsman.objects.select_for_update().filter(pk=craftsman.pk).values_list("pk").get()
    return ShowcaseProfile.objects.select_for_update().filter(craftsman=craftsman).first()


def save_profile(
    craftsman: Craftsman,
    *,
    actor: User,
    choices: ProfileChoices,
    photo: uploads.CleanFile | None = None,
    remove_photo: bool = False,
) -> ShowcaseProfile:
    """Create or update a craftsman's profile with what staff chose, and its photo.

    A new photo needs the photo consent (checked or given in the same save) with its
    basis; withdrawing the consent, or ``remove_photo``, removes the stored photo. A
    published profile changes on the public pages at once.
    """
    if choices.photo_consent and not choices.photo_consent_note.strip():
        raise ConsentNeedsBasis()
    if photo is not None and not choices.photo_consent:
        raise PhotoNeedsConsent()
    if has_personal_number(choices.deeds):
        raise PersonalNumberInDeeds()
    check_shown_register_fields(
        craftsman, show_post=choices.show_post, show_employer=choices.show_employer
    )
    storing = uploads.stored(photo, folder=PHOTO_FOLDER) if photo is not None else nullcontext("")
    with storing as storage_name, transaction.atomic():
        profile = _lock(craftsman)
        created = profile is None
        if created:
            profile = ShowcaseProfile(craftsman=craftsman)
        before = {field: getattr(profile, field) for field in CHOICES}
        for field in CHOICES:
            setattr(profile, field, getattr(choices, field))
        profile.deeds = choices.deeds.strip()
        profile.photo_consent_note = choices.photo_consent_note.strip()
        if not profile.photo_consent:
            profile.photo_consent_note = ""
        old_photo = profile.photo
        if storage_name:
            profile.photo = storage_name
        elif remove_photo or not profile.photo_consent:
            profile.photo = ""
        profile.updated_by = actor
        profile.full_clean(exclude=["craftsman", "updated_by"])
        profile.save()
        changed = [field for field in CHOICES if before[field] != getattr(profile, field)]
        record_event(
            "award.showcase_created" if created else "award.showcase_updated",
            actor=actor,
            subject=profile,
            unit=craftsman.unit,
            data={
                "name": craftsman.name,
                "year": craftsman.year,
                "changed": changed,
                "photo_added": bool(storage_name),
                "photo_removed": bool(old_photo) and profile.photo != old_photo,
                "sha256": photo.sha256 if storage_name else "",
            },
        )
        if old_photo and profile.photo != old_photo:
            transaction.on_commit(lambda: uploads.discard(old_photo))
    return profile


def publish_profile(profile: ShowcaseProfile, *, actor: User) -> ShowcaseProfile:
    """Show the profile on the public showcase."""
    with transaction.atomic():
        locked = ShowcaseProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.published:
            raise AlreadyPublished()
        if Certificate.objects.filter(
            nomination__craftsman__profile=locked, revoked_at__isnull=False
        ).exists():
            raise CertificateRevoked()
        check_shown_register_fields(
            locked.craftsman, show_post=locked.show_post, show_employer=locked.show_employer
        )
        locked.published = True
        locked.published_at = timezone.now()
        locked.updated_by = actor
        locked.save(update_fields=["published", "published_at", "updated_by", "updated_at"])
        record_event(
            "award.showcase_published",
            actor=actor,
            subject=locked,
            unit=locked.craftsman.unit,
            data={
                "name": locked.craftsman.name,
                "year": locked.craftsman.year,
                "photo": bool(locked.photo),
            },
        )
    return locked


def unpublish_profile(
    profile: ShowcaseProfile, *, actor: User, reason: str = ""
) -> ShowcaseProfile:
    """Take the profile off the public showcase; what it shows is kept for later."""
    with transaction.atomic():
        locked = ShowcaseProfile.objects.select_for_update().get(pk=profile.pk)
        if not locked.published:
            raise NotPublished()
        take_down_locked(locked, actor=actor, reason=reason)
    return locked


def take_down_locked(locked: ShowcaseProfile, *, actor: User, reason: str) -> None:
    """Unpublish a published profile the caller has locked inside its transaction.

    Shared by ``unpublish_profile`` and the certificate revocation, which takes the
    holder's profile down in the same transaction as the revocation.
    """
    locked.published = False
    locked.published_at = None
    locked.updated_by = actor
    locked.save(update_fields=["published", "published_at", "updated_by", "updated_at"])
    record_event(
        "award.showcase_unpublished",
        actor=actor,
        subject=locked,
        unit=locked.craftsman.unit,
        data={
            "name": locked.craftsman.name,
            "year": locked.craftsman.year,
            "reason": reason.strip(),
        },
    )
