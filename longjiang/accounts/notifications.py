"""Mail about accounts; templates in templates/accounts/mail/."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.mail import portal_url, send_templated


def link_valid_hours() -> int:
    """Return how many hours a link to set a password stays valid."""
    return settings.PASSWORD_RESET_TIMEOUT // 3600


def link_sent_message(email: str) -> str:
    """Return what staff are told after a link to set a password went out."""
    return _("已向 %(email)s 发送设置密码链接（%(hours)d小时内有效）") % {
        "email": email,
        "hours": link_valid_hours(),
    }


def mail_password_link(user: User) -> int:
    """Make a fresh link for the account and mail it to the holder; return the recipients."""
    path = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return send_templated(
        "accounts/mail/password_link",
        {"user": user, "link": portal_url(path), "hours": link_valid_hours()},
        [user.email] if user.email else [],
    )
