"""Print the first and the last day of a publicity period: ``2021-09-14 2021-09-18``.

``--days`` defaults to the running campaign's 公示期（工作日）, or 5 (the notice's
figure) when no campaign exists. Where the calendar has no data for a year the
period touches, the Chinese message goes to stderr and the exit status is 1.
"""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from nominations.selectors import current_campaign
from publicity import workdays

DEFAULT_DAYS = 5


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--start 须为 YYYY-MM-DD 格式的日期，例如 2021-09-14（收到：%(value)s）")
            % {"value": value},
            returncode=2,
        ) from None


class Command(BaseCommand):
    help = "Print the first and last day of N working days from --start, in ISO form."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--days", type=int, help="working days (default: the campaign's)")

    def handle(self, *args, start, days, **options):
        start_day = _iso_date(start)
        if days is None:
            campaign = current_campaign()
            days = campaign.publicity_working_days if campaign is not None else DEFAULT_DAYS
        if days < 1:
            raise CommandError(
                _("--days 须为正整数（收到：%(days)s）") % {"days": days}, returncode=2
            )
        try:
            first, last = workdays.period(start_day, days)
        except workdays.CalendarNotCovered as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        self.stdout.write(f"{first.isoformat()} {last.isoformat()}")
