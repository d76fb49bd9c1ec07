"""The council secretary's page: the proposed list, the decision, the locked versions.

Staff read these pages too; only the council secretary records a decision.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from longjiang.exceptions import DomainError
from longjiang.jobs.downloads import protected_file_response
from longjiang.views import require
from nominations.selectors import running_campaign
from review import permissions
from review.aggregation import Result
from review.forms.council import CouncilDecisionForm
from review.freeze import list_frozen
from review.models import CouncilDecision
from review.selectors.council import lock_warnings
from review.selectors.lists import decisions_for, version_view, versions_for
from review.selectors.ranking import Ranking, composition_fingerprint, ranking_for
from review.selectors.scoring import review_settings_of
from review.services.lists import UnacknowledgedWarnings, record_council_decision


def _rows(ranking: Ranking, results: list[Result]) -> list[tuple]:
    """Return (result, nomination, move or None) for each result, for the template."""
    return [(r, ranking.nomination(r), ranking.moves.get(r.nomination_id)) for r in results]


def _record(request: HttpRequest, campaign, form: CouncilDecisionForm) -> HttpResponse | None:
    """Record a valid decision and redirect; None, with the form's errors, if refused."""
    try:
        decision = record_council_decision(
            campaign,
            form.decision(),
            minutes=form.cleaned_data["minutes"],
            actor=request.user,
            fingerprint=form.cleaned_data["fingerprint"] or "",
            expected_version=form.cleaned_data["list_version"],
            acknowledged=form.cleaned_data["acknowledged"],
        )
    except ValidationError as exc:
        form.add_error("minutes", exc)
        return None
    except UnacknowledgedWarnings as exc:
        form.add_error("acknowledged", exc.message)
        return None
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None
    if decision.outcome == CouncilDecision.Outcome.APPROVED:
        version = decision.list_version
        messages.success(
            request, _("名单已审定并锁定为第%(number)s版。") % {"number": version.number}
        )
        return redirect("review:version", number=version.number)
    messages.success(request, _("已记录会议决定：建议名单退回重新研究。"))
    return redirect("review:council")


def _page(request: HttpRequest, campaign, form: CouncilDecisionForm, *, may_record: bool):
    """Render the proposed list as composed now, the decisions and the versions."""
    ranking = ranking_for(request.user, campaign)
    composition = ranking.composition
    fingerprint = composition_fingerprint(ranking)
    versions = list(versions_for(request.user, campaign))
    latest_number = versions[-1].number if versions else 0
    # The form carries the fingerprint of the list and the latest version shown with
    # it; after a refusal, those are the list and the version as they are now.
    if form.is_bound:
        form.data = form.data.copy()
        form.data["fingerprint"] = fingerprint
        form.data["list_version"] = latest_number
    else:
        form.initial.update(fingerprint=fingerprint, list_version=latest_number)
    warnings = lock_warnings(campaign, ranking)
    acknowledged = set(form.data.getlist("acknowledged")) if form.is_bound else set()
    return render(
        request,
        "review/council.html",
        {
            "campaign": campaign,
            "ranking": ranking,
            "fingerprint": fingerprint,
            "listed": _rows(ranking, composition.listed),
            "reserve": _rows(ranking, composition.reserve),
            "ties": _rows(ranking, composition.tie_at_quota),
            "settings": review_settings_of(campaign),
            "decisions": decisions_for(request.user, campaign),
            "versions": versions,
            "latest": versions[-1] if versions else None,
            "next_number": latest_number + 1,
            "warnings": [(w, w.kind in acknowledged) for w in warnings],
            "form": form,
            "may_record": may_record,
            # A later stage fixed the list (review.freeze): its message, no form.
            "frozen": list_frozen(campaign),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def council(request: HttpRequest) -> HttpResponse:
    require(permissions.can_see_ranking(request.user))
    campaign = running_campaign()
    may_record = permissions.can_record_decision(request.user)
    if request.method != "POST":
        return _page(request, campaign, CouncilDecisionForm(), may_record=may_record)
    require(may_record)
    form = CouncilDecisionForm(request.POST, request.FILES)
    if form.is_valid():
        response = _record(request, campaign, form)
        if response is not None:
            return response
    if "minutes" in request.FILES:
        # A browser cannot refill a file input: say so beside the other errors.
        form.add_error("minutes", _("请重新选择会议纪要文件。"))
    return _page(request, campaign, form, may_record=may_record)


@login_required
@require_GET
def version(request: HttpRequest, number: int) -> HttpResponse:
    require(permissions.can_see_ranking(request.user))
    campaign = running_campaign()
    found = get_object_or_404(versions_for(request.user, campaign), number=number)
    return render(
        request,
        "review/version.html",
        {"campaign": campaign, "view": version_view(found)},
    )


@login_required
@require_GET
def minutes(request: HttpRequest, decision_id: int) -> HttpResponse:
    require(permissions.can_see_ranking(request.user))
    campaign = running_campaign()
    decision = get_object_or_404(decisions_for(request.user, campaign), pk=decision_id)
    return protected_file_response(
        decision.minutes_storage_name,
        filename=decision.minutes_name,
        content_type="application/pdf",
        inline=False,
    )
