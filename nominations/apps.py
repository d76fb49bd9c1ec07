from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("推荐申报")

    def ready(self) -> None:
        # Registers the nominations' documents with the platform's document registry
        # and its demo stages (intake, check) with the platform's seed_demo, its parts of
        # next year's campaign (longjiang.campaigns),
        # and how its records are named in the audit trail.
        from nominations import audit, campaigns, demo, jobs  # noqa: F401
