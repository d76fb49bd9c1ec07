"""A unit's contact for its Attachment 2, kept by the unit's clerks."""

from django.db import transaction
from django.utils.translation import gettext as _

from longjiang.accounts.models import Unit, User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from nominations.models import Campaign, UnitContact


def set_unit_contact(
    campaign: Campaign, *, unit: Unit, actor: User, name: str, phone: str
) -> UnitContact:
    """Set the person and work phone printed as 填报人 and 联系电话 on the unit's Attachment 2."""
    if not unit.recommends:
        raise DomainError(_("该单位不是推荐单位。"))
    with transaction.atomic():
        contact = (
            UnitContact.objects.select_for_update().filter(campaign=campaign, unit=unit).first()
        )
        created = contact is None
        if created:
            contact = UnitContact(campaign=campaign, unit=unit)
        changed = [
            key
            for key, value in (("name", name), ("phone", phone))
            if getattr(contact, key) != value
        ]
        contact.name, contact.phone, contact.updated_by = name, phone, actor
        contact.save()
        # The phone is the contact's work number, but numbers never go into the trail.
        record_event(
            "nomination.unit_contact_set",
            actor=actor,
            subject=contact,
            unit=unit,
            data={"name": name, "changed": changed, "created": created},
        )
    return contact
