"""Celery application; tasks are thin adapters over services and builders."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "longjiang.settings")

app = Celery("longjiang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
