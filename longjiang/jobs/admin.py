"""Admin: document jobs are read-only; they change only through the job services."""

from django.contrib import admin

from longjiang.jobs.models import DocumentJob


@admin.register(DocumentJob)
class DocumentJobAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
