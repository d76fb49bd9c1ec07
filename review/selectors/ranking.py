"""Reads of the aggregation, the ranking and the proposed list.

``ranking_data`` is the one place that turns score sheets into a ranking: the
ranking page, the council's page, the documents and the council's lock all call
it, so the list the council approves is the list staff saw. Only the sheets of
``candidates.counted_sheets`` count: submitted, and never a pair with a confirmed
conflict of interest.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import F, IntegerField, QuerySet, Sum
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.db import whole_campaign_read
from nominations.models import Campaign, Nomination
from nominations.selectors import LIST_DEFERRED
from nominations.workflow import Status
from review.aggregation import Composition, Result, Rules, TenthsRow, aggregate_tenths, compose
from review.models import Dimension, ListMove, ReviewSettings, Score, ScoreSheet
from review.permissions import can_manage_review, can_see_ranking
from review.selectors.candidates import counted_sheets
from review.selectors.scoring import review_settings_of

ONE_DECIMAL = Decimal("0.1")


def ranking_rules(campaign: Campaign, settings: ReviewSettings | None = None) -> Rules:
    """Return the campaign's aggregation rules, the defaults where staff changed nothing.

    ``settings``: the campaign's ``review_settings_of`` when the caller has read them.
    """
    if settings is None:
        settings = review_settings_of(campaign)
    max_total = Dimension.objects.filter(campaign=campaign).aggregate(total=Sum("max_points"))[
        "total"
    ]
    return Rules(
        method=settings.ranking_method,
        trim_from=settings.trim_from,
        disagreement_threshold=settings.disagreement_threshold,
        quota=campaign.quota,
        reserve_size=settings.reserve_size,
        max_total=max_total or Decimal("100"),
        normalise=settings.show_normalised,
    )


class WholeTenths(Cast):
    """A decimal of one place in whole tenths, as an integer: ``CAST(value * 10 AS integer)``.

    Exact: the value has one decimal place. The database returns integers, so no
    converter runs in Python on each row (Django converts an integer expression's
    values with ``int()`` one by one, some 15,000 for the ranking's sheets).
    """

    def __init__(self, field: str):
        super().__init__(F(field) * 10, IntegerField())

    @property
    def convert_value(self):
        return self._convert_value_noop


def sheet_tenths(campaign: Campaign) -> list[TenthsRow]:
    """Return the counted sheets' totals in whole tenths, by nomination and expert id.

    Each sheet keeps its total (``ScoreSheet.total``, written with its points), so
    the ranking reads one row per sheet and never joins the points. The rows are
    the database's own tuples of three integers (37.5 is 375): no ``Decimal`` and
    no object of ours for each of some 15,000 sheets.
    """
    rows = (
        counted_sheets(campaign)
        .annotate(tenths=WholeTenths("total"))  # decimal_places=1
        .values_list("nomination_id", "expert_id", "tenths")
        .order_by("nomination_id", "expert_id")
    )
    with whole_campaign_read():
        return list(rows)


class CountedSheet(NamedTuple):
    """A sheet that counts, with its points by dimension id (the score workbook's rows).

    Points are whole tenths of a point (7.5 is 75): a point has one decimal, so
    integers add them exactly, without a ``Decimal`` for each of 75,000 scores.
    """

    nomination_id: int
    expert_id: int
    recommend: bool | None
    submitted_at: datetime | None
    tenths: dict[int, int]

    @property
    def total_tenths(self) -> int:
        return sum(self.tenths.values())

    @property
    def tenths_row(self) -> TenthsRow:
        """The sheet as ``sheet_tenths`` reads it."""
        return (self.nomination_id, self.expert_id, self.total_tenths)


def counted_sheet_points(campaign: Campaign) -> list[CountedSheet]:
    """Return the sheets that count with their points, by nomination and expert id.

    The same sheets and totals as ``sheet_tenths`` for a caller that needs the points
    too: the rule is applied once, without the join and the grouping on the points,
    and the points of the campaign's submitted sheets are read in one plain query.
    """
    counted = (
        counted_sheets(campaign)
        .order_by("nomination_id", "expert_id")
        .values_list("pk", "nomination_id", "expert_id", "recommend", "submitted_at")
    )
    submitted = ScoreSheet.objects.filter(
        nomination__campaign=campaign, status=ScoreSheet.Status.SUBMITTED
    ).values("pk")
    points = (
        Score.objects.filter(sheet__in=submitted)
        .order_by()
        .annotate(tenths=WholeTenths("points"))  # decimal_places=1
        .values_list("sheet_id", "dimension_id", "tenths")
    )
    with whole_campaign_read():
        sheets = {
            pk: CountedSheet(nomination_id, expert_id, recommend, submitted_at, {})
            for pk, nomination_id, expert_id, recommend, submitted_at in counted
        }
        for sheet_id, dimension_id, tenths in points:
            sheet = sheets.get(sheet_id)
            if sheet is not None:
                sheet.tenths[dimension_id] = tenths
    return list(sheets.values())


@dataclass(frozen=True)
class Ranking:
    """The campaign's ranking with its candidates, and the proposed list composed from it.

    ``nominations`` holds the candidates read as model instances: all of them by
    default, or only those a caller asks ``read_nominations`` for (a page of the
    ranking needs some hundred of the 1,000). ``nomination`` of a candidate not
    read is a ``KeyError``, never a query per row.
    """

    rules: Rules
    results: list[Result]
    nominations: dict[int, Nomination]
    moves: dict[int, ListMove]
    composition: Composition
    show_normalised: bool

    def nomination(self, result: Result) -> Nomination:
        return self.nominations[result.nomination_id]

    def read_nominations(self, results: Iterable[Result]) -> None:
        """Read the candidates of ``results`` not read yet, in one query."""
        missing = {r.nomination_id for r in results} - self.nominations.keys()
        if missing:
            self.nominations.update(_candidates(Nomination.objects.filter(pk__in=missing)))


def _candidates(nominations: QuerySet[Nomination]) -> dict[int, Nomination]:
    """Return the candidates as the ranking's readers need them, by id, in display order."""
    return {
        n.pk: n
        for n in nominations.select_related("unit")
        .defer(*LIST_DEFERRED)
        .order_by("unit__sort_order", "unit_rank", "pk")
    }


def ranking_data(
    campaign: Campaign,
    *,
    tenths: list[TenthsRow] | None = None,
    read_nominations: bool = True,
) -> Ranking:
    """Return the ranking of every eligible candidate of the campaign (no user scope).

    ``tenths``: the counted sheets' totals when the caller has read them already
    (from ``counted_sheet_points``); by default ``sheet_tenths`` reads them.
    ``read_nominations=False`` ranks the candidates by their ids alone and reads
    no candidate as a model instance: the caller reads those it shows with
    ``Ranking.read_nominations``.
    """
    eligible = Nomination.objects.filter(campaign=campaign, status=Status.ELIGIBLE)
    if read_nominations:
        nominations = _candidates(eligible)
        ids = list(nominations)
    else:
        nominations = {}
        ids = list(
            eligible.order_by("unit__sort_order", "unit_rank", "pk").values_list("pk", flat=True)
        )
    settings = review_settings_of(campaign)
    rules = ranking_rules(campaign, settings)
    order = {pk: i for i, pk in enumerate(ids)}
    results = aggregate_tenths(
        [s for s in (sheet_tenths(campaign) if tenths is None else tenths) if s[0] in order],
        rules,
        candidates=ids,
        display_order=order,
    )
    moves = {
        m.nomination_id: m
        for m in ListMove.objects.filter(
            campaign=campaign, nomination__campaign=campaign, nomination__status=Status.ELIGIBLE
        )
        .select_related("moved_by")
        .order_by("moved_at", "pk")
    }
    composition = compose(results, {pk: m.direction for pk, m in moves.items()}, rules)
    return Ranking(
        rules=rules,
        results=results,
        nominations=nominations,
        moves=moves,
        composition=composition,
        show_normalised=settings.show_normalised,
    )


def composition_fingerprint(ranking: Ranking) -> str:
    """Return a SHA-256 over the proposed list as composed now: who, in which order, why.

    Printed on the proposed-list PDF and the council page, and sent back with the
    council's decision, so that the list locked is the list the council saw.
    """
    composition = ranking.composition

    def lines(results):
        return [
            [
                r.nomination_id,
                str(r.score),
                r.rank,
                ranking.moves[r.nomination_id].reason if r.nomination_id in ranking.moves else "",
            ]
            for r in results
        ]

    content = {
        "listed": lines(composition.listed),
        "reserve": lines(composition.reserve),
        "rules": [
            ranking.rules.method,
            ranking.rules.trim_from,
            str(ranking.rules.disagreement_threshold),
            ranking.rules.quota,
            ranking.rules.reserve_size,
        ],
    }
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def ranking_for(user: User, campaign: Campaign, *, read_nominations: bool = True) -> Ranking | None:
    """Return the ranking for staff and the council secretary; None for anyone else.

    ``read_nominations``: as for ``ranking_data``.
    """
    if not can_see_ranking(user):
        return None
    return ranking_data(campaign, read_nominations=read_nominations)


@dataclass(frozen=True)
class Share:
    """One line of a distribution: a label, how many of the list, and their share in percent."""

    label: str
    count: int
    percent: Decimal


@dataclass(frozen=True)
class Distribution:
    """The proposed list counted by one characteristic, largest group first."""

    title: str
    rows: list[Share]


def _labels(field: str):
    """Return a function labelling a nomination's ``field`` as ``get_FOO_display`` does,
    or 未填写 when it is empty; the choices are translated once, not once a nomination."""
    choices = {value: str(label) for value, label in Nomination._meta.get_field(field).flatchoices}
    unset = str(_("未填写"))

    def label(nomination: Nomination):
        value = getattr(nomination, field)
        return unset if value in (None, "") else choices.get(value, value)

    return label


def list_distribution(ranking: Ranking) -> list[Distribution]:
    """Count the proposed list by unit, industry, sex, employer nature and skill level.

    Shares are percentages of the list, rounded half up to one decimal; equal counts
    are ordered by label so the tables do not shuffle between visits.
    """
    listed = [ranking.nomination(r) for r in ranking.composition.listed]
    characteristics = [
        (_("推荐单位"), lambda n: n.unit.name),
        (_("所属行业"), _labels("industry")),
        (_("性别"), _labels("sex")),
        (_("单位性质"), _labels("employer_nature")),
        (_("职业技能等级"), _labels("skill_level")),
    ]
    distributions = []
    for title, label_of in characteristics:
        counts = Counter(label_of(n) for n in listed)
        rows = [
            Share(
                label=label,
                count=count,
                percent=(Decimal(100 * count) / len(listed)).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                ),
            )
            for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]
        distributions.append(Distribution(title=str(title), rows=rows))
    return distributions


def moves_for(user: User, campaign: Campaign):
    """Return the campaign's moves of the proposed list that the user may undo (staff's)."""
    if not can_manage_review(user):
        return ListMove.objects.none()
    return ListMove.objects.filter(campaign=campaign).select_related("nomination")
