"""Account actions staff take for others: a one-time link to set a password.

Staff never see a usable password. The holder of the account receives a link by
mail and chooses the password; the link works once and for
``PASSWORD_RESET_TIMEOUT`` seconds.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from longjiang.accounts import tasks
from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError


def send_password_link(user: User, *, actor: User) -> str:
    """Mail the account's holder a one-time link to set a password; return the address.

    The current password stays as it is until the holder uses the link. The link
    is made when the mail is sent, so it never passes through the audit trail,
    the task queue or the logs.
    """
    if not user.is_active:
        raise DomainError(_("该账号已停用，不能发送设置密码链接。"))
    if not user.email:
        raise DomainError(
            _(
                "该账号没有电子邮箱，无法发送设置密码链接。"
                "请先在“系统管理 › 用户”中为该账号填写电子邮箱。"
            )
        )
    with transaction.atomic():
        record_event(
            "account.password_link_sent",
            actor=actor,
            subject=user,
            data={"username": user.username},
        )
        user_id = user.pk
        transaction.on_commit(lambda: tasks.send_password_link.delay(user_id=user_id))
    return user.email
