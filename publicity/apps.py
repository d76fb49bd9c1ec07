from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("名单公示")

    def ready(self) -> None:
        # Puts the calendar warning on the staff dashboard (longjiang.notices), registers
        # the notice PDF as a document kind and the snapshot check with verify_list.
        from publicity import jobs, notices, verification  # noqa: F401
