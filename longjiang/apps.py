from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """The portal itself as an app, for its operator commands (backup, restore)."""

    name = "longjiang"
    label = "longjiang"
    verbose_name = "龙江工匠"
