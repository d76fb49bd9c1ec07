"""Write Attachment 1, Attachment 2, the first-check summary or a later stage's document.

    python manage.py export summary --campaign 2021 [--unit CODE] --out FILE.xlsx
    python manage.py export forms --campaign 2021 [--unit CODE] --out FILE.pdf
    python manage.py export check --campaign 2021 --out FILE.xlsx
    python manage.py export scores --campaign 2021 --out FILE.xlsx   (registered by review)

Run as the operator: every nomination of the campaign is included (no user scope).
Later stages add their documents through ``nominations.export_registry``; theirs
are province-wide and take only the options they declare.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from longjiang.accounts.models import Unit
from longjiang.exceptions import DomainError
from nominations import export_registry, exports
from nominations.models import Campaign

DOCUMENTS = ("summary", "forms", "check")


def _extra_options() -> list[export_registry.Option]:
    """Return the registered documents' options, one per flag (a flag means one thing)."""
    options: dict[str, export_registry.Option] = {}
    for document in export_registry.documents():
        for option in document.options:
            options.setdefault(option.flag, option)
    return list(options.values())


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # Translated when asked for: argparse needs a real string, not a lazy one.
        text = _("导出推荐人选汇总表（summary）、推荐申报审批表（forms）或初审情况汇总（check）。")
        extra = export_registry.documents()
        if extra:
            items = "；".join(f"{d.name}：{d.help}" for d in extra)
            text += _("其他文件：%(documents)s。") % {"documents": items}
        return text

    def add_arguments(self, parser):
        names = DOCUMENTS + tuple(d.name for d in export_registry.documents())
        parser.add_argument("document", choices=names)
        parser.add_argument("--campaign", type=int, required=True, help=_("活动年度，如 2021"))
        parser.add_argument("--unit", help=_("推荐单位代码，如 230100；不填为全省"))
        parser.add_argument("--out", type=Path, required=True, help=_("输出文件路径"))
        for option in _extra_options():
            parser.add_argument(
                option.flag, dest=option.dest, type=option.type, help=str(option.help)
            )

    def handle(self, *args, document, campaign, unit, out, **options):
        found = Campaign.objects.filter(year=campaign).first()
        if found is None:
            raise CommandError(_("没有%(year)s年度的选树活动。") % {"year": campaign})
        extra = export_registry.get(document)
        build_options = self._options_of(document, extra, options)
        scope = None
        if unit:
            if document == "check":
                raise CommandError(_("初审情况汇总按全省导出，不能指定 --unit。"))
            if extra is not None:
                raise CommandError(
                    _("“%(document)s”按全省导出，不能指定 --unit。") % {"document": document}
                )
            scope = Unit.objects.filter(code=unit).exclude(kind=Unit.Kind.PROVINCE).first()
            if scope is None:
                raise CommandError(_("没有代码为“%(code)s”的推荐单位。") % {"code": unit})
        if not out.parent.is_dir():
            raise CommandError(_("输出目录不存在：%(path)s") % {"path": out.parent})
        try:
            if extra is not None:
                result = extra.builder(found, **build_options)
            elif document == "summary":
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

    def _options_of(self, document: str, extra, options: dict) -> dict:
        """Return the registered options the document takes; refuse the ones it does not."""
        declared = {o.dest: o for o in extra.options} if extra is not None else {}
        values = {}
        for option in _extra_options():
            value = options.get(option.dest)
            if option.dest in declared:
                if value is None and declared[option.dest].required:
                    raise CommandError(
                        _("导出“%(document)s”须指定 %(flag)s。")
                        % {"document": document, "flag": option.flag}
                    )
                if value is not None:
                    values[option.dest] = value
            elif value is not None:
                raise CommandError(
                    _("“%(document)s”不接受参数 %(flag)s。")
                    % {"document": document, "flag": option.flag}
                )
        return values
