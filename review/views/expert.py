"""The expert's side: the pledge, the candidate list, a candidate, its files, declarations.

Every candidate is reached through ``candidates_for``: a candidate
outside the expert's panels or in a conflict with them is a 404, exactly like
one that does not exist. Before the pledge is signed the expert sees only the
pledge.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from longjiang.accounts import roles
from longjiang.exceptions import DomainError
from longjiang.jobs.downloads import protected_file_response
from longjiang.views import require
from nominations import attachment1, presentation
from nominations.models import Attachment, Nomination
from nominations.selectors import running_campaign
from review import permissions, services
from review.forms.conflicts import DeclarationForm, PledgeForm
from review.forms.scoring import ScoreForm, points_text, score_initial, score_total
from review.models import ScoreSheet
from review.pledge import pledge_paragraphs
from review.selectors.candidates import (
    ExpertAccess,
    candidate_list,
    candidates_for,
    declared_by,
    expert_access,
    expert_of,
    sheet_of,
)
from review.selectors.scoring import dimensions_of, review_settings_of

# A panel can hold hundreds of candidates; an expert works through them a page at
# a time (issue 9: every list page under 150 ms p95 at 1,000 candidates).
CANDIDATE_PAGE_SIZE = 50

# Attachment 1 items an expert never sees: the ID number and every contact detail.
HIDDEN_FROM_EXPERTS = frozenset({"id_number", "mobile", "office_phone", "address", "postal_code"})


def expert_sections(nomination: Nomination) -> list[dict]:
    """Return Attachment 1's sections as an expert sees them: no ID number, no contacts."""
    sections = []
    for section in attachment1.SECTIONS:
        rows = [
            (presentation.label(name), presentation.display_value(nomination, name))
            for name in section.fields
            if name not in HIDDEN_FROM_EXPERTS
        ]
        if rows:
            sections.append({"key": section.key, "title": section.title, "rows": rows})
    return sections


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The expert's landing page: the pledge until it is signed, then the candidates."""
    user = request.user
    if permissions.can_manage_review(user):
        return redirect("review:panels")
    require(roles.is_expert(user))
    campaign = running_campaign()
    access = expert_access(user, campaign)
    context = {"campaign": campaign, "access": access}
    if access.expert is None or not access.active:
        return render(request, "review/expert_inactive.html", context)
    if access.pledge is None:
        context.update(paragraphs=pledge_paragraphs(campaign), form=PledgeForm())
        return render(request, "review/pledge.html", context)
    candidates = candidate_list(access, campaign)
    page = Paginator(candidates, CANDIDATE_PAGE_SIZE).get_page(request.GET.get("page"))
    # The progress and 全部完成 count every candidate, not only this page's.
    context.update(
        page=page,
        total=page.paginator.count,
        submitted=candidates.filter(sheet_status=ScoreSheet.Status.SUBMITTED).count(),
        declared=list(declared_by(access.expert, campaign)),
    )
    return render(request, "review/expert_home.html", context)


@login_required
@require_POST
def pledge_sign(request: HttpRequest) -> HttpResponse:
    require(roles.is_expert(request.user))
    campaign = running_campaign()
    expert = expert_of(request.user)
    if expert is None:
        raise Http404
    form = PledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请阅读承诺内容并勾选“本人已阅读并承诺遵守”后再签署。"))
        return redirect("review:home")
    try:
        services.sign_pledge(expert, campaign=campaign, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("您已签署回避承诺，现在可以查看本组评审人选。"))
    return redirect("review:home")


def _cleared(request: HttpRequest) -> tuple[ExpertAccess, object]:
    """Return the expert's access and the campaign; 404 for an expert outside the review."""
    require(roles.is_expert(request.user))
    campaign = running_campaign()
    access = expert_access(request.user, campaign)
    if access.expert is None or not access.active:
        raise Http404
    return access, campaign


def _candidate(request: HttpRequest, campaign, pk: int) -> Nomination:
    """Return a candidate the expert may see, without the personal numbers; else 404."""
    return get_object_or_404(
        candidates_for(request.user, campaign)
        .select_related("unit", "placement__panel")
        .defer("id_number", "mobile"),
        pk=pk,
    )


def candidate_page(
    request: HttpRequest,
    access: ExpertAccess,
    campaign,
    nomination: Nomination,
    *,
    score_form: ScoreForm | None = None,
) -> HttpResponse:
    """Render a candidate's material beside the expert's score form.

    ``score_form``, when given, is the expert's posted form with its errors and
    everything typed; otherwise the form shows the saved sheet.
    """
    sheet = sheet_of(access, nomination)
    dimensions = list(dimensions_of(campaign))
    if score_form is None:
        score_form = ScoreForm(initial=score_initial(sheet), dimensions=dimensions)
    full_marks = sum((d.max_points for d in dimensions), Decimal(0))
    if sheet is not None and sheet.status == ScoreSheet.Status.SUBMITTED:
        total = score_total(sum((s.points for s in sheet.scores.all()), Decimal(0)), full_marks)
    else:
        total = score_total(*score_form.total())
    return render(
        request,
        "review/candidate.html",
        {
            "sheet": sheet,
            "dimensions": dimensions,
            "score_form": score_form,
            "total": total,
            "full_marks": points_text(full_marks),
            "window": review_settings_of(campaign),
            "nomination": nomination,
            "sections": expert_sections(nomination),
            "awards": nomination.awards.all(),
            "honours": nomination.honours.all(),
            "innovations": nomination.innovations.all(),
            "mentorships": nomination.mentorships.all(),
            "evidence": nomination.attachments.filter(kind=Attachment.Kind.EVIDENCE).select_related(
                "award", "honour"
            ),
            "form": DeclarationForm(),
        },
    )


@login_required
@require_GET
def candidate(request: HttpRequest, pk: int) -> HttpResponse:
    access, campaign = _cleared(request)
    if access.pledge is None:
        return redirect("review:home")
    return candidate_page(request, access, campaign, _candidate(request, campaign, pk))


@login_required
@require_POST
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    access, campaign = _cleared(request)
    if access.pledge is None:
        return redirect("review:home")
    nomination = _candidate(request, campaign, pk)
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择与该人选的关系。"))
        return redirect("review:candidate", pk=nomination.pk)
    try:
        services.declare_conflict(
            access.expert,
            nomination=nomination,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("review:candidate", pk=nomination.pk)
    messages.success(
        request,
        _("已申报与%(name)s的回避关系，该人选已从您的评审名单中移除。") % {"name": nomination},
    )
    return redirect("review:home")


@login_required
@require_GET
def candidate_file(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    """Serve an evidence file of a candidate the expert may see; anything else is a 404."""
    access, campaign = _cleared(request)
    if access.pledge is None:
        raise Http404
    nomination = _candidate(request, campaign, pk)
    attachment = get_object_or_404(
        nomination.attachments.filter(kind=Attachment.Kind.EVIDENCE), pk=attachment_id
    )
    return protected_file_response(
        attachment.storage_name,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        inline=request.GET.get("download") != "1",
    )
