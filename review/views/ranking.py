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
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from longjiang.exceptions import DomainError
from longjiang.forms import Form
from longjiang.views import require
from nominations.models import Campaign
from nominations.selectors import LIST_DEFERRED, nominations_visible_to, running_campaign
from review import permissions
from review.aggregation import Part
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


def _number_formatter():
    """Return a function writing a figure of the table as the template would (``localize``),
    or "—" for none; each distinct value is formatted once a page.

    A page writes some 600 figures of a few hundred distinct values, and ``localize``
    reads the active language's formats on every call. The key keeps the scale apart
    (``Decimal("0.0")`` and ``Decimal("0.00")`` are equal but written differently).
    """
    written: dict[tuple[type, str], str] = {}

    def number(value) -> str:
        if value is None:
            return "—"
        key = (value.__class__, str(value))
        text = written.get(key)
        if text is None:
            text = written[key] = localize(value)
        return text

    return number


def _lines(
    ranking: Ranking, page: Page, *, error: RowError | None, may_move: bool
) -> list[dict[str, object]]:
    """Return the lines of one page, figures written: its candidates, and the quota and
    reserve lines after theirs. Positions and ranks are the whole campaign's.

    A line is a dict, which the template finds at its first lookup (an object's
    attribute only after a failed item lookup): 100 rows of some 30 lookups each.
    """
    rules = ranking.rules
    listed = {r.nomination_id for r in ranking.composition.listed}
    reserve = {r.nomination_id for r in ranking.composition.reserve}
    number = _number_formatter()
    tied = _("并列%(rank)s")
    quota_line = rules.quota or None
    reserve_line = rules.quota + rules.reserve_size if rules.reserve_size else None
    lines = []
    for result in page:
        pk = result.nomination_id
        nomination = ranking.nomination(result)
        move = ranking.moves.get(pk)
        if result.rank is None:
            rank = None
        elif result.tied:
            rank = tied % {"rank": number(result.rank)}
        else:
            rank = number(result.rank)
        # The form the row offers staff: undo the move, or move out of or into the list.
        offer = ""
        if may_move and move is None and result.score is not None:
            offer = "out" if result.part == Part.LISTED else "in"
        if may_move and move is not None:
            action = reverse("review:list_move_undo", args=[move.pk])
        elif offer:
            action = reverse("review:list_move", args=[pk])
        else:
            action = ""
        if pk in listed:
            part = Part.LISTED
        else:
            part = Part.RESERVE if pk in reserve else Part.OUT
        lines.append(
            {
                "divider": "",
                "pk": pk,
                "name": nomination.name,
                "unit": nomination.unit.name,
                "rank": rank,
                "n": number(result.n),
                "mean": number(result.mean),
                "trimmed_mean": number(result.trimmed_mean),
                "trimmed": result.trimmed,
                "std_dev": number(result.std_dev),
                "spread": number(result.spread),
                "disagreement": result.disagreement,
                "normalised": number(result.normalised),
                "tie_at_quota": result.tie_at_quota,
                "part": part,
                "move": move,
                "offer": offer,
                "action": action,
                "error": error if error is not None and error.nomination_id == pk else None,
            }
        )
        if result.position == quota_line:
            lines.append({"divider": "quota"})
        if result.position == reserve_line:
            lines.append({"divider": "reserve"})
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
    may_move = permissions.can_manage_review(request.user)
    return render(
        request,
        "review/ranking.html",
        {
            "campaign": campaign,
            "ranking": ranking,
            "rules": ranking.rules,
            "method_label": RankingMethod(ranking.rules.method).label,
            "trimmed_method": ranking.rules.method == RankingMethod.TRIMMED,
            "lines": _lines(ranking, page, error=error, may_move=may_move),
            "page": page,
            # Sent back by each row's form: one lookup, not the page object's for each row.
            "page_number": page.number,
            "columns": 11 if ranking.show_normalised else 10,
            "ranked_count": len(ranked),
            "unscored_count": len(ranking.results) - len(ranked),
            "disagreements": sum(r.disagreement for r in ranked),
            "tie": [(r, ranking.nomination(r)) for r in tie],
            "tie_score": tie[0].score if tie else None,
            "tie_rank": tie[0].rank if tie else None,
            "distributions": list_distribution(ranking),
            "may_move": may_move,
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
