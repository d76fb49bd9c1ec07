"""What every nominations export shares: the user's scope and how rows are read."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from longjiang.accounts import roles
from longjiang.accounts.models import Unit, User
from longjiang.dates import show_month
from longjiang.exceptions import DomainError
from nominations.models import Campaign, Nomination
from nominations.selectors import nominations_visible_to

# Rows fetched per round trip when an export iterates over a campaign.
CHUNK_SIZE = 2000


class ExportNotAllowed(DomainError):
    default_message = gettext_lazy("无权导出该单位的材料。")


def visible(campaign: Campaign, user: User | None) -> QuerySet[Nomination]:
    """Return the campaign's nominations the user sees; every one for the operator (None)."""
    qs = Nomination.objects.all() if user is None else nominations_visible_to(user)
    return qs.filter(campaign=campaign)


def scope_unit(user: User | None, unit: Unit | None) -> Unit | None:
    """Return the unit the export is for: the given one, or a clerk's own unit."""
    if user is not None and roles.is_clerk(user):
        if unit is not None and unit.pk != user.unit_id:
            raise ExportNotAllowed
        return unit or user.unit
    return unit


def month(value) -> str:
    return show_month(value) if value else ""
