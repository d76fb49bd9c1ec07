"""The canonical content of a locked list version and its keyed hash (HMAC-SHA-256).

The hash covers what the council approved and everything that identifies the
approval: the campaign, the version number and its reason, the previous
version's hash (so versions form a chain), the decision (meeting date, minutes
reference and the minutes file's own hash, attendance, outcome, who recorded it)
and every entry in order. The content is JSON with sorted keys and no
insignificant whitespace, so the same rows always give the same bytes. The hash
is keyed with the integrity key (``longjiang.integrity``), so a database writer
without the key cannot rewrite a version and its hash together.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC

from longjiang.integrity import keyed_digest, matches_any_key
from review.models import CouncilDecision, ListEntry, ListVersion, Score

PART_ORDER = {ListEntry.Part.LISTED: 0, ListEntry.Part.RESERVE: 1}


def _entry(entry: ListEntry) -> dict:
    return {
        "part": entry.part,
        "position": entry.position,
        "nomination": entry.nomination_id,
        "name": entry.name,
        "unit_code": entry.unit_code,
        "unit_name": entry.unit_name,
        "employer_name": entry.employer_name,
        "rank": entry.rank,
        "score": entry.score,
        "moved_reason": entry.moved_reason,
    }


def canonical_content(
    version: ListVersion, decision: CouncilDecision, entries: Iterable[ListEntry], *, year: int
) -> bytes:
    ordered = sorted(entries, key=lambda e: (PART_ORDER[e.part], e.position))
    content = {
        "campaign": year,
        "version": version.number,
        "reason": version.reason,
        "previous_hash": version.previous_hash,
        "approved_at": version.approved_at.astimezone(UTC).isoformat(),
        "decision": {
            "meeting_date": decision.meeting_date.isoformat(),
            "minutes_ref": decision.minutes_ref,
            "minutes_sha256": decision.minutes_sha256,
            "attendance": decision.attendance,
            "outcome": decision.outcome,
            "note": decision.note,
            "recorded_by": decision.recorded_by_id,
        },
        "entries": [_entry(e) for e in ordered],
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def content_hash(
    version: ListVersion, decision: CouncilDecision, entries: Iterable[ListEntry], *, year: int
) -> str:
    return keyed_digest(canonical_content(version, decision, entries, year=year))


def stored_content(version: ListVersion) -> bytes:
    """Return a stored version's canonical content from its rows as they are now."""
    decision = CouncilDecision.objects.get(pk=version.decision_id)
    entries = ListEntry.objects.filter(version_id=version.pk)
    return canonical_content(version, decision, entries, year=version.campaign.year)


def hash_matches(content: bytes, stored_hash: str) -> bool:
    """Whether ``stored_hash`` is the content's hash under any configured integrity key.

    Versions keep the hash they were approved and published with across a key
    rotation, so an older key may have signed them.
    """
    return matches_any_key(content, stored_hash)


def scores_digest(sheet_ids: Iterable[int]) -> str:
    """Return the SHA-256 of the given score sheets' points, as they are now.

    Recorded in the audit event of a lock over the sheets that counted, so that
    ``verify_list`` notices a score changed in the database after the lock.
    """
    rows = (
        Score.objects.filter(sheet_id__in=list(sheet_ids))
        .order_by("sheet_id", "dimension__key")
        .values_list(
            "sheet_id",
            "sheet__expert_id",
            "sheet__nomination_id",
            "sheet__status",
            "dimension__key",
            "points",
        )
    )
    content = [
        [sheet, expert, nomination, status, key, str(points)]
        for sheet, expert, nomination, status, key, points in rows
    ]
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()
