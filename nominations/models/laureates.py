"""The register of people already named 龙江工匠 (往届龙江工匠名录).

Filled two ways: staff import earlier years' lists (the 2018 batch of 76, say),
and the award stage adds each year's final list when its naming notice is
published. Intake reads it to flag a repeat nominee to the unit and at the first
check (``Campaign.repeat_nominee_blocks`` decides whether that blocks). The
public showcase of past craftsmen (publicity) shows what staff choose of it.

Lives here, not in the award stage, because intake reads it and an earlier stage
never imports a later one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import Unit
from longjiang.pii import EncryptedTextField
from nominations import codes
from nominations.models.intake import Nomination


class Craftsman(models.Model):
    """One person named 龙江工匠 in one year."""

    class Source(models.TextChoices):
        IMPORTED = "imported", _("导入")
        PORTAL = "portal", _("本系统命名")

    year = models.PositiveSmallIntegerField(_("获评年度"))
    name = models.CharField(_("姓名"), max_length=50)
    # 姓氏笔画 key (longjiang.collation), kept like Nomination.name_order.
    name_order = models.CharField(max_length=500, blank=True, editable=False, db_index=True)
    employer_name = models.CharField(_("工作单位"), max_length=100)
    # The recommending city or industry union, where known.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("推荐单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    industry = models.CharField(
        _("所属行业"), max_length=1, choices=codes.Industry.choices, blank=True
    )
    post = models.CharField(_("职务/岗位/工种"), max_length=100, blank=True)
    brief_deeds = models.TextField(_("简要事迹"), max_length=600, blank=True)
    id_number = EncryptedTextField(_("公民身份号码"), blank=True)
    # NULL, not "", for "no number": NULLs never collide in the unique constraint.
    id_number_index = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, editable=False
    )
    id_number_masked = models.CharField(
        _("公民身份号码"), max_length=18, blank=True, editable=False
    )
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    # The nomination the portal named (source "portal"); empty for an import.
    nomination = models.OneToOneField(
        Nomination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="craftsman",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "name_order", "pk"]
        verbose_name = _("往届龙江工匠")
        verbose_name_plural = _("往届龙江工匠名录")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "id_number_index"],
                condition=Q(id_number_index__isnull=False),
                name="craftsman_once_per_year",
                violation_error_message=_("该年度名录中已有此公民身份号码。"),
            ),
        ]
        indexes = [models.Index(fields=["id_number_index"], name="craftsman_id_index")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"
