from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("名单公示")

    def ready(self) -> None:
        # Puts the calendar warning on the staff dashboard (longjiang.notices).
        from publicity import notices  # noqa: F401
