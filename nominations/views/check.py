"""Provincial staff's first check: the queue, the checklist page and the decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from longjiang.accounts import roles
from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations import checklist, selectors, services
from nominations.diff import diff_snapshots
from nominations.forms.check import (
    MANUAL_FORM_ID,
    CommentFormSet,
    ManualChecksForm,
    NoteForm,
    QueueFilterForm,
    ReasonForm,
    ReturnForm,
    comments_from,
    default_correction_deadline,
)
from nominations.presentation import field_label
from nominations.selectors import running_campaign, visible_nomination
from nominations.selectors.laureates import repeat_matches
from nominations.workflow import Action, Status

QUEUE_PAGE_SIZE = 50


@login_required
@require_GET
def check_queue(request: HttpRequest) -> HttpResponse:
    require(roles.is_provincial(request.user))
    campaign = running_campaign()
    form = QueueFilterForm(request.GET or None)
    rows = selectors.check_queue(request.user, campaign, **form.filters())
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "nominations/check_queue.html",
        {"campaign": campaign, "form": form, "page": page, "query": query.urlencode()},
    )


def _resubmission_diff(nomination):
    """Return the changes since the revision last returned, if this is a resubmission."""
    returned = selectors.last_return(nomination)
    latest = selectors.latest_revision(nomination)
    if returned is None or latest is None or latest.pk == returned.revision_id:
        return None
    return {
        "from": returned.revision,
        "to": latest,
        "changes": diff_snapshots(returned.revision.snapshot, latest.snapshot),
    }


def _check_context(nomination, **forms) -> dict:
    current = selectors.open_round(nomination)
    confirmations = {c.key: c for c in current.confirmations.all()} if current else {}
    manual_form = forms.get("manual_form") or ManualChecksForm(confirmations=confirmations)
    manual = [
        {**row, "confirmation": confirmations.get(row["check"].key)} for row in manual_form.rows()
    ]
    repeat = repeat_matches(nomination)
    rounds = list(selectors.decided_rounds(nomination))
    for decided in rounds:
        decided.labelled_comments = [
            (field_label(c.field), c.comment) for c in decided.comments.all()
        ]
    return {
        "nomination": nomination,
        "automatic": checklist.automatic_checks(nomination, repeat=repeat),
        "repeat": repeat,
        "manual": manual,
        "manual_form": manual_form,
        "manual_form_id": MANUAL_FORM_ID,
        "current": current,
        "rounds": rounds,
        "diff": _resubmission_diff(nomination),
        "eligible_form": forms.get("eligible_form") or NoteForm(prefix="eligible"),
        "return_form": forms.get("return_form")
        or ReturnForm(prefix="return", initial={"deadline": default_correction_deadline()}),
        "comment_formset": forms.get("comment_formset") or CommentFormSet(prefix="comments"),
        "reject_form": forms.get("reject_form") or ReasonForm(prefix="reject"),
        "disqualify_form": forms.get("disqualify_form") or ReasonForm(prefix="disqualify"),
        "can_start": nomination.status == Status.SUBMITTED,
        "can_decide": nomination.status == Status.IN_CHECK,
        "can_reject": nomination.status in (Status.IN_CHECK, Status.RETURNED),
        "can_disqualify": nomination.status in (Status.IN_CHECK, Status.ELIGIBLE),
    }


@login_required
@require_GET
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    require(roles.is_provincial(request.user))
    return render(request, "nominations/check.html", _check_context(nomination))


@login_required
@require_POST
def check_start(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = visible_nomination(request.user, pk)
    require(roles.is_provincial(request.user))
    try:
        services.start_check(nomination, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已开始初审。推荐单位不能再撤回该推荐。"))
    return redirect("nominations:check", pk=pk)


@login_required
@require_POST
def check_manual(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the verdicts of every manual check at once."""
    nomination = visible_nomination(request.user, pk)
    require(roles.is_provincial(request.user))
    form = ManualChecksForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请根据提示修改后再保存核验结果。"))
        return _render_check(request, nomination, status=422, manual_form=form)
    if not form.verdicts():
        messages.error(request, _("请至少为一项人工核验选择结论。"))
        return _render_check(request, nomination, status=422, manual_form=form)
    try:
        changed = services.record_manual_checks(
            nomination, actor=request.user, verdicts=form.verdicts()
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("nominations:check", pk=pk)
    if changed:
        messages.success(request, _("已保存%(count)d项核验结论。") % {"count": len(changed)})
    else:
        messages.info(request, _("核验结论没有改动。"))
    return redirect(reverse("nominations:check", kwargs={"pk": pk}) + "#manual")


DECISION_MESSAGES = {
    Action.MARK_ELIGIBLE: gettext_lazy("已确认通过初审，已通知推荐单位。"),
    Action.RETURN: gettext_lazy("已退回推荐单位修改，已通知推荐单位。"),
    Action.REJECT: gettext_lazy("已作出不予通过的决定，已通知推荐单位。"),
    Action.DISQUALIFY: gettext_lazy("已取消其推荐资格，已通知推荐单位。"),
}


@login_required
@require_POST
def check_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Apply one of the four decisions; an invalid form shows the page again."""
    nomination = visible_nomination(request.user, pk)
    require(roles.is_provincial(request.user))
    user = request.user
    # The version the page was rendered with: a decision on a stale page is refused.
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        if action == Action.MARK_ELIGIBLE:
            # The approval posts the manual checks' form with it, so verdicts just
            # chosen are recorded with the decision, and kept on the page if refused.
            form = NoteForm(request.POST, prefix="eligible")
            manual_form = ManualChecksForm(request.POST)
            if not (form.is_valid() and manual_form.is_valid()):
                return _invalid(request, nomination, eligible_form=form, manual_form=manual_form)
            try:
                services.mark_eligible(
                    nomination,
                    actor=user,
                    note=form.cleaned_data["note"],
                    verdicts=manual_form.verdicts(),
                    expected_version=version,
                )
            except services.ChecksIncomplete as exc:
                messages.error(request, exc.message)
                return _render_check(
                    request, nomination, status=422, eligible_form=form, manual_form=manual_form
                )
        elif action == Action.RETURN:
            form = ReturnForm(request.POST, prefix="return")
            formset = CommentFormSet(request.POST, prefix="comments")
            if not (form.is_valid() and formset.is_valid()):
                return _invalid(request, nomination, return_form=form, comment_formset=formset)
            services.return_for_correction(
                nomination,
                actor=user,
                comments=comments_from(formset),
                deadline=form.cleaned_data["deadline"],
                note=form.cleaned_data["note"],
                expected_version=version,
            )
        elif action in (Action.REJECT, Action.DISQUALIFY):
            form = ReasonForm(request.POST, prefix=action)
            if not form.is_valid():
                return _invalid(request, nomination, **{f"{action}_form": form})
            service = (
                services.reject_nomination
                if action == Action.REJECT
                else services.disqualify_nomination
            )
            service(
                nomination,
                actor=user,
                reason=form.cleaned_data["reason"],
                expected_version=version,
            )
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("nominations:check", pk=pk)
    messages.success(request, DECISION_MESSAGES[action])
    return redirect("nominations:check_queue")


def _invalid(request, nomination, **forms) -> HttpResponse:
    messages.error(request, _("请根据提示补充后再提交初审决定。"))
    return _render_check(request, nomination, status=422, **forms)


def _render_check(request, nomination, *, status: int, **forms) -> HttpResponse:
    """Show the check page again with the forms as posted."""
    return render(
        request, "nominations/check.html", _check_context(nomination, **forms), status=status
    )
