"""The aggregation rules of ``review.aggregation``, against cases worked out by hand.

No database: sheets are plain ``SheetTotal`` values. Candidates are numbered 1, 2, …
and experts 10, 11, …; every expected number is computed in the comment beside it.
"""

import random
from dataclasses import fields
from decimal import Decimal

from review.aggregation import (
    Method,
    Part,
    Rules,
    SheetTotal,
    aggregate,
    aggregate_tenths,
    compose,
)

D = Decimal


def sheets(scores: dict[int, dict[int, str]]) -> list[SheetTotal]:
    """Return the sheets of {candidate: {expert: total}}."""
    return [
        SheetTotal(nomination, expert, D(total))
        for nomination, by_expert in scores.items()
        for expert, total in by_expert.items()
    ]


def by_id(results) -> dict:
    return {r.nomination_id: r for r in results}


def ranked(results) -> list[tuple[int, int | None, bool]]:
    """(candidate, rank, tied) in ranking order."""
    return [(r.nomination_id, r.rank, r.tied) for r in results]


# --- One candidate's figures ---------------------------------------------------------------


def test_aggregate_three_scores_gives_mean_sample_std_dev_and_spread():
    (result,) = aggregate(sheets({1: {10: "80", 11: "85", 12: "90"}}), Rules())

    # mean = 255 / 3 = 85; below 5 scores the trimmed mean is the mean.
    assert (result.n, result.mean, result.trimmed_mean, result.trimmed) == (
        3,
        D("85.00"),
        D("85.00"),
        False,
    )
    # Deviations −5, 0, 5: (25 + 0 + 25) / (3 − 1) = 25, √25 = 5.
    assert result.std_dev == D("5.00")
    # 90 − 80.
    assert result.spread == D("10")
    assert result.disagreement is False
    assert result.score == D("85.00")


def test_aggregate_five_scores_trims_highest_and_lowest():
    (result,) = aggregate(sheets({1: {10: "60", 11: "80", 12: "82", 13: "84", 14: "99"}}), Rules())

    # mean = 405 / 5 = 81; trimmed = (80 + 82 + 84) / 3 = 82.
    assert (result.mean, result.trimmed_mean, result.trimmed) == (D("81.00"), D("82.00"), True)
    # Deviations −21, −1, 1, 3, 18: (441 + 1 + 1 + 9 + 324) / 4 = 194, √194 = 13.9284 → 13.93.
    assert result.std_dev == D("13.93")
    assert result.score == D("82.00")


def test_aggregate_four_scores_does_not_trim():
    (result,) = aggregate(sheets({1: {10: "60", 11: "80", 12: "82", 13: "99"}}), Rules())

    # mean = 321 / 4 = 80.25; with 4 < 5 scores nothing is dropped.
    assert (result.mean, result.trimmed_mean, result.trimmed) == (
        D("80.25"),
        D("80.25"),
        False,
    )
    # Deviations −20.25, −0.25, 1.75, 18.75: (410.0625 + 0.0625 + 3.0625 + 351.5625) / 3
    # = 764.75 / 3 = 254.9167, √ = 15.966 → 15.97.
    assert result.std_dev == D("15.97")


def test_aggregate_trims_from_the_campaign_setting():
    scores = sheets({1: {10: "60", 11: "80", 12: "82", 13: "99"}})

    (result,) = aggregate(scores, Rules(trim_from=4))

    # (80 + 82) / 2 = 81.
    assert (result.trimmed_mean, result.trimmed) == (D("81.00"), True)


def test_aggregate_mean_method_ranks_by_mean():
    scores = sheets({1: {10: "60", 11: "80", 12: "82", 13: "84", 14: "99"}})

    (result,) = aggregate(scores, Rules(method=Method.MEAN))

    assert result.score == D("81.00")


def test_aggregate_one_score_has_no_std_dev():
    (result,) = aggregate(sheets({1: {10: "77.5"}}), Rules())

    assert (result.n, result.mean, result.std_dev, result.spread) == (
        1,
        D("77.50"),
        None,
        D("0"),
    )


