"""Admin pieces every app uses: read-only pages, and pages for provincial staff only.

Records that change only through services (nominations, audit events, document
jobs) are shown in the admin but never added, changed or deleted there.
"""

from django.contrib import admin

from longjiang.accounts.roles import is_provincial


class ReadOnlyAdmin(admin.ModelAdmin):
    """Show the records; adding, changing and deleting them is for the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProvincialOnlyMixin:
    """Show the admin page to provincial staff and administrators only, by role."""

    def has_module_permission(self, request):
        return is_provincial(request.user)

    def has_view_permission(self, request, obj=None):
        return is_provincial(request.user)
