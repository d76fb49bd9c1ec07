"""What the nominations' demo stages hand on to the stages after them."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from longjiang.accounts.models import Unit, User
from longjiang.demo import DemoRun
from nominations.models import Campaign, Nomination


@dataclass
class Seeding:
    """The demo's units, accounts and campaign; each stage adds to ``created`` and ``lines``."""

    run: DemoRun
    units: list[Unit]
    users: dict[str, User]
    campaign: Campaign
    created: list[Nomination] = field(default_factory=list)

    @property
    def rng(self) -> random.Random:
        return self.run.rng

    @property
    def now(self) -> datetime:
        return self.run.now

    @property
    def lines(self) -> list[str]:
        return self.run.lines

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    @property
    def staff(self) -> User:
        return self.users["staff"]

    def clerk_of(self, nomination: Nomination) -> User:
        return self.users[f"clerk_{nomination.unit.code}"]


def seeding_of(run: DemoRun) -> Seeding:
    """Return what the intake stage set up for this run (it always runs first)."""
    return run.state["nominations"]
