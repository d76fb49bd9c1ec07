"""The person a unit names for its Attachment 2 (填报人, 联系电话), per campaign."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import Unit
from nominations.models.intake import Campaign


class UnitContact(models.Model):
    """The unit's contact for one campaign, kept up to date by its clerks.

    Printed in the header of the unit's Attachment 2. The phone is the contact's
    work number, which the province is meant to call; it is not a nominee's.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="unit_contacts")
    unit = models.ForeignKey(Unit, verbose_name=_("推荐单位"), on_delete=models.PROTECT)
    name = models.CharField(_("填报人"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("最后修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("汇总表联系人")
        verbose_name_plural = _("汇总表联系人")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_contact_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.name}"
