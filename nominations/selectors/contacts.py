"""Reads of the units' contacts for Attachment 2."""

from longjiang.accounts.models import Unit
from nominations.models import Campaign, UnitContact


def unit_contact(campaign: Campaign, unit: Unit) -> UnitContact | None:
    """Return the unit's contact for the campaign, or None if its clerks have not named one.

    The caller has checked that the user may see the unit (its clerk, or staff).
    """
    return UnitContact.objects.filter(campaign=campaign, unit=unit).first()
