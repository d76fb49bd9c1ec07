"""The award after the final list: certificates (荣誉证书), payments of the award
(奖励发放), the naming notice (通报) and the public profiles of past craftsmen."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nominations.models import Campaign, Craftsman, Nomination
from publicity.workflow import NamingStatus


class Certificate(models.Model):
    """One person's certificate. The serial and the token are allocated once, in a
    transaction, and never change or return (``publicity.services.certificates``);
    the printed fields are copied at allocation so a reprint reads the same."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="certificates")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="certificates"
    )
    # 1-based, in final-list order; the serial is "LJGJ-2021-001".
    number = models.PositiveSmallIntegerField(_("序号"))
    serial = models.CharField(_("证书编号"), max_length=32, unique=True)
    # What the QR code carries: random, unguessable, not derived from the serial.
    token = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(_("姓名"), max_length=50)
    employer_name = models.CharField(_("工作单位"), max_length=100)
    issued_on = models.DateField(_("颁发日期"))
    allocated_at = models.DateTimeField(_("编号分配时间"))
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.TextField(_("撤销理由"), max_length=500, blank=True)

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("荣誉证书")
        verbose_name_plural = _("荣誉证书")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="certificate_number_once"),
            models.UniqueConstraint(
                fields=["campaign", "nomination"], name="certificate_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class Payment(models.Model):
    """The award paid to one person on the final list (奖励发放), recorded by staff."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="payments")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="payments")
    amount = models.PositiveIntegerField(_("金额（元）"))
    paid_on = models.DateField(_("发放日期"))
    voucher = models.CharField(_("凭证号"), max_length=50)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("奖励发放记录")
        verbose_name_plural = _("奖励发放记录")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "nomination"], name="payment_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.voucher}"


class NamingNotice(models.Model):
    """关于选树20XX年“龙江工匠”的通报: the final list by unit, as a document and, once
    published, a public page. What it lists is copied at publication."""

    # The lifecycle's table is publicity.workflow.NAMING; published is final.
    Status = NamingStatus

    campaign = models.OneToOneField(
        Campaign, on_delete=models.PROTECT, related_name="naming_notice"
    )
    title = models.CharField(_("标题"), max_length=100)
    doc_number = models.CharField(_("文号"), max_length=50, blank=True)
    issued_on = models.DateField(_("成文日期"))
    body = models.TextField(_("正文"), max_length=4000)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # At publication: [{"unit": ..., "people": [{"name", "employer_name", "post"}]}, ...].
    entries = models.JSONField(default=list, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("命名通报")
        verbose_name_plural = _("命名通报")

    def __str__(self) -> str:
        return self.title


class ShowcaseProfile(models.Model):
    """What the public showcase shows of one past craftsman; staff decide each part.

    The photo is shown only with its own consent, separate from the consent to
    publish the name on the list."""

    craftsman = models.OneToOneField(Craftsman, on_delete=models.CASCADE, related_name="profile")
    published = models.BooleanField(_("公开展示"), default=False)
    show_employer = models.BooleanField(_("显示工作单位"), default=True)
    show_post = models.BooleanField(_("显示职务/岗位/工种"), default=True)
    show_deeds = models.BooleanField(_("显示简要事迹"), default=True)
    # The public text of the deeds, edited by staff from the register's.
    deeds = models.TextField(_("简要事迹（公开文本）"), max_length=600, blank=True)
    photo = models.CharField(max_length=100, blank=True, editable=False)
    photo_consent = models.BooleanField(_("本人同意公开照片"), default=False)
    photo_consent_note = models.CharField(
        _("照片公开同意依据"),
        max_length=200,
        blank=True,
        help_text=_("如：本人签署的照片公开同意书（2021年9月20日）。"),
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("往届工匠展示")
        verbose_name_plural = _("往届工匠展示")
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | Q(photo_consent=True),
                name="showcase_photo_needs_consent",
                violation_error_message=_("没有本人同意，不能公开照片。"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.craftsman)
