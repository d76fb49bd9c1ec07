"""Assemble the review's documents from the ranking and the records, and build them.

Every score comes from ``ranking_data``, which counts the sheets of
``selectors.candidates.counted_sheets``: submitted sheets only, never a pair with
a confirmed conflict of interest. No user scope here:
who may ask is decided by ``review.jobs`` (staff, and the council secretary for
the lists). This module never imports openpyxl or reportlab.
"""

from collections import Counter
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.documents.export import PDF, XLSX, Export, NothingToExport, Progress
from longjiang.exceptions import DomainError
from nominations.models import Campaign
from review.aggregation import Result
from review.documents import data as docs
from review.documents import pdfs as documents_pdfs
from review.documents import scores
from review.models import (
    Conflict,
    Dimension,
    Expert,
    ListEntry,
    ListVersion,
)
from review.selectors.ranking import (
    CountedSheet,
    Ranking,
    composition_fingerprint,
    counted_sheet_points,
    ranking_data,
)
from review.selectors.scoring import dimensions_of


class NoScores(DomainError):
    default_message = gettext_lazy("尚无有效评分，不能生成建议名单。")


class UnknownListVersion(DomainError):
    default_message = gettext_lazy("没有该版本的锁定名单。")


def _report(progress: Progress, percent: int) -> None:
    if progress is not None:
        progress(percent)


def _score(value: Decimal | None) -> str:
    return "" if value is None else str(value)


# --- The score workbook -----------------------------------------------------------


def _memberships(ranking: Ranking) -> dict[int, docs.Membership]:
    """Return where each candidate stands on the proposed list, by nomination id."""
    composition = ranking.composition
    result = {r.nomination_id: docs.Membership.RESERVE for r in composition.reserve}
    for listed in composition.listed:
        moved_in = listed.nomination_id in composition.moved_in
        result[listed.nomination_id] = (
            docs.Membership.MOVED_IN if moved_in else docs.Membership.LISTED
        )
    for pk in composition.moved_out:
        result[pk] = docs.Membership.MOVED_OUT
    return result


def _conflicts(campaign: Campaign) -> list[Conflict]:
    return list(
        Conflict.objects.filter(nomination__campaign=campaign)
        .select_related("expert", "nomination__unit", "decided_by")
        .only(
            "kind",
            "declared",
            "note",
            "status",
            "reason",
            "decided_at",
            "expert__name",
            "nomination__name",
            "nomination__unit__name",
            "decided_by__username",
            "decided_by__full_name",
        )
        .order_by(
            "expert__name_order", "expert_id", "nomination__unit__sort_order", "nomination_id"
        )
    )


def _conflict_row(conflict: Conflict) -> docs.ConflictRow:
    return docs.ConflictRow(
        expert_name=conflict.expert.name,
        nominee_name=conflict.nomination.name,
        unit_name=conflict.nomination.unit.name,
        kind=conflict.get_kind_display(),
        source=_("专家申报") if conflict.declared else _("系统提示"),
        note=conflict.note,
        status=conflict.get_status_display(),
        reason=conflict.reason,
        decided_by=str(conflict.decided_by) if conflict.decided_by else "",
        decided_at=conflict.decided_at,
    )


def _recused(conflicts: list[Conflict], candidates) -> dict[int, set[int]]:
    """Return the experts in confirmed conflict with each candidate, by nomination id."""
    recused: dict[int, set[int]] = {}
    for conflict in conflicts:
        if conflict.status == Conflict.Status.CONFIRMED and conflict.nomination_id in candidates:
            recused.setdefault(conflict.nomination_id, set()).add(conflict.expert_id)
    return recused


def _summary_row(ranking: Ranking, result: Result, recused: set[int], memberships) -> docs.ScoreRow:
    nomination = ranking.nomination(result)
    move = ranking.moves.get(result.nomination_id)
    membership = memberships.get(result.nomination_id, docs.Membership.NONE)
    moved = membership in (docs.Membership.MOVED_IN, docs.Membership.MOVED_OUT)
    return docs.ScoreRow(
        rank=result.rank,
        name=nomination.name,
        unit_name=nomination.unit.name,
        totals=result.by_expert,
        recused=frozenset(recused),
        n=result.n,
        mean=result.mean,
        trimmed_mean=result.trimmed_mean,
        std_dev=result.std_dev,
        spread=result.spread,
        disagreement=result.disagreement,
        normalised=result.normalised,
        membership=membership,
        move_reason=move.reason if move is not None and moved else "",
    )


