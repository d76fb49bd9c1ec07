"""Users, their roles, and the recommending units (推荐单位)."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """A recommending unit: a 市（地）总工会, a provincial 产业工会, or the province."""

    class Kind(models.TextChoices):
        CITY = "city", _("市（地）总工会")
        INDUSTRY = "industry", _("省产业工会")
        PROVINCE = "province", _("省总工会")

    code = models.CharField(_("单位代码"), max_length=16, unique=True)
    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    kind = models.CharField(_("单位类型"), max_length=16, choices=Kind.choices)
    region_name = models.CharField(_("行政区划"), max_length=40, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("推荐单位")
        verbose_name_plural = _("推荐单位")

    def __str__(self) -> str:
        return self.name

    @property
    def recommends(self) -> bool:
        """Whether the unit nominates candidates (the province itself does not)."""
        return self.kind != self.Kind.PROVINCE


class Role(models.TextChoices):
    CLERK = "clerk", _("推荐单位填报员")
    STAFF = "staff", _("省总工会工作人员")
    EXPERT = "expert", _("评审专家")
    COUNCIL = "council", _("主席办公会议秘书")
    ADMIN = "admin", _("系统管理员")


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """Make the superuser the portal's administrator, so the role checks admit it."""
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal account; a clerk is bound to exactly one unit."""

    objects = PortalUserManager()

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属推荐单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    # Provincial staff who handle publicity objections and may see who complained.
    handles_objections = models.BooleanField(
        _("异议处理"),
        default=False,
        help_text=_("可查看异议反映人的身份并办理异议（仅限省总工会工作人员）；每次查看都会记录。"),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.CLERK) | Q(unit__isnull=False),
                name="clerk_has_unit",
                violation_error_message=_("填报员必须属于一个推荐单位。"),
            ),
            models.CheckConstraint(
                condition=Q(handles_objections=False) | Q(role__in=[Role.STAFF, Role.ADMIN]),
                name="objection_handler_is_staff",
                violation_error_message=_("只有省总工会工作人员可以处理异议。"),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_clerk(self) -> bool:
        return self.role == Role.CLERK

    @property
    def is_provincial_staff(self) -> bool:
        return self.role in (Role.STAFF, Role.ADMIN)

    @property
    def is_expert(self) -> bool:
        return self.role == Role.EXPERT

    @property
    def is_council(self) -> bool:
        return self.role == Role.COUNCIL
