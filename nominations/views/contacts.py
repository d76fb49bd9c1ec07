"""The clerk's screen naming the unit's contact printed on Attachment 2."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations import permissions, selectors, services
from nominations.forms.contacts import UnitContactForm


@login_required
@require_http_methods(["GET", "POST"])
def unit_contact_edit(request: HttpRequest) -> HttpResponse:
    """Let a unit's clerk name the 填报人 and 联系电话 of the unit's Attachment 2."""
    user = request.user
    require(permissions.can_nominate(user))
    campaign = selectors.running_campaign()
    contact = selectors.unit_contact(campaign, user.unit)
    if request.method == "POST":
        form = UnitContactForm(request.POST)
        if form.is_valid():
            try:
                services.set_unit_contact(
                    campaign,
                    unit=user.unit,
                    actor=user,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("汇总表联系人已保存。"))
                return redirect("nominations:list")
    else:
        initial = {"name": contact.name, "phone": contact.phone} if contact else {}
        form = UnitContactForm(initial=initial)
    return render(
        request,
        "nominations/contact.html",
        {"campaign": campaign, "form": form, "contact": contact},
    )
