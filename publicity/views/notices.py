"""Staff's screens for publicity notices: the overview, a new notice, the draft, preview,
publish (with a confirmation), withdraw (before the start) and discard.

Provincial staff only. Each view loads the notice through the running campaign,
checks the role, validates the form and calls one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from longjiang.accounts.roles import is_provincial
from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations.selectors import running_campaign
from publicity import publication
from publicity.forms.notices import DraftForm, PublishForm, StartForm, WithdrawForm
from publicity.models import Notice, Phase, Snapshot
from publicity.selectors.notices import campaign_notices, notice_persons
from publicity.selectors.results import unpublicized_substitutes
from publicity.services.notices import (
    CalendarNotCovered,
    discard_notice,
    format_cutoff,
    format_period,
    period_for,
    prepare_notice,
    publish_notice,
    update_notice,
    withdraw_notice,
)
from publicity.workflow import NoticeStatus
from review.models import ListEntry, ListVersion


def can_manage_notices(user) -> bool:
    """Provincial staff prepare and publish notices."""
    return is_provincial(user)


def _latest_version(campaign) -> ListVersion | None:
    return ListVersion.objects.filter(campaign=campaign).order_by("-number").first()


def _listed(version: ListVersion | None) -> list[ListEntry]:
    if version is None:
        return []
    return list(
        ListEntry.objects.filter(version=version, part=ListEntry.Part.LISTED).order_by("position")
    )


def _computed(campaign, starts_on) -> tuple[dict | None, str]:
    """The period shown before saving, or the calendar's refusal."""
    try:
        first, last, closes_at = period_for(campaign, starts_on)
    except CalendarNotCovered as error:
        return None, str(error)
    start, end = format_period(first, last)
    return {
        "period": f"{start}至{end}",
        "cutoff": format_cutoff(closes_at),
        "days": campaign.publicity_working_days,
        "moved": first != starts_on,
    }, ""


# Snapshots in the order they are shown: the page, the page after the cut-off, the PDF.
# Revised pages (after a later list version) follow, by version.
SNAPSHOT_ORDER = {
    Snapshot.Kind.PAGE: 0,
    Snapshot.Kind.CLOSED_PAGE: 1,
    Snapshot.Kind.PDF: 2,
    Snapshot.Kind.REVISED_PAGE: 3,
    Snapshot.Kind.REVISED_CLOSED_PAGE: 4,
}


def _snapshots(notice: Notice) -> list[Snapshot]:
    return sorted(
        notice.snapshots.all(), key=lambda s: (s.revision_id or 0, SNAPSHOT_ORDER[s.kind])
    )


