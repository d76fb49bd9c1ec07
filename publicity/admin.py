"""Admin: provincial staff keep the working-day calendar (系统管理 › 工作日历)."""

from django.contrib import admin

from longjiang.accounts.roles import is_provincial
from longjiang.admin import ProvincialOnlyMixin
from longjiang.forms import ModelForm
from publicity.models import CalendarDay, CalendarYear


class ProvincialEditMixin(ProvincialOnlyMixin):
    """Provincial staff add, change and delete the calendar's rows; nobody else sees them."""

    def has_add_permission(self, request):
        return is_provincial(request.user)

    def has_change_permission(self, request, obj=None):
        return is_provincial(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_provincial(request.user)


@admin.register(CalendarDay)
class CalendarDayAdmin(ProvincialEditMixin, admin.ModelAdmin):
    form = ModelForm
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["note"]


@admin.register(CalendarYear)
class CalendarYearAdmin(ProvincialEditMixin, admin.ModelAdmin):
    form = ModelForm
    list_display = ["year", "note"]
