"""The nominations stage's parts of next year's campaign: the units' contacts.

The campaign's own settings are copied by ``create_next_campaign`` itself; this
registers the per-campaign records of the stage with ``longjiang.campaigns``.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from longjiang.accounts.models import User
from longjiang.campaigns import PartSummary, register_copier
from nominations.models import Campaign, UnitContact


def copy_unit_contacts(source: Campaign, target: Campaign, *, actor: User) -> None:
    """Carry each unit's Attachment 2 contact over; its clerks correct it if it changed."""
    UnitContact.objects.bulk_create(
        UnitContact(
            campaign=target,
            unit_id=contact.unit_id,
            name=contact.name,
            phone=contact.phone,
            updated_by=actor,
        )
        for contact in UnitContact.objects.filter(campaign=source).order_by("pk")
    )


def describe_unit_contacts(campaign: Campaign) -> PartSummary | None:
    count = UnitContact.objects.filter(campaign=campaign).count()
    return PartSummary(
        label=_("汇总表联系人"),
        lines=[_("%(count)s个推荐单位的填报人和联系电话") % {"count": count}],
        to_check=[_("各推荐单位填报员登录后在“本单位推荐”页核对本单位的联系人。")] if count else [],
        link_url=reverse("nominations:list"),
        link_text=_("推荐汇总"),
    )


register_copier(
    "nominations.unit_contacts",
    label=_lazy("汇总表联系人"),
    copy=copy_unit_contacts,
    order=100,
    describe=describe_unit_contacts,
)