def test_aggregate_rounds_half_up():
    (result,) = aggregate(sheets({1: {10: "80.02", 11: "80.03"}}), Rules())

    # 160.05 / 2 = 80.025: half up gives 80.03 (half to even would give 80.02).
    assert result.mean == D("80.03")


def test_aggregate_spread_at_threshold_is_no_disagreement():
    results = by_id(
        aggregate(sheets({1: {10: "70", 11: "90"}, 2: {10: "70", 11: "90.5"}}), Rules())
    )

    # 90 − 70 = 20 is not above the threshold of 20; 90.5 − 70 = 20.5 is.
    assert (results[1].spread, results[1].disagreement) == (D("20"), False)
    assert (results[2].spread, results[2].disagreement) == (D("20.5"), True)


def test_aggregate_threshold_is_the_campaign_setting():
    (result,) = aggregate(sheets({1: {10: "70", 11: "85"}}), Rules(disagreement_threshold=D("10")))

    assert result.disagreement is True


# --- Normalisation ---------------------------------------------------------------------------


def test_normalisation_puts_strict_and_lenient_experts_on_one_scale():
    # Expert 10 is strict and scored candidates 1 and 2; expert 11 is lenient and
    # scored 3 and 4 (say the others were conflicts).
    scores = sheets({1: {10: "60"}, 2: {10: "70"}, 3: {11: "90"}, 4: {11: "100"}})

    results = by_id(aggregate(scores, Rules()))

    # Every total: 60, 70, 90, 100 → G = 320 / 4 = 80; deviations −20, −10, 10, 20 →
    # S = √((400 + 100 + 100 + 400) / 4) = √250 = 15.8114.
    # Expert 10: mean 65, population sd √((25 + 25) / 2) = 5 → z = −1 for 1, +1 for 2.
    # Expert 11: mean 95, sd 5 → z = −1 for 3, +1 for 4.
    # −1 → 80 − 15.8114 = 64.1886 → 64.19; +1 → 80 + 15.8114 = 95.8114 → 95.81.
    assert {pk: r.normalised for pk, r in results.items()} == {
        1: D("64.19"),
        2: D("95.81"),
        3: D("64.19"),
        4: D("95.81"),
    }
    # The raw results are untouched, and the ranking stays by raw score.
    assert {pk: r.mean for pk, r in results.items()} == {
        1: D("60.00"),
        2: D("70.00"),
        3: D("90.00"),
        4: D("100.00"),
    }
    assert [pk for pk, _r in results.items()] == [4, 3, 2, 1]


def test_normalisation_expert_with_one_score_counts_at_the_grand_mean():
    # Expert 10 scored 1 and 2; expert 12 scored only candidate 1.
    scores = sheets({1: {10: "60", 12: "100"}, 2: {10: "70"}})

    results = by_id(aggregate(scores, Rules()))

    # Totals 60, 70, 100 → G = 230 / 3 = 76.6667; deviations −16.6667, −6.6667, 23.3333 →
    # S = √((277.7778 + 44.4444 + 544.4444) / 3) = √288.8889 = 16.9967.
    # Expert 10: mean 65, sd 5 → z = −1 for 1, +1 for 2. Expert 12: one score → z = 0.
    # Candidate 1: (76.6667 − 16.9967 + 76.6667) / 2 = 136.3367 / 2 = 68.1683 → 68.17.
    # Candidate 2: 76.6667 + 16.9967 = 93.6634 → 93.66.
    assert (results[1].normalised, results[2].normalised) == (D("68.17"), D("93.66"))


def test_normalisation_stays_inside_the_rubric():
    scores = sheets({1: {10: "60"}, 2: {10: "70"}, 3: {11: "90"}, 4: {11: "100"}})

    results = by_id(aggregate(scores, Rules(max_total=D("90"))))

    # 95.8114 is above the maximum of 90.
    assert (results[2].normalised, results[4].normalised) == (D("90.00"), D("90.00"))