def _expert_sheets(
    ranking: Ranking, sheets: list[CountedSheet], dimensions: list[Dimension]
) -> dict[int, list[docs.ExpertSheetRow]]:
    """Return each expert's counted sheets with their points, in ranking order, by expert id.

    Points and totals are read in whole tenths and written as their floats (75 → 7.5),
    the same number a ``Decimal("7.5")`` becomes in the workbook.
    """
    by_nomination: dict[int, list[CountedSheet]] = {}
    for sheet in sheets:
        by_nomination.setdefault(sheet.nomination_id, []).append(sheet)
    dimension_ids = [d.pk for d in dimensions]
    by_expert: dict[int, list[docs.ExpertSheetRow]] = {}
    for result in ranking.results:
        nomination = ranking.nominations[result.nomination_id]
        name, unit_name = nomination.name, nomination.unit.name
        for sheet in by_nomination.get(result.nomination_id, ()):
            tenths = sheet.tenths
            given = [tenths.get(pk) for pk in dimension_ids]
            by_expert.setdefault(sheet.expert_id, []).append(
                docs.ExpertSheetRow(
                    name=name,
                    unit_name=unit_name,
                    points=tuple(None if p is None else p / 10 for p in given),
                    total=sum(p for p in given if p is not None) / 10,
                    recommend=sheet.recommend,
                    submitted_at=sheet.submitted_at,
                )
            )
    return by_expert


def score_workbook(campaign: Campaign, *, progress: Progress = None) -> Export:
    """Return the score workbook of the campaign's eligible candidates.

    Raise ``NothingToExport`` when the campaign has no eligible candidate.
    """
    # The sheets that count are read once, with their points, for the ranking and the
    # experts' sheets alike.
    sheets = counted_sheet_points(campaign)
    ranking = ranking_data(campaign, tenths=[s.tenths_row for s in sheets])
    if not ranking.results:
        raise NothingToExport
    _report(progress, 20)
    conflicts = _conflicts(campaign)
    recused = _recused(conflicts, ranking.nominations)
    dimensions = list(dimensions_of(campaign))
    by_expert = _expert_sheets(ranking, sheets, dimensions)
    # A column for every expert who scored, and for every expert kept apart.
    column_ids = set(by_expert) | {e for experts in recused.values() for e in experts}
    experts = list(
        Expert.objects.filter(pk__in=column_ids)
        .order_by("name_order", "pk")
        .values_list("pk", "name")
    )
    _report(progress, 50)
    memberships = _memberships(ranking)
    content = scores.build_score_workbook(
        docs.ScoreWorkbookData(
            year=campaign.year,
            generated_at=timezone.now(),
            method=ranking.rules.method,
            show_normalised=ranking.show_normalised,
            experts=tuple(docs.ExpertColumn(pk, name) for pk, name in experts),
            rows=tuple(
                _summary_row(ranking, r, recused.get(r.nomination_id, ()), memberships)
                for r in ranking.results
            ),
            dimensions=tuple(docs.DimensionColumn(d.name, d.max_points) for d in dimensions),
            expert_sheets=tuple(
                docs.ExpertSheet(pk, tuple(by_expert[pk]))
                for pk, _name in experts
                if pk in by_expert
            ),
            conflicts=tuple(_conflict_row(c) for c in conflicts),
        )
    )
    _report(progress, 100)
    filename = _("%(year)s年龙江工匠评审得分汇总表") % {"year": campaign.year}
    return Export(content, filename + ".xlsx", XLSX)


# --- The proposed list ------------------------------------------------------------


def _list_line(ranking: Ranking, result: Result, position: int, note: str = "") -> docs.ListLine:
    nomination = ranking.nomination(result)
    return docs.ListLine(
        position=position,
        rank=result.rank,
        name=nomination.name,
        unit_name=nomination.unit.name,
        employer_name=nomination.employer_name,
        score=_score(result.score),
        note=note,
    )


