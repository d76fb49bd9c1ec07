# Production image of the 龙江工匠 portal: one image for web (gunicorn), the
# Celery worker and Celery beat (see docker-compose.yml and docs/deployment.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# fonts-arphic-*, fonts-hanazono: the embedded TrueType CJK fonts the PDF
#   certificates and forms are drawn with, UMing first, then HanaMinA/B for the rare
#   characters of CJK Extensions A to F (reportlab cannot embed CFF fonts such as
#   Noto CJK).
# poppler-utils: pdftotext, to check a PDF's text layer by hand.
# zbar-tools: zbarimg, which the tests use to decode a printed certificate's QR code.
# gettext: makemessages/compilemessages for operators; the .mo files are committed.
# libpq5: the PostgreSQL client library; postgresql-client: pg_dump and pg_restore
#   for `manage.py backup` / `restore` (15, as the postgres service).
# nginx, wrk, apache2-utils: the publicity tests and `make bench-publicity` run the
#   shipped nginx config on an nginx of their own (bench/nginx.py) and load it with
#   wrk and ab, so the image can measure what it serves. Production's nginx is the
#   separate nginx service of docker-compose.yml; nothing starts this one.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-arphic-ukai fonts-arphic-uming fonts-hanazono gettext libpq5 poppler-utils \
        postgresql-client nginx wrk apache2-utils zbar-tools \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 longjiang \
    && useradd --system --uid 10001 --gid longjiang --home-dir /app --shell /usr/sbin/nologin longjiang

WORKDIR /app
COPY . /app
RUN pip install .

# The code runs from /app, not from the installed copy in site-packages, so the
# settings' base directory is /app and finds templates/, static/ and locale/
# there. `pip install .` above is what installs the dependencies.
ENV PYTHONPATH=/app \
    DJANGO_DEBUG=0 \
    LONGJIANG_STATIC_ROOT=/srv/static \
    LONGJIANG_PRIVATE_ROOT=/srv/private \
    LONGJIANG_PUBLICITY_ROOT=/srv/publicity

# Collect static files at build time so a broken reference fails the build.
# The settings refuse to start without production secrets, so collectstatic gets
# throwaway values that exist only in this RUN step and never in the image.
# /srv/static, /srv/private and /srv/publicity belong to the app user: Docker
# copies this ownership into empty named volumes mounted there.
RUN DJANGO_SECRET_KEY=build-only \
    LONGJIANG_BUILD=1 \
    LONGJIANG_PII_KEYS=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    LONGJIANG_PII_INDEX_KEY=build-only \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    EMAIL_URL=consolemail:// \
    DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
    && mkdir -p /srv/private /srv/publicity \
    && chown -R longjiang:longjiang /srv/static /srv/private /srv/publicity

USER longjiang

EXPOSE 8000

CMD ["gunicorn", "longjiang.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--preload", "--access-logfile", "-"]
