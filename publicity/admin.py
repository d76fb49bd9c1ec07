"""Admin: provincial staff keep the working-day calendar (系统管理 › 工作日历) and the
publicity settings of each campaign (系统管理 › 公示设置)."""

from django.contrib import admin

from longjiang.accounts.roles import is_provincial
from longjiang.admin import ProvincialOnlyMixin
from longjiang.forms import ModelForm
from publicity.models import CalendarDay, CalendarYear, PublicitySettings
from publicity.services import calendar as services
from publicity.services import notices


class ProvincialEditMixin(ProvincialOnlyMixin):
    """Provincial staff add, change and delete the calendar's rows; nobody else sees them.

    Every save and delete goes through the services, which audit it; the bulk
    delete action deletes row by row for the same reason.
    """

    save_service = None
    delete_service = None

    def save_model(self, request, obj, form, change):
        self.save_service(obj, actor=request.user)

    def delete_model(self, request, obj):
        self.delete_service(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_service(obj, actor=request.user)

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
    save_service = staticmethod(services.save_calendar_day)
    delete_service = staticmethod(services.delete_calendar_day)


@admin.register(CalendarYear)
class CalendarYearAdmin(ProvincialEditMixin, admin.ModelAdmin):
    form = ModelForm
    list_display = ["year", "note"]
    save_service = staticmethod(services.save_calendar_year)
    delete_service = staticmethod(services.delete_calendar_year)


@admin.register(PublicitySettings)
class PublicitySettingsAdmin(ProvincialOnlyMixin, admin.ModelAdmin):
    """Each campaign's notice template, cut-off and objection rules; edits are audited."""

    form = ModelForm
    list_display = ["campaign", "cutoff_time", "postmark_rule", "anonymous_policy"]
    fields = [
        "campaign",
        "title_template",
        "text_template",
        "cutoff_time",
        "postmark_rule",
        "anonymous_policy",
        "verification_working_days",
        "postal_grace_days",
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["campaign"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        notices.save_publicity_settings(obj, actor=request.user, changed=form.changed_data)

    def has_add_permission(self, request):
        return is_provincial(request.user)

    def has_change_permission(self, request, obj=None):
        return is_provincial(request.user)

    def has_delete_permission(self, request, obj=None):
        return False
