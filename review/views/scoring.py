"""Scoring: the expert's score form, and staff's review window and reopening of sheets.

The expert reaches a candidate only through ``candidates_for`` (a
conflicted or foreign candidate is a 404) and sees only their own sheet.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations.selectors import running_campaign
from review import permissions, services
from review.forms.scoring import ReopenForm, ScoreForm, WindowForm
from review.models import ScoreSheet
from review.selectors.candidates import candidate_list
from review.selectors.scoring import dimensions_of, review_settings_of, submitted_sheets
from review.views.expert import _candidate, _cleared


def _next_candidate(access, campaign, current_pk: int):
    """Return the first candidate after ``current_pk`` in list order without a submitted sheet."""
    rows = list(candidate_list(access, campaign).values_list("pk", "sheet_status"))
    pks = [pk for pk, _status in rows]
    after = rows[pks.index(current_pk) + 1 :] + rows[: pks.index(current_pk)]
    return next((pk for pk, status in after if status != ScoreSheet.Status.SUBMITTED), None)


@login_required
@require_POST
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the expert's draft, save and go on to the next candidate, or submit."""
    access, campaign = _cleared(request)
    if access.pledge is None:
        return redirect("review:home")
    nomination = _candidate(request, campaign, pk)
    form = ScoreForm(request.POST, dimensions=dimensions_of(campaign))
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errors)}")
        return redirect("review:candidate", pk=nomination.pk)
    action = request.POST.get("action", "draft")
    try:
        sheet = services.save_sheet(
            request.user,
            nomination=nomination,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
            recommend=form.recommend_value(),
            expected_version=form.cleaned_data["version"],
            actor=request.user,
        )
        if action == "submit":
            services.submit_sheet(sheet, expected_version=sheet.version, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("review:candidate", pk=nomination.pk)
    if action == "submit":
        messages.success(request, _("已提交对%(name)s的评分。") % {"name": nomination})
        return redirect("review:home")
    messages.success(request, _("已保存对%(name)s的评分草稿。") % {"name": nomination})
    if action == "next":
        next_pk = _next_candidate(access, campaign, nomination.pk)
        if next_pk is not None:
            return redirect("review:candidate", pk=next_pk)
        return redirect("review:home")
    return redirect("review:candidate", pk=nomination.pk)


@login_required
@require_http_methods(["GET", "POST"])
def window(request: HttpRequest) -> HttpResponse:
    """Staff set the review window and see the submitted sheets they may reopen."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    settings = review_settings_of(campaign)
    if request.method == "POST":
        form = WindowForm(request.POST)
        if form.is_valid():
            try:
                services.ensure_default_rubric(campaign, actor=request.user)
                services.set_review_window(
                    campaign,
                    opens_at=form.cleaned_data["opens_at"],
                    closes_at=form.cleaned_data["closes_at"],
                    actor=request.user,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("评分时间已保存。"))
                return redirect("review:window")
    else:
        form = WindowForm(
            initial={"opens_at": settings.review_opens_at, "closes_at": settings.review_closes_at}
        )
    return render(
        request,
        "review/window.html",
        {
            "campaign": campaign,
            "settings": settings,
            "form": form,
            "sheets": submitted_sheets(request.user, campaign),
            "reopen_form": ReopenForm(),
        },
    )


@login_required
@require_POST
def sheet_reopen(request: HttpRequest, sheet_id: int) -> HttpResponse:
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    sheet = get_object_or_404(submitted_sheets(request.user, campaign), pk=sheet_id)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写退回理由。"))
        return redirect("review:window")
    try:
        services.reopen_sheet(sheet, reason=form.cleaned_data["reason"], actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已将%(expert)s对%(name)s的评分表退回修改。")
            % {"expert": sheet.expert, "name": sheet.nomination},
        )
    return redirect("review:window")
