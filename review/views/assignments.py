"""Staff's assignment of experts to candidates, the rules of assignment and ranking, reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations.selectors import running_campaign
from review import permissions
from review.allocation import CAP_REACHED, TOO_FEW_MEMBERS
from review.forms.rules import RulesForm, rules_initial
from review.selectors.assignments import assignment_overview
from review.selectors.scoring import review_settings_of
from review.services.assignments import assign_experts
from review.services.reminders import remind_experts
from review.services.rules import update_ranking_settings


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request: HttpRequest) -> HttpResponse:
    """Each expert's load and each candidate's experts; POST assigns k experts per candidate."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    if request.method == "POST":
        try:
            report = assign_experts(campaign, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "已分配评审专家：共%(total)d条分配，保留已开始评分的%(kept)d条，"
                    "新增%(created)d条，撤销%(removed)d条。"
                )
                % {
                    "total": len(report.plan.pairs),
                    "kept": len(report.plan.kept),
                    "created": report.created,
                    "removed": report.removed,
                },
            )
            if report.shortfalls:
                messages.warning(
                    request,
                    ngettext(
                        "%(n)d位人选的评审专家人数不足，详见下表。",
                        "%(n)d位人选的评审专家人数不足，详见下表。",
                        len(report.shortfalls),
                    )
                    % {"n": len(report.shortfalls)},
                )
        return redirect("review:assignments")
    return render(
        request,
        "review/assignments.html",
        {
            "campaign": campaign,
            "overview": assignment_overview(request.user, campaign),
            "TOO_FEW_MEMBERS": TOO_FEW_MEMBERS,
            "CAP_REACHED": CAP_REACHED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    """The campaign's rules of assignment and ranking."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    settings = review_settings_of(campaign)
    if request.method == "POST":
        form = RulesForm(request.POST)
        if form.is_valid():
            try:
                update_ranking_settings(campaign, actor=request.user, **form.rules())
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("评审规则已保存。"))
                return redirect("review:rules")
    else:
        form = RulesForm(initial=rules_initial(settings))
    return render(
        request, "review/rules.html", {"campaign": campaign, "settings": settings, "form": form}
    )


@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """Mail every expert with unfinished sheets now (once a day each)."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    try:
        reminded = remind_experts(campaign, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if reminded:
            messages.success(
                request,
                ngettext(
                    "将向%(n)d位尚有评分表未提交的专家发送催办邮件。",
                    "将向%(n)d位尚有评分表未提交的专家发送催办邮件。",
                    reminded,
                )
                % {"n": reminded},
            )
        else:
            messages.info(
                request,
                _("没有需要催办的专家：评分表均已提交，或今天已发送过催办邮件，或专家未登记邮箱。"),
            )
    return redirect("review:window")
