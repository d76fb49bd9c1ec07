"""Handling objections: the staff's case list and case page, the unit clerk's cases.

Cases load through ``objections_visible_to``: a case the user may not see is a
404. Staff without the objection-handling flag read cases but act on none (403)
and never see the complainant or the evidence; the complainant block is shown
only in answer to a handler's POST to ``complainant``, each one audited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from longjiang.accounts.roles import handles_objections, is_clerk, is_provincial
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from longjiang.jobs.downloads import protected_file_response
from longjiang.views import require
from nominations.selectors import running_campaign
from publicity.forms.handling import CaseFilterForm, DecideForm, DeclineForm, ReportForm, SendForm
from publicity.models import Notice, Objection
from publicity.selectors import handling as selectors
from publicity.services import handling
from publicity.workflow import ObjectionStatus

PAGE_SIZE = 50


def _staff_case(request: HttpRequest, pk: int) -> Objection:
    require(is_provincial(request.user))
    return get_object_or_404(
        selectors.objections_visible_to(request.user).select_related(
            "nomination__unit", "notice", "campaign"
        ),
        pk=pk,
    )


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    require(is_provincial(request.user))
    campaign = running_campaign()
    notices = Notice.objects.filter(campaign=campaign).order_by("starts_on", "pk")
    form = CaseFilterForm(request.GET or None, notices=notices)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.objection_cases(
        request.user,
        campaign,
        status=filters.get("status") or "",
        outcome=filters.get("outcome") or "",
        notice=filters.get("notice"),
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "publicity/staff_cases.html",
        {
            "campaign": campaign,
            "form": form,
            "page": page,
            "handler": handles_objections(request.user),
            "today": timezone.localdate(),
        },
    )


def _case_page(request: HttpRequest, case: Objection, *, complainant=None, forms=None, status=200):
    handler = handles_objections(request.user)
    forms = forms or {}
    return render(
        request,
        "publicity/staff_case.html",
        {
            "case": case,
            "handler": handler,
            "complainant": complainant,
            "evidence": list(selectors.evidence_of(case, user=request.user)),
            "timeline": selectors.timeline_of(case),
            "overdue": selectors.is_overdue(case),
            "send_form": forms.get("send") or SendForm(initial={"forwarded_facts": case.facts}),
            "decide_form": forms.get("decide") or DecideForm(),
            "decline_form": forms.get("decline") or DeclineForm(),
            "can_send": handler
            and case.status == ObjectionStatus.RECEIVED
            and case.acceptance == "accepted",
            "can_decline": handler and case.status == ObjectionStatus.RECEIVED,
            "can_decide": handler
            and (
                case.status == ObjectionStatus.REPORTED
                or (case.status == ObjectionStatus.VERIFYING and selectors.is_overdue(case))
            ),
        },
        status=status,
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _staff_case(request, pk)
    return _case_page(request, case)


@login_required
@require_POST
def complainant(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the case with who complained; audited on every request."""
    case = _staff_case(request, pk)
    require(handles_objections(request.user))
    person = selectors.complainant_of(case, user=request.user)
    return _case_page(request, case, complainant=person)


def _act(request: HttpRequest, pk: int, form_class, key: str, call) -> HttpResponse:
    case = _staff_case(request, pk)
    require(handles_objections(request.user))
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("publicity:staff_case", pk=case.pk)
    return _case_page(request, case, forms={key: form}, status=422)


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    def call(case, data):
        handling.send_for_verification(
            case,
            actor=request.user,
            note=data["note"],
            forwarded_facts=data["forwarded_facts"],
        )
        messages.success(request, _("已转推荐单位核查，并已通知该单位填报员。"))

    return _act(request, pk, SendForm, "send", call)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    def call(case, data):
        handling.decide(
            case,
            actor=request.user,
            outcome=data["outcome"],
            note=data["note"],
            reply_text=data["reply_text"],
        )
        messages.success(request, _("异议已办结。"))

    return _act(request, pk, DecideForm, "decide", call)


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    def call(case, data):
        handling.decline(
            case, actor=request.user, reason=data["reason"], acceptance=data["acceptance"]
        )
        messages.success(request, _("已记录为不予受理。"))

    return _act(request, pk, DeclineForm, "decline", call)


@login_required
@require_GET
def evidence(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    """Serve one of the complainant's files to a handler; audited."""
    case = _staff_case(request, pk)
    require(handles_objections(request.user))
    item = get_object_or_404(selectors.evidence_of(case, user=request.user), pk=evidence_id)
    with transaction.atomic():
        record_event(
            "publicity.evidence_viewed",
            actor=request.user,
            subject=case,
            # The id, never the name: the case history is shown to all provincial staff.
            data={"evidence": item.pk},
        )
    return protected_file_response(
        item.storage_name,
        filename=item.original_name,
        content_type=item.content_type,
        inline=True,
    )


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve the unit's 核查报告 to staff and to the unit's own clerks."""
    if not (is_provincial(request.user) or is_clerk(request.user)):
        raise Http404
    case = get_object_or_404(selectors.objections_visible_to(request.user), pk=pk)
    if not case.report_storage_name:
        raise Http404
    return protected_file_response(
        case.report_storage_name,
        filename=case.report_name,
        content_type="application/pdf",
        inline=False,
    )


# --- The unit's clerk -------------------------------------------------------------------


@login_required
@require_GET
def unit_cases(request: HttpRequest) -> HttpResponse:
    require(is_clerk(request.user))
    campaign = running_campaign()
    rows = [
        (case, selectors.is_overdue(case), selectors.is_due_soon(case))
        for case in selectors.unit_cases(request.user, campaign)
    ]
    return render(request, "publicity/unit_cases.html", {"campaign": campaign, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def unit_case(request: HttpRequest, pk: int) -> HttpResponse:
    require(is_clerk(request.user))
    case = get_object_or_404(
        selectors.objections_visible_to(request.user).select_related("nomination", "notice"),
        pk=pk,
    )
    form = ReportForm()
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                handling.submit_report(
                    case, actor=request.user, report_file=form.cleaned_data["report"]
                )
            except ValidationError as exc:
                form.add_error("report", exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("核查报告已报送。"))
                return redirect("publicity:unit_case", pk=case.pk)
        status = 422
    return render(
        request,
        "publicity/unit_case.html",
        {
            "case": case,
            "form": form,
            "overdue": selectors.is_overdue(case),
            "may_submit": case.status == ObjectionStatus.VERIFYING,
        },
        status=status,
    )
