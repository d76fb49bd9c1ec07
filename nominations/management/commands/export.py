"""Write Attachment 1, Attachment 2 or the first-check summary to a file.

    python manage.py export summary --campaign 2021 [--unit CODE] --out FILE.xlsx
    python manage.py export forms --campaign 2021 [--unit CODE] --out FILE.pdf
    python manage.py export check --campaign 2021 --out FILE.xlsx

Run as the operator: every nomination of the campaign is included (no user scope).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from longjiang.accounts.models import Unit
from longjiang.exceptions import DomainError
from nominations import exports
from nominations.models import Campaign

DOCUMENTS = ("summary", "forms", "check")


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # Translated when asked for: argparse needs a real string, not a lazy one.
        return _("导出推荐人选汇总表（summary）、推荐申报审批表（forms）或初审情况汇总（check）。")

    def add_arguments(self, parser):
        parser.add_argument("document", choices=DOCUMENTS)
        parser.add_argument("--campaign", type=int, required=True, help=_("活动年度，如 2021"))
        parser.add_argument("--unit", help=_("推荐单位代码，如 230100；不填为全省"))
        parser.add_argument("--out", type=Path, required=True, help=_("输出文件路径"))

    def handle(self, *args, document, campaign, unit, out, **options):
        found = Campaign.objects.filter(year=campaign).first()
        if found is None:
            raise CommandError(_("没有%(year)s年度的选树活动。") % {"year": campaign})
        scope = None
        if unit:
            if document == "check":
                raise CommandError(_("初审情况汇总按全省导出，不能指定 --unit。"))
            scope = Unit.objects.filter(code=unit).exclude(kind=Unit.Kind.PROVINCE).first()
            if scope is None:
                raise CommandError(_("没有代码为“%(code)s”的推荐单位。") % {"code": unit})
        if not out.parent.is_dir():
            raise CommandError(_("输出目录不存在：%(path)s") % {"path": out.parent})
        try:
            if document == "summary":
                result = exports.summary_xlsx(found, unit=scope)
            elif document == "forms":
                result = exports.attachment1_pdf(found, unit=scope)
            else:
                result = exports.check_workbook(found)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        out.write_bytes(result.content)
        self.stdout.write(
            _("已写入 %(path)s（%(size)s 字节）") % {"path": out, "size": len(result.content)}
        )
