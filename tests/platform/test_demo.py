"""The registry of demo stages and the platform's seed_demo command."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from longjiang.accounts.management.commands.seed_demo import Command
from longjiang.accounts.models import User
from longjiang.audit.models import AuditEvent
from longjiang.audit.services import verify_chain
from longjiang.demo import DemoClock, DemoRun, register, stage_names, stages, unregister
from nominations.models import Campaign, CheckRound, DeadlineExtension, Nomination
from review.models import Conflict, Expert, ListVersion, Panel
from tests.factories import CampaignFactory

# The line each stage reports, in stage order. A new stage adds its own here.
STAGE_LINES = {
    "intake": "Nominations: ",
    "check": "First check: ",
    "review": "Review: ",
    "council": "Council: ",
    "locked": "Locked: ",
    "publicity": "Publicity: ",
    "final": "Final: ",
    "award": "Award: ",
}

# One event each stage writes a known number of times in a run of 30 nominations.
STAGE_FIRST_EVENTS = {
    "campaign.created": 1,
    "nomination.created": 30,
    "check.started": 20,
    "paper.received": 14,
    "review.panel_created": 3,
    "review.conflict_suggested": 3,
    "review.window_set": 1,
    "review.window_closed_early": 1,
    "review.list_locked": 2,
    "publicity.notice_published": 2,
    "publicity.result_recorded": 1,
}


ALL = ["intake", "check", "review", "council", "locked", "publicity", "final", "award"]


def note_extra(run: DemoRun) -> None:
    run.lines.append("Extra: ran.")


@pytest.fixture
def extra_stage():
    """Return a function registering a stage for the test; forget them all afterwards."""
    added = []

    def add(name: str, *, after: str | None):
        added.append(name)
        return register(name, after=after, help="测试阶段。", run=note_extra)

    yield add
    for name in added:
        unregister(name)


def test_demo_stages_are_in_the_declared_order():
    ordered = stages()

    assert [stage.name for stage in ordered] == ALL
    assert [stage.after for stage in ordered] == [None, *ALL[:-1]]
    assert list(STAGE_LINES) == stage_names()


def test_demo_stage_registered_twice_raises():
    check = stages()[1]

    with pytest.raises(ValueError, match="demo stage 'check' is already registered"):
        register("check", after="locked", help="再来一次。", run=note_extra)

    assert stages()[1] is check
    assert stage_names().count("check") == 1


def test_demo_stage_after_the_last_is_run_last(extra_stage):
    extra_stage("extra", after="award")

    assert stage_names() == [*ALL, "extra"]


def test_demo_stage_after_an_unknown_stage_raises(extra_stage):
    extra_stage("orphan", after="nosuchstage")

    with pytest.raises(ValueError, match="'orphan' follows unknown stage 'nosuchstage'"):
        stages()


def test_demo_stages_after_the_same_stage_raise(extra_stage):
    extra_stage("fork", after="check")

    with pytest.raises(ValueError, match="'review' and 'fork' both follow 'check'"):
        stages()


def test_seed_demo_help_lists_every_stage_in_order():
    parser = Command().create_parser("manage.py", "seed_demo")
    text = parser.format_help()

    positions = [text.index(f"\n  {stage.name}: {stage.help}\n") for stage in stages()]
    assert positions == sorted(positions)
    assert "--stage {intake,check,review,council,locked,publicity,final,award}" in text


def test_seed_demo_offers_a_registered_stage(extra_stage):
    extra_stage("extra", after="award")

    parser = Command().create_parser("manage.py", "seed_demo")

    assert (
        "--stage {intake,check,review,council,locked,publicity,final,award,extra}"
        in parser.format_help()
    )


def test_seed_demo_through_the_last_stage_runs_every_stage_once(seed_demo):
    output = seed_demo(stage=stage_names()[-1], nominations=30)

    lines = output.splitlines()
    reported = [
        name for line in lines for name, start in STAGE_LINES.items() if line.startswith(start)
    ]
    assert reported == stage_names()
    assert lines[-1] == (
        "Campaign 2021 nominations by status: draft 10, in_check 3, returned 2, eligible 8, "
        "rejected 2, disqualified 3, cancelled 2."
    )
    assert Nomination.objects.count() == 30
    # 20 rounds started, and a second one for each of the 2 disqualified after eligibility
    # and for the one the final stage disqualifies after an upheld objection.
    assert CheckRound.objects.count() == 23
    # The award stage copies 2021's three panels to the 2022 campaign.
    panels = Panel.objects.filter(campaign__year=2021).count()
    assert (Expert.objects.count(), panels, Conflict.objects.count()) == (9, 3, 4)
    assert Panel.objects.filter(campaign__year=2022).count() == 3
    # The final stage's upheld objection: the council's version 2.
    assert list(ListVersion.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    codes = Counter(AuditEvent.objects.values_list("code", flat=True))
    assert {code: codes[code] for code in STAGE_FIRST_EVENTS} == STAGE_FIRST_EVENTS
    assert verify_chain().ok


def test_seed_demo_with_debug_off_raises_and_creates_nothing(settings, db):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo", nominations=2)

    assert not User.objects.exists()
    assert not Campaign.objects.exists()


def test_seed_demo_if_empty_on_a_database_with_a_campaign_creates_nothing(seed_demo):
    CampaignFactory()

    output = seed_demo(nominations=2, if_empty=True)

    assert not User.objects.exists()
    assert not Nomination.objects.exists()
    assert Campaign.objects.count() == 1
    assert output == "The database already holds a campaign; demo data not loaded.\n"


def test_seed_demo_with_an_unknown_stage_raises(seed_demo):
    with pytest.raises(CommandError, match="invalid choice: 'nosuchstage'"):
        call_command("seed_demo", "--stage", "nosuchstage", "--nominations", "0")

    assert not Campaign.objects.exists()


def test_seed_demo_with_negative_nominations_raises(seed_demo):
    with pytest.raises(CommandError, match=r"--nominations must be 0 or more\."):
        seed_demo(nominations=-1)

    assert not Campaign.objects.exists()


def test_demo_clock_moves_forward_only_and_never_past_the_present():
    clock = DemoClock()
    real = timezone.now()
    start = real - timedelta(days=10)

    with clock.running(start):
        assert abs(timezone.now() - start) < timedelta(seconds=5)
        assert timezone.localdate() == timezone.localdate(timezone.now())
        clock.travel(real - timedelta(days=3))
        assert abs(timezone.now() - (real - timedelta(days=3))) < timedelta(seconds=5)
        with pytest.raises(ValueError, match="only moves forward"):
            clock.travel(real - timedelta(days=5))
        with pytest.raises(ValueError, match="never passes the present"):
            clock.travel(real + timedelta(days=1))

    assert abs(timezone.now() - real) < timedelta(seconds=5)


def test_demo_clock_dates_the_model_fields_defaulting_to_now(db):
    clock = DemoClock()
    start = timezone.now() - timedelta(days=10)
    # A field whose default was read before (any record made earlier in the process)
    # has it cached by Django; the clock must still take effect.
    DeadlineExtension._meta.get_field("granted_at").get_default()

    with clock.running(start):
        granted = DeadlineExtension._meta.get_field("granted_at").get_default()

    assert abs(granted - start) < timedelta(seconds=5)
    assert DeadlineExtension._meta.get_field("granted_at").default is timezone.now
