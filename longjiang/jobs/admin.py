"""Admin: document jobs are read-only; they change only through the job services."""

from django.contrib import admin

from longjiang.admin import ReadOnlyAdmin
from longjiang.jobs.models import DocumentJob


@admin.register(DocumentJob)
class DocumentJobAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "kind",
        "requested_by",
        "status",
        "progress",
        "created_at",
        "expires_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["requested_by"]
    search_fields = ["id", "requested_by__username"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in DocumentJob._meta.fields]
