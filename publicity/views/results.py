"""The council's revised list after upheld objections, and the staff's publicity result.

The revision page has two steps: choosing (the upheld cases not applied yet and
the reserve, with boxes) and confirming (the list as it would become, its
reason, and the meeting's record with the minutes). Staff read it; only the
council secretary records. The complainant is never shown here.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from longjiang.accounts.roles import is_council, is_provincial
from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations.selectors import running_campaign
from publicity.forms.results import ChoiceForm, ResultForm, RevisionForm
from publicity.models import Notice
from publicity.selectors.results import (
    accepted_cases,
    latest_version,
    listed_of,
    pending_upheld,
    publicity_result,
    reserve_of,
    result_blockers,
    unpublicized_substitutes,
)
from publicity.services.results import record_publicity_result
from publicity.services.revisions import approve_revision, preview_revision

REVISION = "publicity/council/revision.html"
RESULT = "publicity/staff/result.html"


def _notice_url() -> str:
    """Where staff prepare the supplementary notice: the form preselects the kind and
    the substitutes not publicized yet (it computes them itself; nobody is named here)."""
    try:
        return reverse("publicity:notice_new") + "?kind=" + Notice.Kind.SUPPLEMENTARY
    except NoReverseMatch:
        return ""


def _chosen(form: ChoiceForm, cases, reserve):
    data = form.cleaned_data
    return (
        [c for c in cases if c.pk in data["case"]],
        [e.nomination for e in reserve if e.nomination_id in data["substitute"]],
    )


def _revision_page(request, campaign, *, form=None, choice=None, preview=None, refusal=""):
    latest = latest_version(campaign)
    cases = list(pending_upheld(campaign))
    reserve = list(reserve_of(latest).select_related("nomination")) if latest else []
    chosen_cases = set(choice.cleaned_data["case"]) if choice and choice.is_valid() else None
    chosen_subs = set(choice.cleaned_data["substitute"]) if choice and choice.is_valid() else set()
    return render(
        request,
        REVISION,
        {
            "campaign": campaign,
            "latest": latest,
            "cases": [(c, chosen_cases is None or c.pk in chosen_cases) for c in cases],
            "reserve": [(e, e.nomination_id in chosen_subs) for e in reserve],
            "listed": list(listed_of(latest)) if latest else [],
            "preview": preview,
            "form": form,
            "refusal": refusal,
            "may_record": is_council(request.user),
            "pending_notice": unpublicized_substitutes(campaign, latest),
            "notice_url": _notice_url() if is_provincial(request.user) else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def revision(request: HttpRequest) -> HttpResponse:
    """Choose (GET), confirm (GET with ``step=confirm``), record (POST, the secretary only)."""
    require(is_council(request.user) or is_provincial(request.user))
    if request.method == "POST":
        require(is_council(request.user))
    campaign = running_campaign()
    latest = latest_version(campaign)
    cases = list(pending_upheld(campaign))
    reserve = list(reserve_of(latest).select_related("nomination")) if latest else []
    source = request.POST if request.method == "POST" else request.GET
    choice = ChoiceForm(source, cases=cases, reserve=reserve)
    if request.method == "GET" and request.GET.get("step") != "confirm":
        return _revision_page(request, campaign)
    if not choice.is_valid():
        return _revision_page(
            request, campaign, refusal=_("所选异议或递补人选已发生变化，请重新选择。")
        )
    chosen_cases, substitutes = _chosen(choice, cases, reserve)
    try:
        preview = preview_revision(campaign, removed_cases=chosen_cases, substitutes=substitutes)
    except DomainError as error:
        return _revision_page(request, campaign, choice=choice, refusal=error.message)
    if request.method == "GET":
        form = RevisionForm(
            cases=cases,
            reserve=reserve,
            initial={
                "case": choice.cleaned_data["case"],
                "substitute": choice.cleaned_data["substitute"],
                "list_version": latest.number,
            },
        )
        return _revision_page(request, campaign, form=form, choice=choice, preview=preview)
    form = RevisionForm(request.POST, request.FILES, cases=cases, reserve=reserve)
    if form.is_valid():
        try:
            version = approve_revision(
                campaign,
                form.decision(),
                minutes=form.cleaned_data["minutes"],
                removed_cases=chosen_cases,
                substitutes=substitutes,
                expected_version=form.cleaned_data["list_version"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("minutes", error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("主席办公会议决定已记录，名单已锁定为第%(number)s版。")
                % {"number": version.number},
            )
            return redirect("publicity:revision")
    if "minutes" in request.FILES:
        form.add_error("minutes", _("请重新选择会议纪要文件。"))
    # After a refusal the page shows the list as it is now and the version it is.
    form.data = form.data.copy()
    form.data["list_version"] = latest.number
    return _revision_page(request, campaign, form=form, choice=choice, preview=preview)


def _result_page(request, campaign, form):
    result = publicity_result(campaign)
    latest = latest_version(campaign)
    cases = list(accepted_cases(campaign))
    return render(
        request,
        RESULT,
        {
            "campaign": campaign,
            "result": result,
            "final": list(listed_of(result.final_version)) if result else [],
            "latest": latest,
            "listed": list(listed_of(latest)) if latest and not result else [],
            "blockers": None if result else result_blockers(campaign),
            "cases": cases,
            "kind_handled": bool(cases),
            "now": timezone.now(),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def result(request: HttpRequest) -> HttpResponse:
    """What still stands open, then the record of the result and the final list."""
    require(is_provincial(request.user))
    campaign = running_campaign()
    if request.method != "POST":
        return _result_page(request, campaign, ResultForm())
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            recorded = record_publicity_result(
                campaign, actor=request.user, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("公示结果已记录：%(kind)s。第%(number)s版名单为命名名单。")
                % {"kind": recorded.get_kind_display(), "number": recorded.final_version.number},
            )
            return redirect("publicity:result")
    return _result_page(request, campaign, form)
