"""Restore a backup into an empty database and an empty private folder.

    DATABASE_URL=postgres://…/new_db python manage.py restore /backups/2021-09-20

Then check it: ``python manage.py verify_list --campaign 2021``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from longjiang.backups import BackupError, restore_backup


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _("核对备份清单后，把备份恢复到空数据库和空的私有文件目录。")

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help=_("备份目录"))

    def handle(self, *args, folder, **options):
        try:
            manifest = restore_backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            _("已恢复 %(created)s 的备份（私有文件 %(count)s 个）。请运行 verify_list 核验名单。")
            % {"created": manifest.created_at, "count": manifest.file_count}
        )
