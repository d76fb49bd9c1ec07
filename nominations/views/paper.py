"""Paper copies received by post and the units' activity reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from longjiang.accounts import roles
from longjiang.exceptions import DomainError
from longjiang.jobs.downloads import protected_file_response
from longjiang.views import require
from nominations import permissions, services
from nominations.forms.paper import PaperFilterForm, PaperReceiptForm, UnitReportForm
from nominations.paper_rules import REQUIRED_COPIES, paper_deadline_date, paper_is_late
from nominations.selectors import paper as paper_selectors
from nominations.selectors import running_campaign, visible_nomination
from nominations.workflow import RECEIVED_STATES


@login_required
@require_GET
def paper_overview(request: HttpRequest) -> HttpResponse:
    """Show staff, per unit, which paper copies arrived, late, incomplete or not at all."""
    user = request.user
    require(roles.is_provincial(user))
    campaign = running_campaign()
    units = paper_selectors.units_visible_to(user)
    form = PaperFilterForm(request.GET, units=units)
    unit, problems_only = None, False
    if form.is_valid():
        unit, problems_only = form.selected_unit(), form.cleaned_data["problems"]
    groups = paper_selectors.paper_by_unit(user, campaign, units=units, problems_only=problems_only)
    return render(
        request,
        "nominations/paper_overview.html",
        {
            "campaign": campaign,
            "form": form,
            "unit": unit,
            "problems_only": problems_only,
            "groups": groups,
            "shown": [g for g in groups if unit is None or g.unit.pk == unit.pk],
            "totals": {
                key: sum(getattr(g, key) for g in groups)
                for key in ("received", "missing", "late", "incomplete", "total")
            },
            "deadline": paper_deadline_date(campaign),
            "required_copies": REQUIRED_COPIES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """Log the paper copy of one nomination, or correct the logged receipt."""
    nomination = visible_nomination(request.user, pk)
    require(roles.is_provincial(request.user))
    receipt = paper_selectors.paper_receipt_of(nomination)
    if receipt is not None:
        initial = {
            "received_on": receipt.received_on,
            "copies": receipt.copies,
            "stamped": receipt.stamped,
            "note": receipt.note,
        }
    else:
        initial = {"received_on": timezone.localdate(), "copies": REQUIRED_COPIES}
    form = PaperReceiptForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_paper_receipt(
                nomination,
                actor=request.user,
                received_on=form.cleaned_data["received_on"],
                copies=form.cleaned_data["copies"],
                stamped=form.cleaned_data["stamped"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if receipt is None:
                message = _("已登记%(name)s的纸质材料。")
            else:
                message = _("已更正%(name)s的纸质材料登记。")
            messages.success(request, message % {"name": nomination})
            code = nomination.unit.code
            return redirect(f"{reverse('nominations:paper')}?unit={code}#unit-{code}")
    campaign = nomination.campaign
    return render(
        request,
        "nominations/paper_receipt.html",
        {
            "nomination": nomination,
            "receipt": receipt,
            "late": receipt is not None and paper_is_late(receipt, campaign),
            "form": form,
            "can_record": nomination.status in RECEIVED_STATES,
            "deadline": paper_deadline_date(campaign),
        },
    )


@login_required
@require_GET
def paper_mine(request: HttpRequest) -> HttpResponse:
    """Show a clerk the paper-copy status of the unit's nominations and its report."""
    user = request.user
    require(permissions.can_nominate(user))
    campaign = running_campaign()
    groups = paper_selectors.paper_by_unit(user, campaign)
    return render(
        request,
        "nominations/paper_mine.html",
        {
            "campaign": campaign,
            "group": groups[0] if groups else None,
            "report": paper_selectors.unit_report_of(user, campaign, user.unit),
            "deadline": paper_deadline_date(campaign),
            "required_copies": REQUIRED_COPIES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_upload(request: HttpRequest) -> HttpResponse:
    """Let a clerk upload, or replace, the unit's report on its local activities."""
    user = request.user
    require(permissions.can_nominate(user))
    campaign = running_campaign()
    report = paper_selectors.unit_report_of(user, campaign, user.unit)
    initial = {"summary": report.summary} if report else {}
    form = UnitReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_unit_report(
                campaign,
                unit=user.unit,
                actor=user,
                summary=form.cleaned_data["summary"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("情况报告已上传。"))
            return redirect("nominations:report_upload")
    return render(
        request,
        "nominations/reports_mine.html",
        {"campaign": campaign, "form": form, "report": report},
    )


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """Show staff which recommending units have sent their report."""
    user = request.user
    require(roles.is_provincial(user))
    campaign = running_campaign()
    rows = paper_selectors.unit_report_status(user, campaign)
    reported = sum(1 for _unit, report in rows if report is not None)
    return render(
        request,
        "nominations/reports.html",
        {
            "campaign": campaign,
            "rows": rows,
            "reported": reported,
            "not_reported": len(rows) - reported,
        },
    )


@login_required
@require_GET
def report_download(request: HttpRequest, report_id: int) -> HttpResponse:
    """Serve a report to staff, or to a clerk of its own unit; anyone else gets a 404."""
    report = get_object_or_404(paper_selectors.unit_reports_visible_to(request.user), pk=report_id)
    return protected_file_response(
        report.storage_name,
        filename=report.original_name,
        content_type="application/pdf",
        inline=request.GET.get("download") != "1",
    )
