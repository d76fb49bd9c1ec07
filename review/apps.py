from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("专家评审")

    def ready(self) -> None:
        # Registers the review's documents with the platform's document registry and
        # its demo stages (review, council, locked) with the platform's seed_demo, its
        # stages in the units' view of their nominations (nominations.progress), its parts of
        # next year's campaign (longjiang.campaigns), and
        # how its records are named in the audit trail.
        from review import audit, campaigns, demo, jobs, progress  # noqa: F401
