"""Re-sign the audit chain after a new integrity key was put in front of the old one.

    LONGJIANG_INTEGRITY_KEY=NEW,OLD python manage.py rotate_integrity_key

The chain must verify under OLD first; locked lists keep the hash they were
published with and go on verifying under OLD while it stays in the list.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from longjiang.audit.services import ChainBroken, resign_chain, verify_chain
from longjiang.integrity import keyed_digest


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _("用新的完整性密钥重新签署审计日志哈希链（须先用旧密钥核验通过）。")

    def handle(self, *args, **options):
        if verify_chain().ok:
            self.stdout.write(_("审计日志已由当前密钥签署，无需轮换。"))
            return
        if len(settings.INTEGRITY_KEYS) < 2:
            raise CommandError(
                _("审计日志未能用当前密钥核验。轮换时请把新密钥放在前、旧密钥在后：NEW,OLD。")
            )
        old = settings.INTEGRITY_KEYS[1].encode()
        try:
            with transaction.atomic():
                count = resign_chain(lambda content: keyed_digest(content, key=old))
        except ChainBroken as exc:
            raise CommandError(
                _("审计日志用旧密钥也不能核验，未作任何改动：%(error)s") % {"error": exc}
            ) from exc
        self.stdout.write(_("已用新密钥重新签署 %(count)s 条审计记录。") % {"count": count})
