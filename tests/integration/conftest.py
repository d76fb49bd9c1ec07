"""The integration suite uses the real Celery worker fixtures of tests/conftest.py.

Without ``REDIS_URL`` (or with Redis not answering) the tests are skipped, unless
``REQUIRE_SERVICES=1`` (as in CI) turns the skip into a failure.
"""
