"""Reading the audit trail."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from longjiang.accounts.models import User
from longjiang.accounts.roles import is_provincial
from longjiang.audit import subjects
from longjiang.audit.models import AuditEvent


def events_for(subject: models.Model) -> QuerySet[AuditEvent]:
    """Return the events about one object, oldest first."""
    return AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).select_related("actor", "unit")


def events_visible_to(user: User) -> QuerySet[AuditEvent]:
    """The whole trail for provincial staff; nothing for anyone else."""
    if not is_provincial(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.all()


@dataclass(frozen=True)
class EventFilter:
    code: str = ""
    since: date | None = None
    until: date | None = None
    actor: str = ""
    nomination: int | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_events(user: User, criteria: EventFilter) -> QuerySet[AuditEvent]:
    """Return the events matching ``criteria`` that ``user`` may read, newest first.

    ``nomination`` is the nomination's number: its own events and those of its
    score sheets, conflicts and list moves, which name it in their data.
    """
    events = events_visible_to(user)
    if criteria.code:
        events = events.filter(code=criteria.code)
    if criteria.since:
        events = events.filter(occurred_at__gte=_start_of(criteria.since))
    if criteria.until:
        events = events.filter(occurred_at__lt=_start_of(criteria.until + timedelta(days=1)))
    if criteria.actor:
        events = events.filter(
            Q(actor__username__iexact=criteria.actor)
            | Q(actor__full_name__icontains=criteria.actor)
        )
    if criteria.nomination is not None:
        subject = subjects.by_key("nomination")
        about = Q(data__nomination=criteria.nomination)
        if subject is not None:
            app_label, model = subject.model.split(".")
            content_type = ContentType.objects.get_by_natural_key(app_label, model)
            about |= Q(subject_type=content_type, subject_id=criteria.nomination)
        events = events.filter(about)
    return events.select_related("actor", "unit").order_by("-id")