def _notice(campaign, pk: int) -> Notice:
    return get_object_or_404(campaign_notices(campaign), pk=pk)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The running campaign's publicity: its notices with their phase by the clock."""
    require(can_manage_notices(request.user))
    campaign = running_campaign()
    now = timezone.now()
    notices = list(campaign_notices(campaign))
    rows = []
    for notice in notices:
        start, end = format_period(notice.starts_on, notice.ends_on)
        rows.append(
            {
                "notice": notice,
                "phase": notice.phase(now),
                "period": f"{start}至{end}",
                "cutoff": format_cutoff(notice.closes_at),
                "snapshots": _snapshots(notice),
            }
        )
    version = _latest_version(campaign)
    return render(
        request,
        "publicity/staff/notices.html",
        {
            "campaign": campaign,
            "version": version,
            "listed_count": len(_listed(version)),
            "rows": rows,
            "Phase": Phase,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request: HttpRequest) -> HttpResponse:
    """Choose the start date; 计算公示期 shows the period, 保存草稿 prepares the notice."""
    require(can_manage_notices(request.user))
    campaign = running_campaign()
    version = _latest_version(campaign)
    listed = _listed(version)
    computed, refusal = None, ""
    if request.method == "POST":
        form = StartForm(request.POST, listed=listed)
        if form.is_valid():
            computed, refusal = _computed(campaign, form.cleaned_data["starts_on"])
            if refusal:
                form.add_error("starts_on", refusal)
            elif request.POST.get("action") == "save" and version is not None:
                chosen = {int(pk) for pk in form.cleaned_data["persons"]}
                persons = [entry.nomination for entry in listed if entry.nomination_id in chosen]
                try:
                    notice = prepare_notice(
                        campaign,
                        list_version=version,
                        starts_on=form.cleaned_data["starts_on"],
                        actor=request.user,
                        kind=form.cleaned_data["kind"],
                        persons=persons,
                    )
                except DomainError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("公示公告草稿已保存，请核对标题和正文。"))
                    return redirect("publicity:notice_detail", pk=notice.pk)
    else:
        initial = {"starts_on": timezone.localdate()}
        if request.GET.get("kind") == Notice.Kind.SUPPLEMENTARY:
            # From the council's page after a revision: the substitutes of the latest
            # version that no published notice has shown yet, computed here.
            initial["kind"] = Notice.Kind.SUPPLEMENTARY
            initial["persons"] = [
                str(entry.nomination_id) for entry in unpublicized_substitutes(campaign, version)
            ]
        form = StartForm(listed=listed, initial=initial)
    return render(
        request,
        "publicity/staff/notice_new.html",
        {"campaign": campaign, "version": version, "form": form, "computed": computed},
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A notice; a draft is edited here (计算公示期 first, then 保存)."""
    require(can_manage_notices(request.user))
    campaign = running_campaign()
    notice = _notice(campaign, pk)
    computed = None
    form = None
    if notice.status == NoticeStatus.DRAFT:
        if request.method == "POST":
            form = DraftForm(request.POST)
            if form.is_valid():
                computed, refusal = _computed(campaign, form.cleaned_data["starts_on"])
                if refusal:
                    form.add_error("starts_on", refusal)
                elif request.POST.get("action") == "save":
                    try:
                        update_notice(notice, actor=request.user, **form.cleaned_data)
                    except DomainError as error:
                        form.add_error(None, error.message)
                    else:
                        messages.success(request, _("公示公告草稿已保存。"))
                        return redirect("publicity:notice_detail", pk=notice.pk)
        else:
            form = DraftForm(
                initial={
                    "title": notice.title,
                    "text": notice.text,
                    "starts_on": notice.starts_on,
                    "channels": notice.channels,
                }
            )
    elif request.method == "POST":
        return redirect("publicity:notice_detail", pk=notice.pk)
    start, end = format_period(notice.starts_on, notice.ends_on)
    return render(
        request,
        "publicity/staff/notice_detail.html",
        {
            "campaign": campaign,
            "notice": notice,
            "phase": notice.phase(),
            "Phase": Phase,
            "period": f"{start}至{end}",
            "cutoff": format_cutoff(notice.closes_at),
            "persons": notice_persons(notice),
            "snapshots": _snapshots(notice),
            "form": form,
            "computed": computed,
        },
    )


@login_required
def notice_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The public page exactly as it will be rendered (``?closed=1``: after the cut-off)."""
    require(can_manage_notices(request.user))
    notice = _notice(running_campaign(), pk)
    closed = request.GET.get("closed") == "1"
    if notice.status == NoticeStatus.PUBLISHED:
        kind = Snapshot.Kind.CLOSED_PAGE if closed else Snapshot.Kind.PAGE
        snapshot = notice.snapshots.filter(kind=kind, revision=None).first()
        if snapshot is not None:
            content = publication.snapshot_path(snapshot).read_bytes()
            return HttpResponse(content, content_type="text/html; charset=utf-8")
    content = publication.notice_content(notice, rendered_at=timezone.now())
    page = publication.render_page(content, closed=closed, pdf_name=None)
    return HttpResponse(page, content_type="text/html; charset=utf-8")


@login_required
@require_http_methods(["GET", "POST"])
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the dates, the cut-off, the count and the list's hash; then publish."""
    require(can_manage_notices(request.user))
    campaign = running_campaign()
    notice = _notice(campaign, pk)
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                publish_notice(notice, actor=request.user, confirmed=form.cleaned_data["confirmed"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("公示公告已发布，公示页面已生成。"))
                return redirect("publicity:notice_detail", pk=notice.pk)
    else:
        form = PublishForm()
    start, end = format_period(notice.starts_on, notice.ends_on)
    return render(
        request,
        "publicity/staff/notice_publish.html",
        {
            "campaign": campaign,
            "notice": notice,
            "period": f"{start}至{end}",
            "cutoff": format_cutoff(notice.closes_at),
            "count": len(notice_persons(notice)),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a published notice before it starts, with a reason."""
    require(can_manage_notices(request.user))
    campaign = running_campaign()
    notice = _notice(campaign, pk)
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                withdraw_notice(notice, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("公示公告已撤回，公示页面已不再显示该公告。"))
                return redirect("publicity:notices")
    else:
        form = WithdrawForm()
    start, end = format_period(notice.starts_on, notice.ends_on)
    return render(
        request,
        "publicity/staff/notice_withdraw.html",
        {
            "campaign": campaign,
            "notice": notice,
            "phase": notice.phase(),
            "Phase": Phase,
            "period": f"{start}至{end}",
            "form": form,
        },
    )


@login_required
@require_POST
def notice_discard(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_manage_notices(request.user))
    notice = _notice(running_campaign(), pk)
    try:
        discard_notice(notice, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("publicity:notice_detail", pk=notice.pk)
    messages.success(request, _("公示公告草稿已作废。"))
    return redirect("publicity:notices")
