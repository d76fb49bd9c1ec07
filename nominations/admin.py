"""Admin: staff edit the campaign's settings; nominations are read-only here.

Every nomination change goes through the portal's screens and services, so the
admin offers no way to add, change or delete one.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.roles import is_provincial
from longjiang.admin import ProvincialOnlyMixin, ReadOnlyAdmin
from longjiang.forms import ModelForm
from nominations import services
from nominations.models import Campaign, DeadlineExtension, Nomination
from nominations.selectors import campaign_list_locked


@admin.register(Campaign)
class CampaignAdmin(ProvincialOnlyMixin, admin.ModelAdmin):
    form = ModelForm
    list_display = ["year", "title", "is_running", "quota", "electronic_deadline", "paper_deadline"]
    fieldsets = [
        (None, {"fields": ["year", "title", "notice_ref", "quota", "award_amount"]}),
        (
            _("日程"),
            {"fields": ["electronic_deadline", "paper_deadline", "publicity_working_days"]},
        ),
        (_("重点关注产业"), {"fields": ["focus_industries"]}),
        (_("往届龙江工匠"), {"fields": ["repeat_nominee_blocks"]}),
        (
            _("联系方式"),
            {
                "fields": [
                    "contact_department",
                    "contact_people",
                    "contact_phones",
                    "contact_email",
                    "postal_address",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The quota shaped the locked list: once a version is locked it cannot change.
        if obj is not None and campaign_list_locked(obj):
            return ["quota"]
        return []

    def has_add_permission(self, request):
        return is_provincial(request.user)

    def has_change_permission(self, request, obj=None):
        return is_provincial(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.save_campaign(obj, actor=request.user, changed=form.changed_data)


@admin.register(Nomination)
class NominationAdmin(ProvincialOnlyMixin, ReadOnlyAdmin):
    list_display = ["name", "unit", "unit_rank", "status", "id_number_masked", "submitted_at"]
    list_filter = ["campaign", "status", "unit"]
    search_fields = ["name", "employer_name"]
    list_select_related = ["unit"]
    # The encrypted columns are left out; the masked number is enough here.
    exclude = ["id_number", "mobile"]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(ProvincialOnlyMixin, ReadOnlyAdmin):
    list_display = ["campaign", "unit", "extended_until", "granted_by", "granted_at"]
    list_select_related = ["unit", "granted_by", "campaign"]
