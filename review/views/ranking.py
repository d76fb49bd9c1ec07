"""The ranking page: aggregates per candidate, the quota and reserve lines, the list's balance.

Staff and the council secretary read it; only staff move candidates into or out
of the proposed list, each time with a written reason. A refused move shows the
page again with the message beside the row and the reason kept.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from longjiang.exceptions import DomainError
from longjiang.forms import Form
from longjiang.views import require
from nominations.models import Campaign, Nomination
from nominations.selectors import LIST_DEFERRED, nominations_visible_to, running_campaign
from review import permissions
from review.aggregation import Part, Result
from review.models import ListMove, RankingMethod
from review.selectors.lists import versions_for
from review.selectors.ranking import Ranking, list_distribution, moves_for, ranking_for
from review.services.proposed import move_into_list, move_out_of_list, undo_move

# The table shows 100 candidates a page: the proposed list and its reserve (a quota
# of some tens) stay on the first page, while 1,000 rows no longer render at once
# (issue 9). The council's full ranking is the score workbook and the list's PDF.
RANKING_PAGE_SIZE = 100


class MoveForm(Form):
    direction = forms.ChoiceField(choices=ListMove.Direction.choices)
    # The services require and check the reason, with their own messages.
    reason = forms.CharField(required=False, max_length=300)


@dataclass(frozen=True)
class RowError:
    """A refused move or undo: whose row, why, and the reason the user typed."""

    nomination_id: int
    message: str
    reason: str


@dataclass(frozen=True)
class Row:
    result: Result
    nomination: Nomination
    move: ListMove | None
    part: str
    error: RowError | None

    @property
    def may_move_out(self) -> bool:
        return self.move is None and self.result.part == Part.LISTED

    @property
    def may_move_in(self) -> bool:
        return (
            self.move is None and self.result.score is not None and self.result.part != Part.LISTED
        )


@dataclass(frozen=True)
class Line:
    """One line of the table: a candidate, or the quota or reserve line drawn after one."""

    kind: str
    row: Row | None = None


def _lines(ranking: Ranking, page: Page, error: RowError | None) -> list[Line]:
    """Return the lines of one page; positions and ranks are the whole campaign's."""
    rules = ranking.rules
    listed = {r.nomination_id for r in ranking.composition.listed}
    reserve = {r.nomination_id for r in ranking.composition.reserve}
    lines = []
    for result in page:
        pk = result.nomination_id
        part = Part.LISTED if pk in listed else Part.RESERVE if pk in reserve else Part.OUT
        row = Row(
            result=result,
            nomination=ranking.nomination(result),
            move=ranking.moves.get(pk),
            part=part,
            error=error if error is not None and error.nomination_id == pk else None,
        )
        lines.append(Line("candidate", row))
        if rules.quota and result.position == rules.quota:
            lines.append(Line("quota"))
        if rules.reserve_size and result.position == rules.quota + rules.reserve_size:
            lines.append(Line("reserve"))
    return lines


def _page(request: HttpRequest, campaign: Campaign, *, error: RowError | None = None):
    # The ranks are the whole campaign's; candidates are read as model instances only
    # for what the page names: its rows, the tie at the quota line and the list's balance.
    ranking = ranking_for(request.user, campaign, read_nominations=False)
    ranked = [r for r in ranking.results if r.score is not None]
    tie = [r for r in ranking.results if r.tie_at_quota]
    # A move's form sends back the page it was on, so a refused move shows that page.
    number = request.GET.get("page") or request.POST.get("page")
    page = Paginator(ranking.results, RANKING_PAGE_SIZE).get_page(number)
    ranking.read_nominations([*page, *tie, *ranking.composition.listed])
    return render(
        request,
        "review/ranking.html",
        {
            "campaign": campaign,
            "ranking": ranking,
            "rules": ranking.rules,
            "method_label": RankingMethod(ranking.rules.method).label,
            "trimmed_method": ranking.rules.method == RankingMethod.TRIMMED,
            "lines": _lines(ranking, page, error),
            "page": page,
            "columns": 11 if ranking.show_normalised else 10,
            "ranked_count": len(ranked),
            "unscored_count": len(ranking.results) - len(ranked),
            "disagreements": sum(r.disagreement for r in ranked),
            "tie": [(r, ranking.nomination(r)) for r in tie],
            "tie_score": tie[0].score if tie else None,
            "tie_rank": tie[0].rank if tie else None,
            "distributions": list_distribution(ranking),
            "may_move": permissions.can_manage_review(request.user),
            "latest_version": versions_for(request.user, campaign).last(),
            "error": error,
        },
    )


def _back_to(request: HttpRequest, nomination_id: int) -> HttpResponse:
    """Redirect to the row on the page its form was sent from; a move keeps the order."""
    page = request.POST.get("page", "")
    query = f"?page={page}" if page.isdigit() and page != "1" else ""
    return redirect(f"{reverse('review:ranking')}{query}#row-{nomination_id}")


@login_required
@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    """The ranking of every eligible candidate, the proposed list and its balance."""
    require(permissions.can_see_ranking(request.user))
    return _page(request, running_campaign())


@login_required
@require_POST
def list_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a candidate into or out of the proposed list, with a reason."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    nomination = get_object_or_404(
        nominations_visible_to(request.user).filter(campaign=campaign).defer(*LIST_DEFERRED),
        pk=pk,
    )
    form = MoveForm(request.POST)
    reason = request.POST.get("reason", "")
    if not form.is_valid():
        error = RowError(nomination.pk, _("请选择移入或移出建议名单。"), reason)
        return _page(request, campaign, error=error)
    moving_in = form.cleaned_data["direction"] == ListMove.Direction.IN
    move = move_into_list if moving_in else move_out_of_list
    try:
        move(campaign, nomination, reason=reason, actor=request.user)
    except DomainError as exc:
        return _page(request, campaign, error=RowError(nomination.pk, str(exc.message), reason))
    done = _("已将%(name)s移入建议名单。") if moving_in else _("已将%(name)s移出建议名单。")
    messages.success(request, done % {"name": nomination})
    return _back_to(request, nomination.pk)


@login_required
@require_POST
def list_move_undo(request: HttpRequest, move_id: int) -> HttpResponse:
    """Undo a move, with a reason: the candidate returns to their place by ranking."""
    require(permissions.can_manage_review(request.user))
    campaign = running_campaign()
    move = get_object_or_404(moves_for(request.user, campaign), pk=move_id)
    reason = request.POST.get("reason", "")
    try:
        undo_move(move, reason=reason, actor=request.user)
    except DomainError as exc:
        return _page(
            request, campaign, error=RowError(move.nomination_id, str(exc.message), reason)
        )
    messages.success(request, _("已撤销对%(name)s的调整。") % {"name": move.nomination})
    return _back_to(request, move.nomination_id)
