"""Recompute the hashes of a campaign's locked list versions and of the audit chain.

    python manage.py verify_list --campaign 2021
    python manage.py verify_list --campaign 2021 --expect-hash HASH [--list-version N]

``--expect-hash`` compares a version (the newest, or ``--list-version``) with the
hash kept outside the portal: on the council's paper minutes or the published
notice. Exit status 0 when nothing was altered, 1 when anything was.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from nominations.models import Campaign
from review.verification import verify_campaign


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _("核验锁定名单各版本的哈希和审计日志哈希链，发现改动时以状态码 1 退出。")

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, required=True, help=_("活动年度，如 2021"))
        parser.add_argument(
            "--expect-hash",
            help=_("在门户之外保存的名单哈希（会议纪要、公示公告上的），与该版本比对"),
        )
        parser.add_argument(
            "--list-version", type=int, help=_("与 --expect-hash 比对的版本号；不填为最新版本")
        )

    def handle(self, *args, campaign, expect_hash=None, list_version=None, **options):
        found = Campaign.objects.filter(year=campaign).first()
        if found is None:
            raise CommandError(_("没有%(year)s年度的选树活动。") % {"year": campaign})
        report = verify_campaign(found)
        if not report.versions and not report.missing_versions:
            self.stdout.write(_("%(year)s年度尚无锁定的名单。") % {"year": campaign})
        for number in report.missing_versions:
            self.stdout.write(
                _("第%(number)s版：审计日志记录了该版本的锁定，但数据库中已没有该版本。")
                % {"number": number}
            )
        for check in report.versions:
            status = _("有改动") if check.problems else _("一致")
            self.stdout.write(
                _("第%(number)s版 %(hash)s：%(status)s")
                % {"number": check.number, "hash": check.stored_hash, "status": status}
            )
            for problem in check.problems:
                self.stdout.write(f"  - {problem}")
        for finding in report.extra:
            status = _("有改动") if finding.problems else _("一致")
            self.stdout.write(
                _("%(label)s：%(status)s") % {"label": finding.label, "status": status}
            )
            for problem in finding.problems:
                self.stdout.write(f"  - {problem}")
        expected_ok = self._expected(report, expect_hash, list_version)
        if report.audit_problem:
            self.stdout.write(_("审计日志：%(problem)s") % {"problem": report.audit_problem})
        else:
            self.stdout.write(
                _("审计日志：%(count)s 条记录，哈希链完整。")
                % {"count": report.audit_events_checked}
            )
        if report.altered or not expected_ok:
            self.stderr.write(_("核验未通过：名单或审计日志已被改动。"))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(_("核验通过：名单与审计日志均未被改动。")))

    def _expected(self, report, expect_hash: str | None, list_version: int | None) -> bool:
        """Compare a version's stored hash with the one kept outside the portal."""
        if expect_hash is None:
            return True
        expected = expect_hash.strip().lower()
        checks = {check.number: check for check in report.versions}
        number = list_version if list_version is not None else max(checks, default=None)
        check = checks.get(number)
        if check is None:
            self.stdout.write(
                _("没有第%(number)s版，无法与应有的哈希比对。") % {"number": number or 1}
            )
            return False
        if check.stored_hash != expected:
            self.stdout.write(
                _("第%(number)s版的哈希 %(stored)s 与应有的哈希 %(expected)s 不符。")
                % {"number": number, "stored": check.stored_hash, "expected": expected}
            )
            return False
        self.stdout.write(
            _("第%(number)s版的哈希与应有的哈希 %(expected)s 一致。")
            % {"number": number, "expected": expected}
        )
        return True
