"""Staff's record of conflicts of interest: suggestions, decisions with reasons, the setting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations.selectors import running_campaign
from review import permissions, services
from review.forms.conflicts import ConflictDecisionForm, ConflictSettingsForm
from review.selectors.conflicts import conflict_counts, conflict_record, conflicts_visible_to
from review.selectors.scoring import review_settings_of


@login_required
@require_http_methods(["GET", "POST"])
def conflict_list(request: HttpRequest) -> HttpResponse:
    """The campaign's conflicts, pending suggestions first; POST looks for new suggestions."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    if request.method == "POST":
        created = services.suggest_conflicts(campaign, actor=request.user)
        messages.success(
            request,
            ngettext("新生成%(n)d条回避建议。", "新生成%(n)d条回避建议。", len(created))
            % {"n": len(created)},
        )
        return redirect("review:conflicts")
    settings = review_settings_of(campaign)
    return render(
        request,
        "review/conflicts.html",
        {
            "campaign": campaign,
            "conflicts": list(conflict_record(request.user, campaign)),
            "counts": conflict_counts(request.user, campaign),
            "settings_form": ConflictSettingsForm(
                initial={"conflict_same_unit": settings.conflict_same_unit}
            ),
        },
    )


@login_required
@require_POST
def conflict_decide(request: HttpRequest, conflict_id: int) -> HttpResponse:
    """Confirm or dismiss a suggested conflict, with a reason."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    conflict = get_object_or_404(
        conflicts_visible_to(request.user).filter(nomination__campaign=campaign),
        pk=conflict_id,
    )
    form = ConflictDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写确认或排除的理由。"))
        return redirect("review:conflicts")
    decide = (
        services.confirm_conflict
        if form.cleaned_data["decision"] == "confirm"
        else services.dismiss_conflict
    )
    try:
        decided = decide(conflict, reason=form.cleaned_data["reason"], actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(expert)s与%(name)s：%(status)s。")
            % {
                "expert": decided.expert,
                "name": decided.nomination,
                "status": decided.get_status_display(),
            },
        )
    return redirect("review:conflicts")


@login_required
@require_POST
def review_settings(request: HttpRequest) -> HttpResponse:
    """Change whether experts are also kept from their own recommending unit's candidates."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    form = ConflictSettingsForm(request.POST)
    form.is_valid()
    services.update_review_settings(
        campaign,
        conflict_same_unit=form.cleaned_data.get("conflict_same_unit", False),
        actor=request.user,
    )
    messages.success(request, _("评审设置已保存。再次生成回避建议时按新设置执行。"))
    return redirect("review:conflicts")
