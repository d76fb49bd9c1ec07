from django.contrib import admin

from longjiang.admin import ReadOnlyAdmin
from longjiang.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail is written only by record_event()."""

    list_display = ["id", "occurred_at", "code", "actor", "unit", "subject_type", "subject_id"]
    list_filter = ["code"]
    list_select_related = ["actor", "unit", "subject_type"]
    date_hierarchy = "occurred_at"
