"""Writing and verifying the audit trail."""

import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from longjiang.accounts.client_ip import client_ip
from longjiang.accounts.models import Unit, User
from longjiang.audit.models import AuditEvent, ChainHead
from longjiang.integrity import keyed_digest

GENESIS_HASH = "0" * 64


def canonical_event(event) -> bytes:
    """Return the bytes an event's hash covers: its content and the previous hash.

    Takes any object with the event's fields, so migrations can pass their
    historical models.
    """
    content = {
        "code": event.code,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "actor": event.actor_id,
        "unit": event.unit_id,
        "subject_type": event.subject_type_id,
        "subject_id": event.subject_id,
        "data": event.data,
        "prev": event.prev_hash,
    }
    canonical = json.dumps(
        content, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return canonical.encode()


def _digest(event: AuditEvent) -> str:
    """Hash the event under the integrity key (HMAC-SHA-256)."""
    return keyed_digest(canonical_event(event))


def record_event(
    code: str,
    *,
    actor: User | None,
    subject: models.Model | None = None,
    unit: Unit | None = None,
    data: dict | None = None,
) -> AuditEvent:
    """Append an event to the chain inside the caller's transaction.

    Must run inside ``transaction.atomic`` so the event commits or rolls back
    with the change it describes. Never put ID numbers or phones in ``data``.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event() must run inside the service's transaction.")
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS_HASH}
    )
    # Round-trip through JSON so the hash is computed over what the database stores.
    stored_data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    event = AuditEvent(
        code=code,
        occurred_at=timezone.now(),
        actor=actor,
        unit=unit,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        data=stored_data,
        prev_hash=head.last_hash,
    )
    event.hash = _digest(event)
    event.save()
    head.last_hash = event.hash
    head.save(update_fields=["last_hash"])
    return event


def record_events(
    code: str,
    *,
    actor: User | None,
    subjects: Sequence[models.Model],
    data: dict | None = None,
) -> int:
    """Append one event per subject, with the same code and data, under one lock of the chain.

    For an action that touches many records at once, such as a document that
    prints a whole unit's forms: each subject's history shows the event, and the
    chain is locked once, not once per record. Each event's unit is the subject's
    ``unit_id``, if it has one. Returns the number of events; the same rules as
    ``record_event`` apply (inside the caller's transaction, no personal numbers).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_events() must run inside the service's transaction.")
    if not subjects:
        return 0
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS_HASH}
    )
    stored_data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    now = timezone.now()
    previous = head.last_hash
    events = []
    for subject in subjects:
        event = AuditEvent(
            code=code,
            occurred_at=now,
            actor=actor,
            unit_id=getattr(subject, "unit_id", None),
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            data=stored_data,
            prev_hash=previous,
        )
        event.hash = _digest(event)
        previous = event.hash
        events.append(event)
    # Inserted in the list's order while the chain is locked, so ids follow the chain.
    AuditEvent.objects.bulk_create(events, batch_size=500)
    head.last_hash = previous
    head.save(update_fields=["last_hash"])
    return len(events)


# What ``data["via"]`` says of an event written by a member of the public.
PUBLIC = "public"


def client_fingerprint(request: HttpRequest) -> str:
    """Return a keyed, day-scoped fingerprint of the client's address.

    Events by the same address on the same day share it, so a flood of public
    submissions can be told apart from many people, but the address itself is
    never stored and cannot be recovered without the key.
    """
    day = timezone.localdate().isoformat()
    message = f"client:{day}:{client_ip(request)}".encode()
    return hmac.new(settings.PII_INDEX_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]


def record_public_event(
    code: str,
    *,
    request: HttpRequest,
    subject: models.Model | None = None,
    unit: Unit | None = None,
    data: dict | None = None,
) -> AuditEvent:
    """Append an event written by an anonymous member of the public.

    The actor is empty; ``data`` says ``via: public`` and carries the client's
    fingerprint, so every public write is in the same chain as staff's writes.
    """
    return record_event(
        code,
        actor=None,
        subject=subject,
        unit=unit,
        data={"via": PUBLIC, "client": client_fingerprint(request), **(data or {})},
    )


class ChainBroken(Exception):
    """The chain does not verify under the old digest; re-signing it would hide tampering."""


def resign_chain(
    verify_with: Callable[[bytes], str] | None,
    *,
    event_model: type[models.Model] = AuditEvent,
    head_model: type[models.Model] = ChainHead,
) -> int:
    """Check the whole chain with ``verify_with``, then re-sign it under the signing key.

    Used once to key a chain written with plain SHA-256 (migration
    ``audit.0002``) and after a key rotation (``manage.py rotate_integrity_key``).
    Refuses with ``ChainBroken`` if any event does not verify, so a tampered
    chain is never blessed with the new key. Returns the number of events.

    ``verify_with=None`` skips the check: only for a migration that verified the
    chain itself before it changed the data of some events.
    """
    events = list(event_model.objects.order_by("id"))
    head = head_model.objects.filter(pk=1).first()
    if verify_with is not None:
        previous = GENESIS_HASH
        for event in events:
            if event.prev_hash != previous or verify_with(canonical_event(event)) != event.hash:
                raise ChainBroken(f"audit event {event.pk} does not verify; chain left unchanged")
            previous = event.hash
        if head is not None and head.last_hash != previous:
            raise ChainBroken("the chain head names a hash no event has; chain left unchanged")
    previous = GENESIS_HASH
    for event in events:
        event.prev_hash = previous
        event.hash = keyed_digest(canonical_event(event))
        event_model.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        previous = event.hash
    if head is not None:
        head_model.objects.filter(pk=1).update(last_hash=previous)
    return len(events)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainReport:
    """Recompute every hash in order; report the first event that does not match."""
    previous = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != previous or _digest(event) != event.hash:
            return ChainReport(checked=checked, broken_at=event.pk)
        previous = event.hash
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        # The newest events were deleted: the head remembers a hash no row has.
        return ChainReport(checked=checked, broken_at=-1)
    return ChainReport(checked=checked, broken_at=None)
