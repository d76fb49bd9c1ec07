from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("推荐申报")

    def ready(self) -> None:
        # Registers the nominations' documents with the platform's document registry.
        from nominations import jobs  # noqa: F401