# --- Ranking, ties, the quota and the reserve ----------------------------------------------------


def test_ranking_shares_rank_between_equal_scores():
    scores = sheets({1: {10: "90"}, 2: {10: "85"}, 3: {10: "85"}, 4: {10: "80"}})

    results = aggregate(scores, Rules(), display_order={3: 0, 2: 1})

    # 1, 2, 2, 4; the tied pair in display order (3 before 2).
    assert ranked(results) == [(1, 1, False), (3, 2, True), (2, 2, True), (4, 4, False)]
    assert [r.position for r in results] == [1, 2, 3, 4]


def test_ranking_compares_rounded_scores():
    # 85.004 and 85.001 both show as 85.00, so they tie.
    scores = sheets({1: {10: "85.004"}, 2: {10: "85.001"}})

    assert ranked(aggregate(scores, Rules())) == [(1, 1, True), (2, 1, True)]


def test_ranking_puts_unscored_candidates_last_without_rank():
    results = aggregate(sheets({2: {10: "70"}}), Rules(), candidates=[1, 2, 3])

    assert ranked(results) == [(2, 1, False), (1, None, False), (3, None, False)]
    assert [(r.n, r.score, r.part) for r in results[1:]] == [(0, None, Part.OUT)] * 2


def test_ranking_tie_across_quota_line_flags_exactly_the_tied_group():
    # Quota 3: positions 3, 4 and 5 share 88, so the line falls inside the group.
    scores = sheets(
        {1: {10: "95"}, 2: {10: "90"}, 3: {10: "88"}, 4: {10: "88"}, 5: {10: "88"}, 6: {10: "80"}}
    )
    rules = Rules(quota=3, reserve_size=2)

    results = aggregate(scores, rules)

    assert ranked(results) == [
        (1, 1, False),
        (2, 2, False),
        (3, 3, True),
        (4, 3, True),
        (5, 3, True),
        (6, 6, False),
    ]
    assert [r.nomination_id for r in results if r.tie_at_quota] == [3, 4, 5]
    assert [r.part for r in results] == [Part.LISTED] * 3 + [Part.RESERVE] * 2 + [Part.OUT]
    composition = compose(results, {}, rules)
    assert [r.nomination_id for r in composition.tie_at_quota] == [3, 4, 5]


def test_ranking_tie_above_quota_line_is_not_flagged():
    # Positions 2 and 3 tie, but position 3 (88) and 4 (80) differ at the line.
    scores = sheets({1: {10: "95"}, 2: {10: "88"}, 3: {10: "88"}, 4: {10: "80"}})

    results = aggregate(scores, Rules(quota=3, reserve_size=1))

    assert [r.tied for r in results] == [False, True, True, False]
    assert not any(r.tie_at_quota for r in results)


def test_ranking_reserve_follows_the_quota():
    scores = sheets({pk: {10: str(100 - pk)} for pk in range(1, 7)})

    results = aggregate(scores, Rules(quota=2, reserve_size=3), candidates=[7])

    # 1–2 listed, 3–5 reserve, 6 out, 7 unscored.
    assert [(r.nomination_id, r.part) for r in results] == [
        (1, Part.LISTED),
        (2, Part.LISTED),
        (3, Part.RESERVE),
        (4, Part.RESERVE),
        (5, Part.RESERVE),
        (6, Part.OUT),
        (7, Part.OUT),
    ]
    composition = compose(results, {}, Rules(quota=2, reserve_size=3))
    assert [r.nomination_id for r in composition.listed] == [1, 2]
    assert [r.nomination_id for r in composition.reserve] == [3, 4, 5]


# --- Composing the list with moves -------------------------------------------------------------


