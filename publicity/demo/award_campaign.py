"""The award stage's last step: the 2022 campaign created from 2021, not running yet.

2021 stays the running campaign (the demo's story is 2021's); staff look at 2022
through the campaign switcher, read-only, and set it running on the campaigns page.
"""

from longjiang.demo import DemoRun
from nominations.demo.seeding import seeding_of
from nominations.models import Campaign
from nominations.services import create_next_campaign


def seed(run: DemoRun) -> str:
    seeding = seeding_of(run)
    campaign = seeding.campaign
    following = Campaign.objects.filter(year=campaign.year + 1).first()
    if following is None:
        following = create_next_campaign(campaign, actor=seeding.staff)
    return f"Campaign {following.year} created from {campaign.year} (not running yet)."
