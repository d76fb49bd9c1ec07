"""Staff's campaigns: which one runs, next year's, and looking at another one read-only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations import permissions, selectors, services, viewing
from nominations.forms.campaigns import RunCampaignForm, ViewCampaignForm
from nominations.models import Campaign
from nominations.selectors import CampaignState


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage_campaigns(request.user))
    rows = selectors.campaign_rows(request.user)
    newest = rows[0].campaign if rows else None
    return render(
        request,
        "nominations/campaigns.html",
        {"rows": rows, "newest": newest, "next_year": newest.year + 1 if newest else None},
    )


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage_campaigns(request.user))
    row = selectors.visible_campaign(request.user, pk)
    shown = selectors.current_campaign()
    return render(
        request,
        "nominations/campaign_detail.html",
        {
            "row": row,
            "campaign": row.campaign,
            "parts": selectors.campaign_parts(row.campaign),
            # The stages' pages work on the campaign shown: their links help only then.
            "links_apply": shown is not None and shown.pk == row.campaign.pk,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_run(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage_campaigns(request.user))
    row = selectors.visible_campaign(request.user, pk)
    if row.state == CampaignState.RUNNING:
        messages.info(
            request, _("%(year)s年度已是当前运行的选树活动。") % {"year": row.campaign.year}
        )
        return redirect("nominations:campaigns")
    running = Campaign.objects.filter(is_running=True).first()
    form = RunCampaignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_running_campaign(row.campaign, actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(year)s年度已设为当前运行的选树活动。") % {"year": row.campaign.year},
            )
            return redirect("nominations:campaigns")
    return render(
        request,
        "nominations/campaign_run.html",
        {"row": row, "campaign": row.campaign, "running": running, "form": form},
    )


@login_required
@require_POST
def campaign_next(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage_campaigns(request.user))
    row = selectors.visible_campaign(request.user, pk)
    try:
        created = services.create_next_campaign(row.campaign, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("nominations:campaigns")
    messages.success(
        request,
        _("已从%(source)s年度复制创建%(year)s年度选树活动，尚未运行。请核对以下内容。")
        % {"source": row.campaign.year, "year": created.year},
    )
    return redirect("nominations:campaign", pk=created.pk)


@login_required
@require_POST
def campaign_view(request: HttpRequest) -> HttpResponse:
    """Look at another campaign, read-only, or go back to the running one."""
    require(permissions.can_view_other_campaigns(request.user))
    form = ViewCampaignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择要查看的选树活动。"))
        return redirect("nominations:campaigns")
    chosen = form.cleaned_data["campaign"]
    campaign = Campaign.objects.filter(pk=chosen).first() if chosen else None
    if chosen and campaign is None:
        messages.error(request, _("该选树活动不存在。"))
        return redirect("nominations:campaigns")
    if campaign is None or campaign.is_running:
        request.session.pop(viewing.SESSION_KEY, None)
    else:
        request.session[viewing.SESSION_KEY] = campaign.pk
    target = form.cleaned_data["next"]
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "nominations:list"
    return redirect(target)
