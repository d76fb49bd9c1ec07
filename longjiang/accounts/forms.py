"""Sign-in and password forms with the portal's wording."""

from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续输错5次，账户将被锁定15分钟。"),
        "inactive": _("该账户已停用，请联系系统管理员。"),
    }


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(auth_forms.SetPasswordForm):
    pass
