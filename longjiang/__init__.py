"""The 龙江工匠 selection portal."""

from longjiang.celery import app as celery_app

__all__ = ["celery_app"]
