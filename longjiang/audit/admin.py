from django.contrib import admin

from longjiang.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is written only by record_event()."""

    list_display = ["id", "occurred_at", "code", "actor", "unit", "subject_type", "subject_id"]
    list_filter = ["code"]
    list_select_related = ["actor", "unit", "subject_type"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
