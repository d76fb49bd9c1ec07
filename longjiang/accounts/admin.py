from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.forms import AccountChangeForm, AccountCreationForm
from longjiang.accounts.models import Unit, User
from longjiang.accounts.notifications import link_sent_message
from longjiang.accounts.services import send_password_link
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from longjiang.forms import ModelForm


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = ModelForm
    list_display = ["code", "name", "kind", "region_name", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    ordering = ["sort_order", "code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts; nobody here ever types or sees another person's password."""

    list_display = ["username", "full_name", "role", "unit", "email", "is_active"]
    list_filter = ["role", "unit__kind", "is_active"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["unit"]
    fieldsets = (
        (None, {"fields": ("username",)}),
        *BaseUserAdmin.fieldsets[1:],
        (_("门户角色"), {"fields": ("role", "unit", "full_name", "phone", "handles_objections")}),
    )
    form = AccountChangeForm
    add_form = AccountCreationForm
    add_form_template = None
    add_fieldsets = (
        (None, {"fields": ("username",)}),
        (_("门户角色"), {"fields": ("role", "unit", "full_name", "email")}),
    )
    actions = ["send_password_links"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if change and "handles_objections" in form.changed_data:
            # Who may see complainants is an access right: audited like the others.
            record_event(
                "account.objection_handler_changed",
                actor=request.user,
                subject=obj,
                data={"username": obj.username, "handles_objections": obj.handles_objections},
            )
        if not change:
            self._send_link(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # Setting someone else's password would let the administrator act as them.
        raise PermissionDenied

    @admin.action(description=_("发送设置密码链接"))
    def send_password_links(self, request, queryset):
        for user in queryset:
            self._send_link(request, user)

    def _send_link(self, request, user: User) -> None:
        try:
            email = send_password_link(user, actor=request.user)
        except DomainError as exc:
            self.message_user(request, f"{user.username}: {exc.message}", messages.WARNING)
        else:
            self.message_user(request, link_sent_message(email), messages.SUCCESS)


# Django's own group page, with the portal's text rules on the group's name.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    form = ModelForm
