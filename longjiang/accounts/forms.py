"""Sign-in, password and account forms with the portal's wording and text rules."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import User
from longjiang.forms import CleanTextMixin

# No one types a longer password; a longer one only costs the server hashing time.
PASSWORD_MAX_LENGTH = 128


def limit_passwords(form: forms.BaseForm) -> None:
    """Give the password fields Django leaves unbounded a maximum length."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and isinstance(field.widget, forms.PasswordInput):
            field.max_length = PASSWORD_MAX_LENGTH
            field.widget.attrs["maxlength"] = str(PASSWORD_MAX_LENGTH)
            field.validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))


class LoginForm(CleanTextMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续输错5次，账户将被锁定15分钟。"),
        "inactive": _("该账户已停用，请联系系统管理员。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_passwords(self)


class PasswordChangeForm(CleanTextMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_passwords(self)


class SetPasswordForm(CleanTextMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_passwords(self)


class AccountCreationForm(CleanTextMixin, forms.ModelForm):
    """A new account without a password: its holder sets one through a mailed link."""

    class Meta:
        model = User
        fields = ("username",)


class AccountChangeForm(CleanTextMixin, auth_forms.UserChangeForm):
    """The administrator's account form; the password is never set here."""
