"""Back up the database and the private files.

    python manage.py backup --out /backups/2021-09-20

See docs/operations.md for how often and where.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from longjiang.backups import BackupError, write_backup


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _("备份数据库（pg_dump自定义格式）、私有文件和带SHA-256的清单到一个空目录。")

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help=_("备份目录（须为空或不存在）"))

    def handle(self, *args, out, **options):
        try:
            manifest = write_backup(out)
        except BackupError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            _("已备份到 %(path)s：数据库 %(db)s 字节，私有文件 %(count)s 个。")
            % {"path": out, "db": manifest.database_size, "count": manifest.file_count}
        )
