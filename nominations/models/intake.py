"""The year's campaign and its nominations (Attachment 1, 推荐申报审批表).

Labels are the official form's wording; the order in which fields appear on
screens and documents is kept in ``attachment1.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import Unit
from longjiang.pii import EncryptedTextField
from nominations import codes
from nominations.workflow import Status


class Campaign(models.Model):
    """One year's selection and the settings of its notice."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("活动名称"), max_length=100)
    notice_ref = models.CharField(_("通知文号"), max_length=50, blank=True)
    quota = models.PositiveIntegerField(_("选树名额"), default=100)
    electronic_deadline = models.DateTimeField(_("电子材料截止时间"))
    paper_deadline = models.DateTimeField(_("纸质材料截止时间"))
    award_amount = models.PositiveIntegerField(_("每人奖励金额（元）"), default=5000)
    publicity_working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    focus_industries = models.TextField(_("重点关注产业"), max_length=1000, blank=True)
    contact_department = models.CharField(_("联系部门"), max_length=100, blank=True)
    contact_people = models.CharField(_("联系人"), max_length=100, blank=True)
    contact_phones = models.CharField(_("联系电话"), max_length=200, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    postal_address = models.CharField(_("邮寄地址"), max_length=200, blank=True)
    # The campaign the portal runs: chosen explicitly by staff (at most one), never
    # "the newest". Earlier campaigns stay readable, read-only.
    is_running = models.BooleanField(_("当前运行的选树活动"), default=False)
    # Someone already named 龙江工匠 (nominations.models.laureates) nominated again:
    # flagged to the unit and at the first check; this decides whether it blocks.
    repeat_nominee_blocks = models.BooleanField(
        _("往届已获评人员不得再次推荐"),
        default=False,
        help_text=_("勾选后，推荐往届已获评“龙江工匠”的人员时不能提交；不勾选时仅作提示。"),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("复制自"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("选树活动")
        verbose_name_plural = _("选树活动")
        constraints = [
            models.CheckConstraint(
                condition=Q(paper_deadline__gte=models.F("electronic_deadline")),
                name="paper_deadline_after_electronic",
                violation_error_message=_("纸质材料截止时间不能早于电子材料截止时间。"),
            ),
            models.UniqueConstraint(
                fields=["is_running"],
                condition=Q(is_running=True),
                name="one_running_campaign",
                violation_error_message=_("只能有一个当前运行的选树活动。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DeadlineExtension(models.Model):
    """A later electronic deadline granted to one unit; granted only through the service."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(Unit, verbose_name=_("推荐单位"), on_delete=models.PROTECT)
    extended_until = models.DateTimeField(_("延长至"))
    reason = models.TextField(_("延期理由"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("批准时间"), default=timezone.now)

    class Meta:
        verbose_name = _("截止时间延期")
        verbose_name_plural = _("截止时间延期")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_extension_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.extended_until:%Y-%m-%d %H:%M}"


class Nomination(models.Model):
    """One candidate nominated by a unit: the content of Attachment 1."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="nominations")
    unit = models.ForeignKey(
        Unit, verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="nominations"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    unit_rank = models.PositiveIntegerField(_("推荐排序"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("最后修改时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # Failed automatic checks at the last submission (see nominations.checklist).
    warning_count = models.PositiveSmallIntegerField(_("提示数"), default=0)
    # The employer's credit code fails its checksum; set by the services that write the
    # code and at submission. A warning only: some early pilot codes are valid yet fail it.
    credit_code_suspect = models.BooleanField(
        _("统一社会信用代码校验位不符"), default=False, editable=False
    )
    # Set when the council locks a list the nomination is on; from then on no service
    # changes it (``nominations.services.common.refuse_if_locked``).
    locked_at = models.DateTimeField(_("名单锁定时间"), null=True, blank=True, editable=False)
    locked_by_list = models.CharField(_("锁定依据"), max_length=100, blank=True, editable=False)

    # Identity.
    name = models.CharField(_("姓名"), max_length=50)
    # The 姓氏笔画 sort key of the name (longjiang.collation), kept by the services.
    name_order = models.CharField(max_length=500, blank=True, editable=False, db_index=True)
    sex = models.CharField(_("性别"), max_length=1, choices=codes.Sex.choices, blank=True)
    ethnicity = models.CharField(
        _("民族"), max_length=2, choices=codes.Ethnicity.choices, blank=True
    )
    birth_month = models.DateField(_("出生年月"), null=True, blank=True)
    political_status = models.CharField(
        _("政治面貌"), max_length=2, choices=codes.PoliticalStatus.choices, blank=True
    )
    nationality = models.CharField(
        _("国籍"),
        max_length=8,
        choices=codes.Nationality.choices,
        default=codes.Nationality.CHINA,
        blank=True,
    )
    nationality_note = models.CharField(_("非中国籍说明"), max_length=200, blank=True)
    id_number = EncryptedTextField(_("公民身份号码"), blank=True)
    # NULL, not "", for "no number yet": NULLs never collide in the unique constraint.
    id_number_index = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, editable=False
    )
    id_number_masked = models.CharField(
        _("公民身份号码"), max_length=18, blank=True, editable=False
    )
    education = models.CharField(
        _("文化程度"), max_length=2, choices=codes.Education.choices, blank=True
    )
    employment_start = models.DateField(_("参加工作时间"), null=True, blank=True)

    # Work.
    employer_name = models.CharField(_("工作单位（全称）"), max_length=100, blank=True)
    employer_credit_code = models.CharField(_("单位统一社会信用代码"), max_length=18, blank=True)
    employer_nature = models.CharField(
        _("单位性质"), max_length=24, choices=codes.EmployerNature.choices, blank=True
    )
    industry = models.CharField(
        _("所属行业"), max_length=1, choices=codes.Industry.choices, blank=True
    )
    department = models.CharField(_("所在部门"), max_length=100, blank=True)
    post = models.CharField(_("岗位"), max_length=100, blank=True)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    frontline_category = models.CharField(
        _("一线岗位类别"), max_length=16, choices=codes.FrontlineCategory.choices, blank=True
    )
    occupation = models.CharField(_("职业（工种）"), max_length=100, blank=True)
    years_in_trade = models.PositiveSmallIntegerField(
        _("从事本职业（工种）年限"), null=True, blank=True
    )

    # Qualifications.
    skill_level = models.PositiveSmallIntegerField(
        _("职业技能等级"), choices=codes.SkillLevel.choices, null=True, blank=True
    )
    skill_obtained_on = models.DateField(_("技能等级取得时间"), null=True, blank=True)
    skill_certificate_no = models.CharField(_("技能等级证书编号"), max_length=50, blank=True)
    skill_certificate_issuer = models.CharField(_("发证机构"), max_length=100, blank=True)
    title_series = models.CharField(
        _("职称系列"), max_length=32, choices=codes.TitleSeries.choices, blank=True
    )
    title_level = models.CharField(
        _("专业技术职称"), max_length=16, choices=codes.TitleLevel.choices, blank=True
    )
    title_obtained_on = models.DateField(_("职称取得时间"), null=True, blank=True)

    # The notice's five conditions; at least one is required at submission.
    criteria = models.JSONField(_("符合条件"), default=list, blank=True)

    # Narrative.
    # Counted without whitespace the deeds are limited to 300 and 1500 characters
    # (attachment1.DEEDS_LIMITS); these bounds also leave room for line breaks.
    brief_deeds = models.TextField(_("简要事迹"), max_length=600, blank=True)
    main_deeds = models.TextField(_("主要事迹"), max_length=3000, blank=True)

    # Contact, internal only.
    mobile = EncryptedTextField(_("手机"), blank=True)
    office_phone = models.CharField(_("办公电话"), max_length=30, blank=True)
    address = models.CharField(_("通讯地址"), max_length=200, blank=True)
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)

    # Eligibility declarations of the notice, and the nominee's pledge and consent.
    union_joined = models.DateField(_("入会时间"), null=True, blank=True)
    declares_union_member = models.BooleanField(_("本人是工会会员"), default=False)
    declares_in_service = models.BooleanField(
        _("本人为在职职工，且在一线从事生产、技术、研发等工作"), default=False
    )
    declares_not_retired = models.BooleanField(
        _("本人不是退休职工（退休返聘视同退休）"), default=False
    )
    declares_not_senior_cadre = models.BooleanField(
        _("本人不是副厅（局）级及以上领导干部"), default=False
    )
    declares_not_party_managed_head = models.BooleanField(
        _("本人不是由各级党委组织人事部门管理的企事业单位负责人"), default=False
    )
    declares_truthful = models.BooleanField(
        _("本人承诺所填信息及所附材料真实准确，如有弄虚作假，自愿取消申报资格"), default=False
    )
    consents_publication = models.BooleanField(
        _("本人同意在公示和表彰中公开姓名、工作单位及职务（岗位）"), default=False
    )

    # Opinions.
    # The opinion boxes of the printed form hold a few lines each.
    employer_opinion = models.TextField(_("所在单位意见"), max_length=500, blank=True)
    recommendation_opinion = models.TextField(_("推荐单位推荐意见"), max_length=500, blank=True)

    class Meta:
        ordering = ["unit__sort_order", "unit_rank", "id"]
        verbose_name = _("推荐人选")
        verbose_name_plural = _("推荐人选")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "id_number_index"],
                condition=Q(id_number_index__isnull=False) & ~Q(status=Status.CANCELLED),
                name="one_active_nomination_per_person",
                violation_error_message=_("该公民身份号码已在本年度被推荐，不能重复推荐。"),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="version_positive"),
        ]
        indexes = [
            models.Index(fields=["campaign", "unit", "status"]),
            models.Index(fields=["campaign", "status"]),
        ]

    def __str__(self) -> str:
        return self.name or str(_("（未填写姓名）"))

    def get_absolute_url(self) -> str:
        return reverse("nominations:detail", kwargs={"pk": self.pk})

    def get_edit_url(self) -> str:
        return reverse("nominations:edit", kwargs={"pk": self.pk})


class CompetitionAward(models.Model):
    """A competition placing (竞赛获奖), proved by evidence files."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="awards")
    name = models.CharField(_("竞赛名称"), max_length=200)
    organiser = models.CharField(_("主办单位"), max_length=200, blank=True)
    level = models.CharField(_("竞赛级别"), max_length=32, choices=codes.CompetitionLevel.choices)
    rank = models.PositiveSmallIntegerField(_("名次（一等奖填1）"))
    awarded_on = models.DateField(_("获奖时间"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("竞赛获奖")
        verbose_name_plural = _("竞赛获奖")
        constraints = [models.CheckConstraint(condition=Q(rank__gte=1), name="award_rank_positive")]

    def __str__(self) -> str:
        return self.name

    @property
    def meets_notice_threshold(self) -> bool:
        return codes.meets_notice_threshold(self.level, self.rank)


class Honour(models.Model):
    """An honour received (主要荣誉), proved by evidence files."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="honours")
    title = models.CharField(_("荣誉名称"), max_length=200)
    conferred_by = models.CharField(_("授予机关"), max_length=200, blank=True)
    awarded_on = models.DateField(_("获得时间"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("主要荣誉")
        verbose_name_plural = _("主要荣誉")

    def __str__(self) -> str:
        return self.title


class Innovation(models.Model):
    """A technical innovation, patent, advanced operating method or standard."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="innovations")
    title = models.CharField(_("成果名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=32, choices=codes.InnovationKind.choices)
    number = models.CharField(_("专利号/标准号"), max_length=50, blank=True)
    obtained_on = models.DateField(_("取得时间"), null=True, blank=True)
    benefit = models.CharField(_("经济社会效益"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("技术创新成果")
        verbose_name_plural = _("技术创新成果")

    def __str__(self) -> str:
        return self.title


class Mentorship(models.Model):
    """Apprentices trained (带徒传技) or an innovation studio led (创新工作室)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="mentorships")
    kind = models.CharField(_("类别"), max_length=16, choices=codes.MentorshipKind.choices)
    name = models.CharField(_("徒弟姓名/工作室名称"), max_length=200)
    level = models.CharField(
        _("工作室级别"), max_length=16, choices=codes.StudioLevel.choices, blank=True
    )
    achievement = models.CharField(_("取得成绩"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("带徒传技与创新工作室")
        verbose_name_plural = _("带徒传技与创新工作室")

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    """An uploaded file: the nominee's photo or evidence for an award or honour.

    Stored under a random name in ``PRIVATE_ROOT`` and served only through the
    permission-checked download view.
    """

    class Kind(models.TextChoices):
        PHOTO = "photo", _("照片")
        EVIDENCE = "evidence", _("佐证材料")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    award = models.ForeignKey(
        CompetitionAward,
        verbose_name=_("证明的竞赛获奖"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
    )
    honour = models.ForeignKey(
        Honour,
        verbose_name=_("证明的荣誉"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
    )
    original_name = models.CharField(_("文件名"), max_length=200)
    storage_name = models.CharField(max_length=100, unique=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination"],
                condition=Q(kind="photo"),
                name="one_photo_per_nomination",
            ),
            models.CheckConstraint(
                condition=Q(award__isnull=True) | Q(honour__isnull=True),
                name="evidence_proves_one_item",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class Revision(models.Model):
    """A snapshot of the nomination's content at each submission."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本"))
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination", "number"]
        verbose_name = _("提交版本")
        verbose_name_plural = _("提交版本")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "number"], name="unique_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id} v{self.number}"
