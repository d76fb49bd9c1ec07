"""Objections (异议) raised during publicity, their evidence and their handling.

Who complained is confidential: only staff with the objection-handling flag see
it, through a selector that audits each view; units and experts never do.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from longjiang.pii import EncryptedTextField
from nominations.models import Campaign, Nomination
from publicity.models.notices import Notice
from publicity.workflow import ObjectionStatus


class Source(models.TextChoices):
    ONLINE = "online", _("网上提交")
    LETTER = "letter", _("来信")
    CALL = "call", _("来电")
    VISIT = "visit", _("来访")
    EMAIL = "email", _("电子邮件")


class ComplainantKind(models.TextChoices):
    PERSON = "person", _("个人")
    UNIT = "unit", _("单位")
    ANONYMOUS = "anonymous", _("匿名")


class Acceptance(models.TextChoices):
    ACCEPTED = "accepted", _("受理")
    NOT_REAL_NAME = "not_real_name", _("非实名，不予受理")
    LATE = "late", _("逾期不予受理")
    # Declined by the handler for another reason, given in the case's note.
    OTHER = "other", _("不予受理（其他原因）")
    # Received (a letter posted in time, say) after the publicity result was recorded:
    # the final list no longer changes; kept as a lead for staff.
    AFTER_RESULT = "after_result", _("公示结果确认后收到，作为线索")


class Outcome(models.TextChoices):
    NOT_TRUE = "not_true", _("反映不实，维持")
    PARTLY_TRUE = "partly_true", _("部分属实，不影响")
    UPHELD = "upheld", _("查实，取消资格")


class Objection(models.Model):
    """One objection against one listed person, from whichever channel it came."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="objections")
    notice = models.ForeignKey(
        Notice, on_delete=models.PROTECT, related_name="objections", verbose_name=_("公示公告")
    )
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("被反映人"),
    )
    # Given to the complainant; not secret (the private code is).
    receipt_number = models.CharField(_("受理编号"), max_length=20, unique=True)
    # A password hash of the private lookup code; the code itself is shown once.
    lookup_code_hash = models.CharField(max_length=128, editable=False)
    source = models.CharField(_("反映方式"), max_length=8, choices=Source.choices)
    status = models.CharField(
        _("状态"),
        max_length=24,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.RECEIVED,
    )
    acceptance = models.CharField(
        _("受理情况"), max_length=16, choices=Acceptance.choices, default=Acceptance.ACCEPTED
    )

    # The complainant: confidential.
    complainant_kind = models.CharField(
        _("反映人类型"), max_length=10, choices=ComplainantKind.choices
    )
    complainant_name = models.CharField(_("姓名"), max_length=50, blank=True)
    complainant_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    complainant_phone = EncryptedTextField(_("联系电话"), blank=True)
    complainant_address = EncryptedTextField(_("联系地址"), blank=True)
    complainant_email = EncryptedTextField(_("电子邮箱"), blank=True)
    # A unit's objection carries its official seal (加盖公章); staff confirm it on paper.
    unit_sealed = models.BooleanField(_("已加盖单位公章"), default=False)

    facts = models.TextField(_("反映的问题"), max_length=5000)
    declared_truthful = models.BooleanField(_("已声明所反映情况属实"), default=False)

    # When it reached the federation; for a letter, the postmark date decides lateness.
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now)
    postmark_date = models.DateField(_("邮戳日期"), null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    # 核查 by the recommending unit.
    verification_due = models.DateField(_("核查报告报送期限"), null=True, blank=True)
    sent_at = models.DateTimeField(_("转核查时间"), null=True, blank=True)
    # What staff ask the unit to verify; the unit's clerk reads it (never the complainant).
    verification_note = models.TextField(_("核查要求"), max_length=2000, blank=True)
    # The case as forwarded to the unit: the facts as the handler edited them so that
    # nothing in them identifies the complainant. The unit's clerk reads this, never
    # ``facts`` (a complainant often names themself there). Empty until sent.
    forwarded_facts = models.TextField(_("转推荐单位核查的问题"), max_length=5000, blank=True)
    report_name = models.CharField(_("核查报告文件名"), max_length=200, blank=True)
    report_storage_name = models.CharField(max_length=100, blank=True)
    report_sha256 = models.CharField(max_length=64, blank=True)
    report_submitted_at = models.DateTimeField(_("核查报告报送时间"), null=True, blank=True)
    report_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    # The outcome and the reply.
    outcome = models.CharField(_("办理结果"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("办理意见"), max_length=2000, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The list version whose council decision removed the person after an upheld
    # objection (publicity.services.revisions); empty until then.
    applied_in = models.ForeignKey(
        "review.ListVersion",
        on_delete=models.PROTECT,
        related_name="applied_objections",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("据以变更名单的版本"),
    )
    reply_text = models.TextField(_("答复内容"), max_length=2000, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "received_at", "pk"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ObjectionStatus.DECIDED) | ~Q(outcome=""),
                name="decided_objection_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(source="letter") | Q(postmark_date__isnull=False),
                name="letter_has_postmark",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number


class Evidence(models.Model):
    """A file the complainant attached (the platform's upload rules apply)."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="evidence")
    original_name = models.CharField(_("文件名"), max_length=200)
    storage_name = models.CharField(max_length=100, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("字节数"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["objection", "pk"]
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")

    def __str__(self) -> str:
        return self.original_name
