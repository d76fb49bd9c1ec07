"""django-axes, the login lockout, under a Chinese name in the admin.

django-axes ships no Chinese catalogue. Its app name comes from this config;
its models' and fields' names are translated in ``locale/zh_Hans``, which holds
only such third-party strings (the portal's own strings are Chinese already).
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class LockoutConfig(AxesAppConfig):
    verbose_name = _("登录保护")

    def ready(self) -> None:
        super().ready()
        # The attempts list's status column is a method without a translated name.
        from axes.admin import AccessAttemptAdmin

        AccessAttemptAdmin.status.short_description = _("状态")
        AccessAttemptAdmin.expiration.short_description = _("过期时间")
