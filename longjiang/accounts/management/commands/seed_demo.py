"""Load the demo data, stage by stage, as the apps registered the stages.

Every stage plays its part through the real services, so rankings, revisions
and the audit chain look exactly as after real use. The demo accounts share a
published password, which is why the command refuses to run with DEBUG off.
The stages and what each adds are listed by ``--help`` (see ``longjiang.demo``).

    python manage.py seed_demo [--stage NAME] [--nominations N] [--if-empty] [--seed S]
"""

import random
from argparse import RawDescriptionHelpFormatter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from longjiang.demo import DemoRun, stage_names, stages, stages_through

REFUSAL = (
    "seed_demo 只能在调试模式（DJANGO_DEBUG=1）下运行：演示账号使用公开的密码。 "
    "seed_demo runs only with DJANGO_DEBUG on: the demo accounts use a published password."
)
INTRO = _(
    "载入演示数据。演示数据分阶段载入，每个阶段都在前面各阶段的基础上继续；"
    "--stage 指定推进到哪个阶段。调试模式关闭时拒绝运行。各阶段依次为："
)


class StageListFormatter(RawDescriptionHelpFormatter, DjangoHelpFormatter):
    """Keep the description's line breaks, so each stage gets its own line."""


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return "\n".join([str(INTRO), *(f"  {s.name}: {s.help}" for s in stages())])

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = StageListFormatter
        return parser

    def add_arguments(self, parser):
        names = stage_names()
        parser.add_argument(
            "--nominations", type=int, default=30, help="How many nominations (default 30)."
        )
        parser.add_argument(
            "--stage",
            choices=names,
            default=names[0] if names else None,
            help=f"How far to take the demo (default {names[0] if names else '-'}); see above.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds demo data (a campaign).",
        )
        parser.add_argument(
            "--seed", type=int, default=2021, help="Seed of the random data (default 2021)."
        )

    def handle(self, *args, nominations: int, stage: str, if_empty: bool, seed: int, **options):
        if not settings.DEBUG:
            raise CommandError(REFUSAL)
        if nominations < 0:
            raise CommandError("--nominations must be 0 or more.")
        if if_empty:
            held = next((what for s in stages() if s.present and (what := s.present())), "")
            if held:
                self.stdout.write(f"The database already holds {held}; demo data not loaded.")
                return

        ran = stages_through(stage)
        # A stage whose story takes weeks starts the whole run in the past; the
        # clock then moves forward with the story (longjiang.demo.DemoClock).
        present = timezone.now()
        moments = [m for each in ran if each.rewind and (m := each.rewind(present, stage))]
        run = DemoRun(rng=random.Random(seed), now=present, count=nominations, target=stage)
        # The receipts of the demo submissions go to fictional addresses and would
        # only flood the console, so mail sent in this process is discarded.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            run.clock.running(min(moments) if moments else None),
            transaction.atomic(),
        ):
            run.now = timezone.now()
            for each in ran:
                each.run(run)

        for line in run.lines:
            self.stdout.write(line)
        for each in ran:
            if each.summary is not None:
                self.stdout.write(self.style.SUCCESS(each.summary(run)))
