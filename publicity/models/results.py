"""The result of publicity (公示结果) and the final list (命名名单) it fixes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nominations.models import Campaign
from review.models import ListVersion
from review.models.lists import WriteOnce


class PublicityResult(WriteOnce):
    """Recorded once every notice is closed and every objection decided; never changed."""

    class Kind(models.TextChoices):
        NO_OBJECTION = "no_objection", _("公示无异议")
        HANDLED = "handled", _("异议已处理")

    campaign = models.OneToOneField(
        Campaign, on_delete=models.PROTECT, related_name="publicity_result"
    )
    kind = models.CharField(_("公示结果"), max_length=16, choices=Kind.choices)
    # The last locked version: the final list (命名名单) the award uses.
    final_version = models.OneToOneField(
        ListVersion,
        on_delete=models.PROTECT,
        related_name="publicity_result",
        verbose_name=_("命名名单版本"),
    )
    note = models.TextField(_("说明"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("公示结果")
        verbose_name_plural = _("公示结果")

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.get_kind_display()}"
