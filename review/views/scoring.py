"""Scoring: the expert's score form, and staff's review window and reopening of sheets.

The expert reaches a candidate only through ``candidates_for`` (a
conflicted or foreign candidate is a 404) and sees only their own sheet.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from longjiang.dates import show_datetime
from longjiang.exceptions import ConflictError, DomainError
from longjiang.views import require
from nominations.selectors import running_campaign
from review import permissions, services
from review.forms.scoring import CloseEarlyForm, ReopenForm, ScoreForm, WindowForm, score_total
from review.models import ScoreSheet
from review.selectors.candidates import candidate_list, sheet_of
from review.selectors.progress import scoring_progress_for
from review.selectors.scoring import (
    dimensions_of,
    review_settings_of,
    submitted_sheets,
    window_is_open,
)
from review.views.expert import _candidate, _cleared, candidate_page


def _next_candidate(access, campaign, current_pk: int):
    """Return the first candidate after ``current_pk`` in list order without a submitted sheet."""
    rows = list(candidate_list(access, campaign).values_list("pk", "sheet_status"))
    pks = [pk for pk, _status in rows]
    after = rows[pks.index(current_pk) + 1 :] + rows[: pks.index(current_pk)]
    return next((pk for pk, status in after if status != ScoreSheet.Status.SUBMITTED), None)


def _back_to_form(nomination) -> str:
    """Return the candidate's page, scrolled to the score form (on a phone it is below)."""
    return reverse("review:candidate", kwargs={"pk": nomination.pk}) + "#score"


@login_required
@require_POST
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the expert's draft, save and go on to the next candidate, or submit.

    Anything refused shows the page again with the expert's input and the reason
    beside the field it concerns; a saved draft returns to the form.
    """
    access, campaign = _cleared(request)
    if access.pledge is None:
        return redirect("review:home")
    nomination = _candidate(request, campaign, pk)
    action = request.POST.get("action", "draft")
    dimensions = list(dimensions_of(campaign))
    form = ScoreForm(request.POST, dimensions=dimensions, submitting=action == "submit")
    if not form.is_valid():
        form.add_error(None, _("请根据提示修改标红的项目。您填写的内容都保留在页面上，尚未保存。"))
        return candidate_page(request, access, campaign, nomination, score_form=form)
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
    except ConflictError:
        # Saved meanwhile in another window: keep this page's input, against the new version.
        current = sheet_of(access, nomination)
        data = request.POST.copy()
        data["version"] = str(current.version if current else 0)
        form = ScoreForm(data, dimensions=dimensions, submitting=action == "submit")
        form.is_valid()
        form.add_error(
            None,
            _("该评分表已在其他页面保存过。本页填写的内容仍在下方，再次保存将以本页内容为准。"),
        )
        return candidate_page(request, access, campaign, nomination, score_form=form)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return candidate_page(request, access, campaign, nomination, score_form=form)
    if action == "submit":
        try:
            services.submit_sheet(sheet, expected_version=sheet.version, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(_back_to_form(nomination))
        total = score_total(*ScoreForm(request.POST, dimensions=dimensions).total())
        messages.success(
            request,
            _("已提交对%(name)s的评分（合计 %(total)s）。") % {"name": nomination, "total": total},
        )
        return redirect("review:home")
    messages.success(request, _("已保存对%(name)s的评分草稿。") % {"name": nomination})
    if action == "next":
        next_pk = _next_candidate(access, campaign, nomination.pk)
        if next_pk is not None:
            return redirect("review:candidate", pk=next_pk)
        return redirect("review:home")
    return redirect(_back_to_form(nomination))


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
            "window_open": window_is_open(settings, timezone.now()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def window_close(request: HttpRequest) -> HttpResponse:
    """Staff see who has not finished, confirm, and end the open review window now."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    form = CloseEarlyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            settings = services.close_review_early(campaign, actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            when = show_datetime(settings.review_closes_at)
            messages.success(request, _("评分已提前结束，截止于%(when)s。") % {"when": when})
            return redirect("review:window")
    settings = review_settings_of(campaign)
    return render(
        request,
        "review/window_close.html",
        {
            "campaign": campaign,
            "settings": settings,
            "window_open": window_is_open(settings, timezone.now()),
            "progress": scoring_progress_for(request.user, campaign),
            "form": form,
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
