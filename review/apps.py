from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("专家评审")

    def ready(self) -> None:
        # Registers the review's document kinds with the platform's job registry and
        # its documents with the nominations' export command.
        from review import jobs  # noqa: F401
