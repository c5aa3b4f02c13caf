# One image for web, worker and beat. Multi-stage: build tools never reach the final stage.
FROM python:3.11.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
# The lock pins every package, transitive ones included, with hashes: the same release builds the same image
# (make lock regenerates it from requirements.txt; a test keeps the two in step).
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock

FROM python:3.11.11-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app/backend \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_ENV=production \
    VAR_DIR=/app/var
# pg_dump/pg_restore for `manage.py backup` and `restore`; ffmpeg strips the metadata (GPS, device, date)
# of videos sent with reports: without it videos are refused (reports/media.py). Unpinned on purpose:
# Debian stable's security updates must reach the image on every rebuild.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client ffmpeg \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home --home-dir /home/app app \
    && mkdir -p /app/var/media /app/var/private_media /app/var/backups /app/var/sync-drop \
    && chown -R app:app /app/var
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY manage.py ./
COPY backend ./backend
# Static files are collected at build time with the manifest storage production uses.
RUN DJANGO_ENV=embedded STATICFILES_MANIFEST=true VAR_DIR=/tmp/build-var \
    python manage.py collectstatic --noinput --verbosity 0 && rm -rf /tmp/build-var
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]
CMD ["gunicorn", "-c", "backend/config/gunicorn.py", "config.wsgi:application"]
