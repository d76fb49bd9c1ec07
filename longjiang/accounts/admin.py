from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region_name", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    ordering = ["sort_order", "code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "unit", "email", "is_active"]
    list_filter = ["role", "unit__kind", "is_active"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["unit"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("门户角色"), {"fields": ("role", "unit", "full_name", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("门户角色"), {"fields": ("role", "unit", "full_name", "email")}),
    )