def test_compose_moves_in_and_out():
    rules = Rules(quota=3, reserve_size=2)
    scores = sheets({pk: {10: str(100 - pk)} for pk in range(1, 8)})
    results = aggregate(scores, rules)

    composition = compose(results, {2: "out", 5: "in"}, rules)

    # 2 leaves the list and the reserve; 5 joins the list in ranking order; the
    # reserve is the next two of the ranking not listed: 4 and 6.
    assert [r.nomination_id for r in composition.listed] == [1, 3, 5]
    assert [r.nomination_id for r in composition.reserve] == [4, 6]
    assert (composition.moved_in, composition.moved_out) == (frozenset({5}), frozenset({2}))


def test_compose_without_moves_is_the_ranking():
    rules = Rules(quota=2, reserve_size=1)
    results = aggregate(sheets({pk: {10: str(100 - pk)} for pk in range(1, 5)}), rules)

    composition = compose(results, {}, rules)

    assert [r.nomination_id for r in composition.listed] == [1, 2]
    assert [r.nomination_id for r in composition.reserve] == [3]
    assert composition.moved_in == composition.moved_out == frozenset()


# --- The same results from whole tenths (aggregate_tenths) ----------------------------------


def tenths_rows(scores: dict[int, dict[int, int]]) -> list[tuple[int, int, int]]:
    """Return the rows of {candidate: {expert: total in tenths}}, as ``sheet_tenths`` reads them."""
    return [
        (nomination, expert, tenths)
        for nomination, by_expert in scores.items()
        for expert, tenths in by_expert.items()
    ]


def as_decimals(rows) -> list[SheetTotal]:
    """The same sheets with their totals as the database's Decimals (375 → Decimal("37.5"))."""
    return [SheetTotal(n, e, D(t).scaleb(-1)) for n, e, t in rows]


def every_field(results) -> list[tuple[str, ...]]:
    """Every field of every result, as ``repr``: value and scale (85.00 is not 85.0)."""
    return [tuple(repr(getattr(r, f.name)) for f in fields(r)) for r in results]


def assert_same_as_decimal(rows, rules, **options) -> list:
    results = aggregate_tenths(rows, rules, **options)
    assert every_field(results) == every_field(aggregate(as_decimals(rows), rules, **options))
    return results


def test_tenths_mean_on_a_half_cent_rounds_up_as_decimal():
    # (801 + 802 + 803 + 803) / 4 = 802.25 tenths = 80.225 points → 80.23;
    # (800 + 800 + 801) / 3 = 800.33… tenths = 80.0333… → 80.03.
    rows = tenths_rows({1: {10: 801, 11: 802, 12: 803, 13: 803}, 2: {10: 800, 11: 800, 12: 801}})

    first, second = assert_same_as_decimal(rows, Rules())

    assert (first.mean, first.trimmed_mean, first.trimmed) == (D("80.23"), D("80.23"), False)
    assert (second.mean, second.spread) == (D("80.03"), D("0.1"))


def test_tenths_trimmed_mean_on_a_half_cent_rounds_up_as_decimal():
    # Six totals: without 70.1 and 95.0, (80.1 + 80.2 + 80.3 + 80.3) / 4 = 80.225 → 80.23;
    # the mean 486.0 / 6 = 81.00.
    rows = tenths_rows({1: {10: 701, 11: 801, 12: 802, 13: 803, 14: 803, 15: 950}})

    (result,) = assert_same_as_decimal(rows, Rules())

    assert (result.mean, result.trimmed_mean, result.trimmed) == (D("81.00"), D("80.23"), True)
    assert result.score == D("80.23")


def test_tenths_standard_deviation_exactly_on_a_half_cent_rounds_as_decimal():
    # Sixteen totals whose sample standard deviation is exactly 26.325 points: the
    # integer square root is on the boundary, so the Decimal computation decides (up).
    tenths = (74, 117, 135, 251, 402, 409, 578, 629, 705, 707, 708, 710, 711, 715, 717, 925)
    rows = tenths_rows({1: dict(zip(range(10, 26), tenths, strict=True))})

    (result,) = assert_same_as_decimal(rows, Rules())

    assert (result.n, result.std_dev, result.mean) == (16, D("26.33"), D("53.08"))


