"""Staff's rubric (评分标准): its dimensions, maxima and guidance, until review opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations.selectors import running_campaign
from review import permissions
from review.forms.scoring import DimensionForm
from review.selectors.scoring import dimensions_of, review_settings_of, rubric_lock_reason
from review.services.rubric import (
    add_dimension,
    ensure_default_rubric,
    remove_dimension,
    update_dimension,
)

# The total the dimensions' maxima should add up to (facts §3.2).
EXPECTED_TOTAL = 100


def _page(request: HttpRequest, campaign, form: DimensionForm) -> HttpResponse:
    settings = review_settings_of(campaign)
    dimensions = list(dimensions_of(campaign))
    total = sum(d.max_points for d in dimensions)
    return render(
        request,
        "review/rubric.html",
        {
            "campaign": campaign,
            "settings": settings,
            "dimensions": dimensions,
            "total": total,
            "total_ok": total == EXPECTED_TOTAL,
            "locked": rubric_lock_reason(settings, timezone.now()),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rubric(request: HttpRequest) -> HttpResponse:
    """The rubric; POST adds a dimension, or the default rubric when there is none."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    if request.method == "POST" and request.POST.get("action") == "default":
        ensure_default_rubric(campaign, actor=request.user)
        messages.success(request, _("已按默认评分标准创建评分项目。"))
        return redirect("review:rubric")
    if request.method == "POST":
        form = DimensionForm(request.POST)
        if form.is_valid():
            try:
                dimension = add_dimension(
                    campaign,
                    name=form.cleaned_data["name"],
                    max_points=form.cleaned_data["max_points"],
                    guidance=form.cleaned_data["guidance"],
                    position=form.cleaned_data["position"],
                    actor=request.user,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已添加评分项目“%(name)s”。") % {"name": dimension})
                return redirect("review:rubric")
    else:
        form = DimensionForm()
    return _page(request, campaign, form)


@login_required
@require_http_methods(["GET", "POST"])
def dimension(request: HttpRequest, dimension_id: int) -> HttpResponse:
    """Change one dimension's name, maximum, guidance and place."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    found = get_object_or_404(dimensions_of(campaign), pk=dimension_id)
    if request.method == "POST":
        form = DimensionForm(request.POST)
        if form.is_valid():
            try:
                update_dimension(
                    found,
                    name=form.cleaned_data["name"],
                    max_points=form.cleaned_data["max_points"],
                    guidance=form.cleaned_data["guidance"],
                    position=form.cleaned_data["position"],
                    actor=request.user,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("评分项目“%(name)s”已保存。") % {"name": found.name})
                return redirect("review:rubric")
    else:
        form = DimensionForm(
            initial={
                "name": found.name,
                "max_points": found.max_points,
                "guidance": found.guidance,
                "position": found.position,
            }
        )
    settings = review_settings_of(campaign)
    return render(
        request,
        "review/dimension.html",
        {
            "campaign": campaign,
            "dimension": found,
            "form": form,
            "locked": rubric_lock_reason(settings, timezone.now()),
        },
    )


@login_required
@require_POST
def dimension_remove(request: HttpRequest, dimension_id: int) -> HttpResponse:
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    found = get_object_or_404(dimensions_of(campaign), pk=dimension_id)
    try:
        remove_dimension(found, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已删除评分项目“%(name)s”。") % {"name": found.name})
    return redirect("review:rubric")
