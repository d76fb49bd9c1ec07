"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

from longjiang.runtime import prepare_process

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "longjiang.settings")
application = get_wsgi_application()
prepare_process()
