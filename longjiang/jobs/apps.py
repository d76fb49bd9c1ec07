from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "longjiang.jobs"
    label = "jobs"
    verbose_name = _("文件与后台任务")
