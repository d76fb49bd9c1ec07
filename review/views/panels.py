"""Staff's panels (评审组): create them, their members, and placing eligible nominations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations.selectors import running_campaign, visible_nomination
from review import permissions, services
from review.forms.panels import MoveForm, PanelForm, PanelMemberForm
from review.placement import INDUSTRY_GROUPS
from review.selectors.experts import active_experts, experts_visible_to
from review.selectors.panels import panels_overview, panels_visible_to, placement_rows

# 1,000 eligible candidates are placed automatically; a page of 50 is what a person
# checks and adjusts by hand at once (issue 9: under 150 ms p95).
PLACEMENT_PAGE_SIZE = 50


def _back_to_placements(request: HttpRequest) -> HttpResponse:
    """Redirect to the placements page the form was sent from (its ``page`` field)."""
    url = reverse("review:placements")
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() and page != "1" else url)


@login_required
@require_http_methods(["GET", "POST"])
def panel_list(request: HttpRequest) -> HttpResponse:
    """The campaign's panels with their members and candidates; the form creating one."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    form = PanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            panel = services.create_panel(campaign, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已创建评审组“%(name)s”。") % {"name": panel.name})
            return redirect("review:panels")
    panels = list(panels_overview(request.user, campaign))
    experts = list(active_experts(request.user, campaign))
    for panel in panels:
        members = {expert.pk for expert in panel.members.all()}
        panel.candidates_to_add = [expert for expert in experts if expert.pk not in members]
    return render(
        request,
        "review/panels.html",
        {"campaign": campaign, "form": form, "panels": panels, "experts": experts},
    )


@login_required
@require_POST
def panel_members(request: HttpRequest, panel_id: int) -> HttpResponse:
    """Add an expert to the panel, or take one off it."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    panel = get_object_or_404(
        panels_visible_to(request.user).filter(campaign=campaign), pk=panel_id
    )
    form = PanelMemberForm(request.POST, experts=experts_visible_to(request.user))
    if not form.is_valid():
        messages.error(request, _("请选择专家。"))
        return redirect("review:panels")
    expert = form.cleaned_data["expert"]
    try:
        if form.cleaned_data["action"] == "add":
            services.add_panel_member(panel, expert=expert, actor=request.user)
            message = _("已将%(expert)s加入“%(panel)s”。")
        else:
            services.remove_panel_member(panel, expert=expert, actor=request.user)
            message = _("已将%(expert)s移出“%(panel)s”。")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message % {"expert": expert, "panel": panel.name})
    return redirect("review:panels")


@login_required
@require_http_methods(["GET", "POST"])
def placements(request: HttpRequest) -> HttpResponse:
    """The eligible nominations and their panels; POST places those without one."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    if request.method == "POST":
        report = services.place_eligible_nominations(campaign, actor=request.user)
        placed = len(report.placed)
        messages.success(
            request,
            ngettext("已按行业自动分组%(n)d名人选。", "已按行业自动分组%(n)d名人选。", placed)
            % {"n": placed},
        )
        if report.unplaced:
            messages.warning(
                request,
                _("以下人选所属行业组尚无评审组，未能自动分组，请先创建评审组或人工调整：%(names)s")
                % {"names": "、".join(str(n) for n in report.unplaced)},
            )
        return redirect("review:placements")
    panels = list(panels_visible_to(request.user).filter(campaign=campaign).order_by("name"))
    panel_by_group = {panel.industry_group: panel for panel in panels}
    candidates = placement_rows(request.user, campaign)
    page = Paginator(candidates, PLACEMENT_PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        row.mapped_panel = panel_by_group.get(INDUSTRY_GROUPS.get(row.industry))
    return render(
        request,
        "review/placements.html",
        {
            "campaign": campaign,
            "page": page,
            "panels": panels,
            # The counts are the whole campaign's, not this page's.
            "total": page.paginator.count,
            "unplaced": candidates.filter(placement__isnull=True).count(),
        },
    )


@login_required
@require_POST
def placement_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one nomination to another panel by hand, with a reason."""
    nomination = visible_nomination(request.user, pk)
    require(permissions.can_manage_review(request.user))
    form = MoveForm(request.POST, campaign=nomination.campaign)
    if not form.is_valid():
        messages.error(request, _("请选择评审组并填写调整理由。"))
        return _back_to_placements(request)
    try:
        services.move_placement(
            nomination,
            panel=form.cleaned_data["panel"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已将%(name)s调整到“%(panel)s”。")
            % {"name": nomination, "panel": form.cleaned_data["panel"].name},
        )
    return _back_to_placements(request)
