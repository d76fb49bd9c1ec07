"""Checks that the locked list versions are as the council approved them.

Used by ``manage.py verify_list``. Each check reports problems in Chinese; an
empty report means nothing was altered. The checks are independent, so one
report names every problem found, not only the first.

A later stage adds checks of what it made from the lists (publicity's published
snapshots) with ``register_check``: review never imports it.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from longjiang.audit.models import AuditEvent
from longjiang.audit.services import verify_chain
from longjiang.integrity import keyed_digest
from longjiang.uploads import private_path
from nominations.models import Campaign, Nomination
from review import listhash
from review.models import CouncilDecision, ListEntry, ListVersion


@dataclass
class VersionCheck:
    number: int
    stored_hash: str
    problems: list[str] = field(default_factory=list)


@dataclass
class ExtraCheck:
    """A registered check's finding about one thing (a published file, say)."""

    label: str
    problems: list[str] = field(default_factory=list)


# Checks later stages register: each takes the campaign and returns its findings.
_CHECKS: dict[str, Callable[[Campaign], list[ExtraCheck]]] = {}


def register_check(name: str, check: Callable[[Campaign], list[ExtraCheck]]) -> None:
    """Add a check ``verify_campaign`` runs after its own; a name taken twice is a mistake."""
    if _CHECKS.get(name, check) is not check:
        raise ValueError(f"verification check {name!r} is already registered")
    _CHECKS[name] = check


@dataclass
class Report:
    versions: list[VersionCheck]
    audit_events_checked: int
    audit_problem: str = ""
    # Versions the audit trail recorded as locked that are no longer in the database.
    missing_versions: list[int] = field(default_factory=list)
    # The findings of the registered checks, in registration order.
    extra: list[ExtraCheck] = field(default_factory=list)

    @property
    def altered(self) -> bool:
        return (
            bool(self.audit_problem)
            or bool(self.missing_versions)
            or any(v.problems for v in self.versions)
            or any(e.problems for e in self.extra)
        )


def _file_sha256(storage_name: str) -> str | None:
    try:
        return hashlib.sha256(private_path(storage_name).read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None


def _locked_events(year: int) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(code="review.list_locked", data__campaign=year).order_by("pk")
    )


def _check_version(
    version: ListVersion,
    previous: ListVersion | None,
    event: AuditEvent | None,
    released: frozenset[int] = frozenset(),
) -> VersionCheck:
    check = VersionCheck(number=version.number, stored_hash=version.content_hash)
    expected_number = previous.number + 1 if previous else 1
    if version.number != expected_number:
        check.problems.append(
            _("版本号不连续：应为第%(expected)s版。") % {"expected": expected_number}
        )
    try:
        content = listhash.stored_content(version)
    except (KeyError, ValueError, TypeError, ObjectDoesNotExist):
        check.problems.append(_("名单内容已被改动，无法按规范格式重新计算哈希。"))
    else:
        if not listhash.hash_matches(content, version.content_hash):
            check.problems.append(
                _("名单内容与哈希不符：重新计算的哈希为 %(hash)s。")
                % {"hash": keyed_digest(content)}
            )
    if version.previous_hash != (previous.content_hash if previous else ""):
        check.problems.append(_("与上一版本的哈希链接不符。"))
    if event is None:
        check.problems.append(_("审计日志中没有该版本的锁定记录。"))
    else:
        if event.data.get("content_hash") != version.content_hash:
            check.problems.append(_("存储的哈希与审计日志中锁定时记录的哈希不符。"))
        sheets = event.data.get("sheets", [])
        if listhash.scores_digest(sheets) != event.data.get("scores_digest"):
            check.problems.append(_("锁定时计入的专家评分在锁定后被改动。"))
    decision = CouncilDecision.objects.filter(pk=version.decision_id).first()
    if decision is None:
        check.problems.append(_("该版本的会议决定记录已被删除。"))
    elif _file_sha256(decision.minutes_storage_name) != decision.minutes_sha256:
        check.problems.append(_("会议纪要文件缺失或已被改动。"))
    entry_ids = ListEntry.objects.filter(version=version).values("nomination_id")
    unlocked = (
        Nomination.objects.filter(pk__in=entry_ids, locked_at__isnull=True)
        .exclude(pk__in=released)
        .count()
    )
    if unlocked:
        check.problems.append(
            _("名单中有 %(count)s 名人选的锁定标记被清除。") % {"count": unlocked}
        )
    return check


def _released(latest: ListVersion) -> frozenset[int]:
    """Nominations whose lock was cleared through the audited release, and that the latest
    version no longer holds: an earlier version's entry for them may be unlocked."""
    nominations = ContentType.objects.get_for_model(Nomination)
    ids = AuditEvent.objects.filter(
        code="nomination.released_from_list", subject_type=nominations
    ).values_list("subject_id", flat=True)
    held = ListEntry.objects.filter(version=latest).values_list("nomination_id", flat=True)
    return frozenset(ids) - frozenset(held)


def verify_campaign(campaign: Campaign) -> Report:
    """Recompute every version's hash and the audit chain; report what does not match."""
    events = _locked_events(campaign.year)
    by_version = {event.data.get("version"): event for event in events}
    checks = []
    previous = None
    versions = list(ListVersion.objects.filter(campaign=campaign).order_by("number"))
    released = _released(versions[-1]) if versions else frozenset()
    for version in versions:
        event = by_version.get(version.number)
        if event is not None and event.subject_id != version.pk:
            event = None
        checks.append(_check_version(version, previous, event, released))
        previous = version
    # A version the audit trail saw locked must still be there: deleting the newest
    # version (or moving it to another campaign) leaves no row to recompute.
    present = {v.number for v in versions}
    missing = sorted(n for n in by_version if n not in present)
    chain = verify_chain()
    problem = ""
    if chain.broken_at == -1:
        problem = _("审计日志末尾的记录被删除。")
    elif chain.broken_at is not None:
        problem = _("审计日志在第 %(id)s 条记录处被改动。") % {"id": chain.broken_at}
    extra = [finding for check in _CHECKS.values() for finding in check(campaign)]
    return Report(
        versions=checks,
        audit_events_checked=chain.checked,
        audit_problem=problem,
        missing_versions=missing,
        extra=extra,
    )
