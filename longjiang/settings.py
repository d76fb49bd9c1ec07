"""Settings for the 龙江工匠 portal, driven entirely by the environment.

With nothing configured the portal runs for development: DEBUG on, SQLite in
``var/``, Celery tasks executed eagerly, mail printed to the console. With
``DJANGO_DEBUG`` off every secret must come from the environment, and a missing
one stops the start with a message naming it.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# Settings come from the process environment only. (docker-compose's .env file is
# for the containers; reading it here too would put production hosts and keys
# into a developer's `make run` in the same checkout.)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "testserver"}


def _secret(name: str, dev_default: str) -> str:
    """Return a secret from the environment; only DEBUG may fall back to a dev value.

    The development values are in this public file, so production refuses them
    as it refuses a missing secret, also when one is set explicitly.
    """
    value = env.str(name, default="")
    if value.startswith("change-me"):
        raise ImproperlyConfigured(f"{name} still holds the placeholder from .env.example.")
    if not DEBUG and dev_default in {part.strip() for part in value.split(",")}:
        raise ImproperlyConfigured(
            f"{name} holds the public development value from settings.py; generate a new one."
        )
    if value:
        return value
    if DEBUG:
        return dev_default
    raise ImproperlyConfigured(
        f"{name} must be set when DJANGO_DEBUG is off (see README.md, 'Configuration')."
    )


# Development-only values. They are public, so nothing encrypted with them is secret.
SECRET_KEY = _secret("DJANGO_SECRET_KEY", "dev-only-insecure-secret-key-for-longjiang")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
# Debug mode is the zero-setup default for a developer's machine. Serving other
# hosts with it (and with the public development keys) must be asked for by name.
if DEBUG and "DJANGO_DEBUG" not in env.ENVIRON and set(ALLOWED_HOSTS) - LOCAL_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is not set but DJANGO_ALLOWED_HOSTS names public hosts: set "
        "DJANGO_DEBUG=0 for production (or DJANGO_DEBUG=1 to confirm a debug server)."
    )
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The portal's public address (https://…), for links in mail; empty: the first
# trusted origin, or a bare path.
LONGJIANG_SITE_URL = env.str("LONGJIANG_SITE_URL", default="")

# Fernet keys for personal data at rest, comma-separated; the first encrypts, all decrypt.
PII_KEYS = _secret("LONGJIANG_PII_KEYS", "ZGV2LW9ubHktbG9uZ2ppYW5nLXBpaS1rZXktMzJieXQ=").split(",")
try:
    [Fernet(key.strip().encode()) for key in PII_KEYS]
except ValueError as exc:
    raise ImproperlyConfigured(
        "LONGJIANG_PII_KEYS must be Fernet keys (32 url-safe base64-encoded bytes each)."
    ) from exc
# HMAC keys of the audit chain and the locked lists' hashes, comma-separated: the
# first signs, all verify (rotation: docs/deployment.md, "Keys").
INTEGRITY_KEYS = [
    key.strip()
    for key in _secret("LONGJIANG_INTEGRITY_KEY", "dev-only-longjiang-integrity-key").split(",")
    if key.strip()
]
# HMAC key of the blind index used to find duplicate ID numbers; never rotate it in place.
PII_INDEX_KEY = _secret("LONGJIANG_PII_INDEX_KEY", "dev-only-longjiang-blind-index-key")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "longjiang.accounts.lockout.LockoutConfig",
    "longjiang",
    "longjiang.accounts",
    "longjiang.audit",
    "longjiang.jobs",
    "nominations",
    "review",
    "publicity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the session, language and CSRF middleware: a cookie-free view sees no
    # cookie, session or user, and its response leaves with no cookie and no
    # Vary: Cookie whatever they added (longjiang.middleware).
    "longjiang.middleware.CookieFreeViewsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "longjiang.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff looking at another campaign than the running one, read-only.
    "nominations.middleware.CampaignViewingMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "longjiang.middleware.PrivatePagesNotStoredMiddleware",
    # Last, as django-axes requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# Scripts and style sheets come only from the portal's own static files: no inline
# script anywhere (htmx and Bootstrap are vendored). Style attributes stay allowed
# (style-src-attr) for widths computed in templates, such as progress bars; they
# cannot run code. The admin works under the same policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "longjiang.urls"
WSGI_APPLICATION = "longjiang.wsgi.application"
ASGI_APPLICATION = "longjiang.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "longjiang.accounts.context_processors.navigation",
                "nominations.context_processors.intake",
                "nominations.context_processors.campaigns",
                "publicity.context_processors.objection_cases",
            ],
        },
    },
]

if not DEBUG and not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured("DATABASE_URL must be set when DJANGO_DEBUG is off.")
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'longjiang.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Production keeps connections for a minute instead of opening one per request;
# the health check drops one the database closed meanwhile.
DATABASES["default"].setdefault(
    "CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0 if DEBUG else 60)
)
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", not DEBUG)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "longjiang.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A link to set a password, mailed when staff create or reset an account, lasts 72 hours.
PASSWORD_RESET_TIMEOUT = 72 * 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Idle timeout: the session lives 30 minutes past the last request.
SESSION_COOKIE_AGE = env.int("LONGJIANG_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout: 5 failures for one username from one address lock it for 15 minutes.
# Locking on the pair keeps a stranger from locking a clerk out on deadline day.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "longjiang.accounts.client_ip.client_ip"
AXES_VERBOSE = False
# Number of trusted reverse proxies in front of the portal (1 behind the shipped nginx).
PROXY_COUNT = env.int("LONGJIANG_PROXY_COUNT", default=0)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# 2021年7月1日 17:00 on every screen; see longjiang/formats.
FORMAT_MODULE_PATH = ["longjiang.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("LONGJIANG_STATIC_ROOT", default=VAR_DIR / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names let nginx cache static files for a year; DEBUG serves them plainly.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}

# User uploads live outside static and are served only through permission-checked views.
PRIVATE_ROOT = Path(env.str("LONGJIANG_PRIVATE_ROOT", default=str(VAR_DIR / "private")))
# "django" streams files itself; "nginx" answers with X-Accel-Redirect to /protected/.
SENDFILE_BACKEND = env.str("LONGJIANG_SENDFILE", default="django")
SENDFILE_NGINX_PREFIX = "/protected/"
# The published public list (publicity.snapshots): files nginx serves as they are.
PUBLICITY_PUBLIC_ROOT = Path(
    env.str("LONGJIANG_PUBLICITY_ROOT", default=str(VAR_DIR / "public" / "publicity"))
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

if not DEBUG and not env.str("EMAIL_URL", default=""):
    raise ImproperlyConfigured("EMAIL_URL must be set when DJANGO_DEBUG is off.")
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="龙江工匠评选 <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged when it ends, and a worker killed mid-task hands its
# message back: a lost worker loses no document request.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Redis hands an unacknowledged message out again only after this many seconds.
# Set high on purpose: a build may take minutes and must not be redelivered while
# it runs. It is not what recovers a lost document job: the heartbeat sweeper
# (jobs.requeue_stale_jobs) does that within LONGJIANG_JOB_STALE_SECONDS.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A running document job whose heartbeat is older than this counts as abandoned by
# a lost worker and is requeued. Its worker writes the heartbeat every 10 seconds.
LONGJIANG_JOB_STALE_SECONDS = env.int("LONGJIANG_JOB_STALE_SECONDS", default=60)

if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# TLS usually ends at a proxy in front of nginx; turn these on where it does not.
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=False)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "refusal_without_traceback": {
            "()": "longjiang.logfilters.ExpectedRefusalsWithoutTraceback"
        },
        "refusal_once": {"()": "longjiang.logfilters.ExpectedRefusalsOnce"},
        "rate_limited_once": {"()": "longjiang.logfilters.RateLimitedLoggedOnce"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request logs carry URLs only; personal data never appears in URLs. A 403 or
        # 404 is expected: one warning line from django.request, no traceback.
        # A 429 is logged once by longjiang.ratelimit (INFO, the scope, never the address).
        "django.request": {"filters": ["refusal_without_traceback", "rate_limited_once"]},
        "django.server": {"level": "INFO", "filters": ["refusal_once", "rate_limited_once"]},
        "axes": {"level": "WARNING"},
        # Eager mode has no broker host; kombu would warn about it on every start.
        "kombu.connection": {"level": "ERROR" if not REDIS_URL else "WARNING"},
    },
}

# Counts per client address (IPv6: per /64) and window (limit, window in seconds)
# of the public forms, in the cache, by longjiang.ratelimit; over the limit the
# client gets 429. The outcome scopes count only what succeeded (a filing) or
# looks like guessing (a wrong lookup pair), so mistakes do not lock anybody out;
# the "_post" scopes count every POST, to stop floods (docs/decisions.md).
RATE_LIMITS = {
    # Objections accepted online (publicity): 5 an hour.
    "objection": (
        env.int("LONGJIANG_OBJECTION_RATE", default=5),
        env.int("LONGJIANG_OBJECTION_RATE_WINDOW", default=60 * 60),
    ),
    # Every POST of the objection form, accepted or not: 60 an hour.
    "objection_post": (
        env.int("LONGJIANG_OBJECTION_POST_RATE", default=60),
        env.int("LONGJIANG_OBJECTION_POST_RATE_WINDOW", default=60 * 60),
    ),
    # Wrong receipt number / code pairs in the lookup: 20 in 10 minutes.
    "objection_lookup": (
        env.int("LONGJIANG_LOOKUP_RATE", default=20),
        env.int("LONGJIANG_LOOKUP_RATE_WINDOW", default=10 * 60),
    ),
    # Every POST of the lookup, right or wrong: 120 in 10 minutes.
    "objection_lookup_post": (
        env.int("LONGJIANG_LOOKUP_POST_RATE", default=120),
        env.int("LONGJIANG_LOOKUP_POST_RATE_WINDOW", default=10 * 60),
    ),
    # Certificate verification (publicity.views.verification). Unknown or malformed
    # tokens of the QR-code page: 20 in 10 minutes.
    "verify_token": (
        env.int("LONGJIANG_VERIFY_TOKEN_RATE", default=20),
        env.int("LONGJIANG_VERIFY_TOKEN_RATE_WINDOW", default=10 * 60),
    ),
    # Every request of the QR-code page, found or not: 300 in 10 minutes (a ceremony's
    # guests behind one carrier address scan their certificates together).
    "verify_token_get": (
        env.int("LONGJIANG_VERIFY_TOKEN_GET_RATE", default=300),
        env.int("LONGJIANG_VERIFY_TOKEN_GET_RATE_WINDOW", default=10 * 60),
    ),
    # Serial / name pairs of the paper-certificate lookup that match nothing: 20 in 10 minutes.
    "verify_lookup": (
        env.int("LONGJIANG_VERIFY_LOOKUP_RATE", default=20),
        env.int("LONGJIANG_VERIFY_LOOKUP_RATE_WINDOW", default=10 * 60),
    ),
    # Every POST of that lookup, right or wrong: 120 in 10 minutes.
    "verify_lookup_post": (
        env.int("LONGJIANG_VERIFY_LOOKUP_POST_RATE", default=120),
        env.int("LONGJIANG_VERIFY_LOOKUP_POST_RATE_WINDOW", default=10 * 60),
    ),
}
# The public objection form: a submission sooner than this many seconds after the
# form was rendered is refused as a bot's; a rendered form stays valid this long.
OBJECTION_FORM_MIN_SECONDS = env.int("LONGJIANG_OBJECTION_FORM_MIN_SECONDS", default=5)
OBJECTION_FORM_MAX_AGE = env.int("LONGJIANG_OBJECTION_FORM_MAX_AGE", default=4 * 60 * 60)
# Keeps rate-limit counters of deployments (or test runs) sharing one Redis apart.
RATE_LIMIT_NAMESPACE = env.str("LONGJIANG_RATE_LIMIT_NAMESPACE", default="")

# Upload limits in bytes per kind of file (facts.md §1.4; easy to change here).
_EVIDENCE_MAX_BYTES = env.int("LONGJIANG_EVIDENCE_MAX_BYTES", default=2 * 1024 * 1024)
UPLOAD_LIMITS = {
    "photo": env.int("LONGJIANG_PHOTO_MAX_BYTES", default=2 * 1024 * 1024),
    "evidence": _EVIDENCE_MAX_BYTES,
    # PDF-only documents (unit activity reports, the council's minutes); they were
    # evidence uploads before they had a kind of their own, so they default to its limit.
    "pdf": env.int("LONGJIANG_PDF_MAX_BYTES", default=_EVIDENCE_MAX_BYTES),
}
# The chain of TrueType fonts embedded in PDFs, tried in order for each character
# (comma-separated paths): AR PL UMing (Debian fonts-arphic-uming), then HanaMinA and
# HanaMinB (fonts-hanazono) for the rare characters of CJK Extensions A to F.
LONGJIANG_PDF_FONTS = env.list(
    "LONGJIANG_PDF_FONTS",
    default=[
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
        "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    ],
)
# Minimum photo size in pixels (width, height).
PHOTO_MIN_PIXELS = (240, 320)

# Celery beat: periodic tasks. Merged into any schedule defined above, so each
# app's block adds its entries without replacing the others'.
CELERY_BEAT_SCHEDULE = {
    **vars().get("CELERY_BEAT_SCHEDULE", {}),
    # Remove generated documents past their expiry, once an hour.
    "jobs.expire_documents": {"task": "jobs.expire_documents", "schedule": 60 * 60},
    # Requeue document jobs whose worker stopped sending its heartbeat.
    "jobs.requeue_stale_jobs": {"task": "jobs.requeue_stale_jobs", "schedule": 30},
}

CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,
    # Remind units with unsubmitted drafts 7 and 2 days before their deadline; the
    # task decides which units are due, once per unit and day.
    "nominations.send_deadline_reminders": {
        "task": "nominations.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    # Remind experts with unfinished score sheets once the review window closes
    # within two days; the task skips experts already reminded that day.
    "review.remind_experts": {
        "task": "review.remind_experts",
        "schedule": crontab(hour=9, minute=0),
    },
    # Remind units of 核查报告 due today or tomorrow, or late; the task skips cases
    # already reminded that day.
    "publicity.remind_units": {
        "task": "publicity.remind_units",
        "schedule": crontab(hour=8, minute=45),
    },
}
