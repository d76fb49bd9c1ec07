"""Write any registered document to a file, as the operator.

    python manage.py export DOCUMENT [OPTIONS] --out FILE
    python manage.py export summary --campaign 2021 --unit 230100 --out a2.xlsx

The documents, their options and their help all come from
``longjiang.documents.registry``; ``--help`` lists every registered kind. The
operator sees every record (the builders run with ``user=None``). A document's
warnings go to stderr; the file is still written and the command exits 0.
"""

from argparse import RawDescriptionHelpFormatter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.utils.translation import gettext as _

from longjiang.documents import registry
from longjiang.documents.registry import DocumentKind, Param
from longjiang.exceptions import DomainError


class HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Keep the description's lines: one line per document."""


def _options() -> list[Param]:
    """Return the registered kinds' parameters, one per flag (a flag means one thing)."""
    options: dict[str, Param] = {}
    for spec in registry.kinds():
        for param in spec.params:
            options.setdefault(param.flag, param)
    return list(options.values())


def _universal() -> frozenset[str]:
    """Return the parameters every kind takes: the command line always asks for them."""
    kinds = registry.kinds()
    if not kinds:
        return frozenset()
    return frozenset.intersection(*(spec.names for spec in kinds))


def _dest(param: Param) -> str:
    # Prefixed so that no parameter's name clashes with an option of BaseCommand
    # (``version`` would).
    return f"param_{param.name}"


def _usage(spec: DocumentKind, universal: frozenset[str]) -> str:
    """Return how to ask for this kind, beside the options every kind takes."""
    parts = [spec.command]
    for param in spec.params:
        if param.name in universal:
            continue
        option = f"{param.flag} {param.metavar}"
        parts.append(option if param.required else f"[{option}]")
    return " ".join(parts)


def _commands() -> list[str]:
    return list(dict.fromkeys(spec.command for spec in registry.kinds()))


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # Built when asked for: argparse needs a real string, and the kinds are
        # registered by then.
        universal = _universal()
        lines = [_("导出一份文件，写入 --out 指定的路径。可导出的文件：")]
        for command in _commands():
            for spec in registry.by_command(command):
                lines.append(
                    "  "
                    + _("%(usage)s：%(help)s [%(kind)s]")
                    % {"usage": _usage(spec, universal), "help": spec.help, "kind": spec.kind}
                )
        return "\n".join(lines)

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        universal = _universal()
        parser.add_argument("document", choices=_commands())
        for param in _options():
            parser.add_argument(
                param.flag,
                dest=_dest(param),
                type=param.type,
                required=param.name in universal,
                metavar=param.metavar,
                help=str(param.help),
            )
        parser.add_argument("--out", type=Path, required=True, help=_("输出文件路径"))

    def handle(self, *args, document: str, out: Path, **options):
        given = {
            param.name: options[_dest(param)]
            for param in _options()
            if options.get(_dest(param)) is not None
        }
        spec = self._kind(document, given)
        if not out.parent.is_dir():
            raise CommandError(_("输出目录不存在：%(path)s") % {"path": out.parent})
        try:
            result = spec.build(spec.clean(given), user=None, progress=None)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        out.write_bytes(result.content)
        for warning in result.warnings:
            self.stderr.write(str(warning))
        self.stdout.write(
            _("已写入 %(path)s（%(size)s 字节）") % {"path": out, "size": len(result.content)}
        )

    def _kind(self, document: str, given: dict) -> DocumentKind:
        """Return the kind of the document that takes exactly these options, or say why none."""
        kinds = registry.by_command(document)
        for spec in kinds:
            if spec.accepts(given):
                return spec
        taken = frozenset().union(*(spec.names for spec in kinds))
        for param in _options():
            if param.name in given and param.name not in taken:
                refusal = param.refusal or _("“%(document)s”不接受参数 %(flag)s。")
                raise CommandError(str(refusal) % {"document": document, "flag": param.flag})
        for spec in kinds:
            if given.keys() <= spec.names:
                missing = next(p for p in spec.params if p.required and p.name not in given)
                raise CommandError(
                    _("导出“%(document)s”须指定 %(flag)s。")
                    % {"document": document, "flag": missing.flag}
                )
        universal = _universal()
        flags = [p.flag for p in _options() if p.name in given and p.name not in universal]
        raise CommandError(
            _("“%(document)s”不能同时指定 %(flags)s。")
            % {"document": document, "flags": "、".join(flags)}
        )