def proposed_list_pdf(campaign: Campaign, *, progress: Progress = None) -> Export:
    """Return the proposed list for the council meeting, as staff compose it now.

    Raise ``NoScores`` while no candidate has a counted score.
    """
    ranking = ranking_data(campaign)
    composition = ranking.composition
    if not composition.listed and not composition.reserve:
        raise NoScores
    _report(progress, 30)
    tied = {r.nomination_id for r in composition.tie_at_quota}

    def note(result: Result) -> str:
        notes = []
        if result.nomination_id in composition.moved_in:
            notes.append(_("移入"))
        if result.nomination_id in tied:
            notes.append(_("并列跨名额线"))
        return "、".join(notes)

    listed = [_list_line(ranking, r, i, note(r)) for i, r in enumerate(composition.listed, 1)]
    reserve = [_list_line(ranking, r, i, note(r)) for i, r in enumerate(composition.reserve, 1)]
    results = {r.nomination_id: r for r in ranking.results}
    moves = []
    for nomination_id, move in ranking.moves.items():
        result = results.get(nomination_id)
        nomination = ranking.nominations[nomination_id]
        moves.append(
            docs.MoveLine(
                name=nomination.name,
                unit_name=nomination.unit.name,
                direction=move.get_direction_display(),
                reason=move.reason,
                rank=result.rank if result else None,
                score=_score(result.score if result else None),
            )
        )
    counts: Counter = Counter()
    units = {}
    for part, lines in (("listed", composition.listed), ("reserve", composition.reserve)):
        for result in lines:
            unit = ranking.nomination(result).unit
            units[unit.pk] = unit
            counts[(unit.pk, part)] += 1
    data = docs.ProposedListData(
        fingerprint=composition_fingerprint(ranking),
        year=campaign.year,
        generated_at=timezone.now(),
        rules=ranking.rules,
        listed=tuple(listed),
        reserve=tuple(reserve),
        moves=tuple(moves),
        tie_at_quota=tuple(
            (ranking.nomination(r).name, _score(r.score)) for r in composition.tie_at_quota
        ),
        units=tuple(
            docs.UnitCount(unit.name, counts[(pk, "listed")], counts[(pk, "reserve")])
            for pk, unit in sorted(units.items(), key=lambda item: (item[1].sort_order, item[0]))
        ),
    )
    pdf = documents_pdfs.build_proposed_list_pdf(data)
    _report(progress, 100)
    filename = _("%(year)s年龙江工匠建议名单") % {"year": campaign.year}
    return Export(pdf.content, filename + ".pdf", PDF, warnings=pdf.warnings)


# --- A locked list version --------------------------------------------------------


def _locked_line(entry: ListEntry) -> docs.LockedEntryLine:
    return docs.LockedEntryLine(
        position=entry.position,
        name=entry.name,
        unit_name=entry.unit_name,
        employer_name=entry.employer_name,
        rank=entry.rank,
        score=entry.score,
        moved_reason=entry.moved_reason,
    )


def locked_list_pdf(campaign: Campaign, *, version: int, progress: Progress = None) -> Export:
    """Return a locked list version as approved, with its hash on every page.

    Raise ``UnknownListVersion`` when the campaign has no version of that number.
    """
    found = (
        ListVersion.objects.filter(campaign=campaign, number=version)
        .select_related("decision")
        .first()
    )
    if found is None:
        raise UnknownListVersion(
            _("%(year)s年度没有第%(number)s版锁定名单。")
            % {"year": campaign.year, "number": version}
        )
    entries = list(ListEntry.objects.filter(version=found).order_by("part", "position"))
    _report(progress, 30)
    decision = found.decision
    data = docs.LockedListData(
        year=campaign.year,
        number=found.number,
        meeting_date=decision.meeting_date,
        minutes_ref=decision.minutes_ref,
        outcome=decision.get_outcome_display(),
        approved_at=found.approved_at,
        content_hash=found.content_hash,
        generated_at=timezone.now(),
        previous_hash=found.previous_hash,
        reason=found.reason,
        listed=tuple(_locked_line(e) for e in entries if e.part == ListEntry.Part.LISTED),
        reserve=tuple(_locked_line(e) for e in entries if e.part == ListEntry.Part.RESERVE),
    )
    pdf = documents_pdfs.build_locked_list_pdf(data)
    _report(progress, 100)
    filename = _("%(year)s年龙江工匠名单（第%(number)s版）") % {
        "year": campaign.year,
        "number": found.number,
    }
    return Export(pdf.content, filename + ".pdf", PDF, warnings=pdf.warnings)