def test_tenths_ties_share_a_rank_across_the_quota_line():
    # 2: (80.0 + 80.0 + 81.0) / 3 = 80.333… → 80.33; 3: (80.3 + 80.3 + 80.4) / 3 → 80.33;
    # 4: (80.4 + 80.3 + 80.3 + 80.3) / 4 = 80.325 → 80.33 (half up); 5: 80.275 → 80.28.
    rows = tenths_rows(
        {
            1: {10: 900},
            2: {10: 800, 11: 800, 12: 810},
            3: {10: 803, 11: 803, 12: 804},
            4: {10: 804, 11: 803, 12: 803, 13: 803},
            5: {10: 803, 11: 803, 12: 803, 13: 802},
        }
    )
    rules = Rules(quota=2, reserve_size=2)
    order = {3: 0, 2: 1, 4: 2, 1: 3, 5: 4, 6: 5}

    results = assert_same_as_decimal(rows, rules, candidates=[6], display_order=order)

    assert ranked(results) == [
        (1, 1, False),
        (3, 2, True),
        (2, 2, True),
        (4, 2, True),
        (5, 5, False),
        (6, None, False),
    ]
    assert [r.score for r in results[:5]] == [D("90.00")] + [D("80.33")] * 3 + [D("80.28")]
    assert [r.nomination_id for r in results if r.tie_at_quota] == [3, 2, 4]
    assert [r.part for r in results] == [Part.LISTED] * 2 + [Part.RESERVE] * 2 + [Part.OUT] * 2


def test_tenths_spread_at_the_threshold_is_no_disagreement():
    rows = tenths_rows({1: {10: 700, 11: 800}, 2: {10: 700, 11: 801}, 3: {10: 755}})

    results = assert_same_as_decimal(rows, Rules(disagreement_threshold=D("10")))

    # 75.50, 75.05 and 75.00.
    assert [(r.nomination_id, r.spread, r.disagreement) for r in results] == [
        (3, D("0.0"), False),
        (2, D("10.1"), True),
        (1, D("10.0"), False),
    ]
    # One score: no standard deviation.
    assert (results[0].n, results[0].std_dev, results[0].mean) == (1, None, D("75.50"))


def test_tenths_normalised_scores_are_the_decimal_ones():
    rows = tenths_rows(
        {
            1: {10: 905, 11: 820, 12: 777},
            2: {10: 613, 11: 950, 12: 802},
            3: {10: 700, 11: 700},
            4: {12: 999},
        }
    )

    results = assert_same_as_decimal(rows, Rules(normalise=True, max_total=D("100")))

    assert all(r.normalised is not None for r in results)
    assert aggregate_tenths(rows, Rules(normalise=False))[0].normalised is None


def test_tenths_match_decimal_on_random_campaigns():
    # Any whole tenths (of either sign, as aggregate takes any Decimal), one to twenty
    # experts, close and spread-out totals, every rule setting.
    rng = random.Random(20211204)
    for _ in range(400):
        size, experts = rng.randint(1, 12), rng.randint(1, 20)
        rows = []
        for nomination in range(1, size + 1):
            high = rng.choice((1000, 40, 3))
            for expert in rng.sample(range(10, 10 + experts), rng.randint(0, experts)):
                rows.append((nomination, expert, rng.randint(-high // 4, high)))
        rules = Rules(
            method=rng.choice((Method.MEAN, Method.TRIMMED)),
            trim_from=rng.randint(1, 7),
            disagreement_threshold=D(rng.choice(("20", "0.5", "3"))),
            quota=rng.randint(0, size + 1),
            reserve_size=rng.randint(0, 3),
            normalise=rng.random() < 0.5,
        )
        candidates = list(range(1, size + 3))
        rng.shuffle(candidates)
        order = {pk: i for i, pk in enumerate(candidates)}

        assert_same_as_decimal(rows, rules, candidates=candidates, display_order=order)
