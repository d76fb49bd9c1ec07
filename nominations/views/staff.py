"""Provincial staff screens: a nomination's history and deadline extensions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from longjiang.audit.display import describe
from longjiang.audit.selectors import events_for
from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations import permissions, selectors, services
from nominations.forms.intake import ExtensionForm
from nominations.selectors import running_campaign, visible_nomination


@login_required
@require_GET
def nomination_history(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    require(permissions.can_view_history(request.user, nomination))
    return render(
        request,
        "nominations/history.html",
        {"nomination": nomination, "rows": describe(events_for(nomination))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def deadline_extensions(request: HttpRequest) -> HttpResponse:
    require(permissions.can_extend_deadlines(request.user))
    campaign = running_campaign()
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_deadline_extension(
                campaign,
                unit=form.cleaned_data["unit"],
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("已将%(unit)s的截止时间延长。") % {"unit": form.cleaned_data["unit"]},
            )
            return redirect("nominations:extensions")
    return render(
        request,
        "nominations/extensions.html",
        {
            "campaign": campaign,
            "form": form,
            "extensions": selectors.deadline_extensions(request.user, campaign),
        },
    )
