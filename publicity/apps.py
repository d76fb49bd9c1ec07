from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("名单公示")

    def ready(self) -> None:
        # Puts the calendar warning on the staff dashboard (longjiang.notices), registers
        # the notice PDF as a document kind, the snapshot check with verify_list and the
        # demo stages publicity and final (after review's locked), and freezes the
        # ranking-based council decision once a notice is published (review.freeze), and
        # copies its settings to next year's campaign (longjiang.campaigns).
        from publicity import campaigns, demo, freeze, jobs, notices, verification  # noqa: F401
