"""Reading the audit trail."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from longjiang.audit.models import AuditEvent


def events_for(subject: models.Model) -> QuerySet[AuditEvent]:
    """Return the events about one object, oldest first."""
    return AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).select_related("actor", "unit")
