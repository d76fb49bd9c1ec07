"""Checks that the locked list versions are as the council approved them.

Used by ``manage.py verify_list``. Each check reports problems in Chinese; an
empty report means nothing was altered. The checks are independent, so one
report names every problem found, not only the first.
"""

import hashlib
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from longjiang.audit.models import AuditEvent
from longjiang.audit.services import verify_chain
from longjiang.files import private_path
from nominations.models import Campaign, Nomination
from review import listhash
from review.models import CouncilDecision, ListEntry, ListVersion


@dataclass
class VersionCheck:
    number: int
    stored_hash: str
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    versions: list[VersionCheck]
    audit_events_checked: int
    audit_problem: str = ""

    @property
    def altered(self) -> bool:
        return bool(self.audit_problem) or any(v.problems for v in self.versions)


def _file_sha256(storage_name: str) -> str | None:
    try:
        return hashlib.sha256(private_path(storage_name).read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None


def _check_version(version: ListVersion, previous: ListVersion | None) -> VersionCheck:
    check = VersionCheck(number=version.number, stored_hash=version.content_hash)
    expected_number = previous.number + 1 if previous else 1
    if version.number != expected_number:
        check.problems.append(
            _("版本号不连续：应为第%(expected)s版。") % {"expected": expected_number}
        )
    recomputed = listhash.recompute(version)
    if recomputed != version.content_hash:
        check.problems.append(
            _("名单内容与哈希不符：重新计算的哈希为 %(hash)s。") % {"hash": recomputed}
        )
    if version.previous_hash != (previous.content_hash if previous else ""):
        check.problems.append(_("与上一版本的哈希链接不符。"))
    locked_event = (
        AuditEvent.objects.filter(
            code="review.list_locked",
            subject_type=ContentType.objects.get_for_model(ListVersion),
            subject_id=version.pk,
        )
        .order_by("pk")
        .first()
    )
    if locked_event is None:
        check.problems.append(_("审计日志中没有该版本的锁定记录。"))
    elif locked_event.data.get("content_hash") != version.content_hash:
        check.problems.append(_("存储的哈希与审计日志中锁定时记录的哈希不符。"))
    decision = CouncilDecision.objects.get(pk=version.decision_id)
    if _file_sha256(decision.minutes_storage_name) != decision.minutes_sha256:
        check.problems.append(_("会议纪要文件缺失或已被改动。"))
    entry_ids = ListEntry.objects.filter(version=version).values("nomination_id")
    unlocked = Nomination.objects.filter(pk__in=entry_ids, locked_at__isnull=True).count()
    if unlocked:
        check.problems.append(
            _("名单中有 %(count)s 名人选的锁定标记被清除。") % {"count": unlocked}
        )
    return check


def verify_campaign(campaign: Campaign) -> Report:
    """Recompute every version's hash and the audit chain; report what does not match."""
    checks = []
    previous = None
    for version in ListVersion.objects.filter(campaign=campaign).order_by("number"):
        checks.append(_check_version(version, previous))
        previous = version
    chain = verify_chain()
    problem = ""
    if chain.broken_at == -1:
        problem = _("审计日志末尾的记录被删除。")
    elif chain.broken_at is not None:
        problem = _("审计日志在第 %(id)s 条记录处被改动。") % {"id": chain.broken_at}
    return Report(versions=checks, audit_events_checked=chain.checked, audit_problem=problem)
