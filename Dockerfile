# syntax=docker/dockerfile:1
# The bot as a container: `docker compose up -d` (see compose.yaml and docs/operations.md).
# Or by hand:
#   docker build -t paykeeper-invoice-bot .
#   docker run -d --init --env-file .env --stop-timeout 30 \
#     -v invoicebot-data:/data paykeeper-invoice-bot

# Pinned to a patch release, so a rebuild gets the Python it was tested with; add the digest
# (python:3.11.13-slim-bookworm@sha256:...) to pin the exact image too.
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

# --- build: a virtual environment with the bot and its dependencies ---------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /venv
# Dependencies first, exactly as locked (requirements.lock, compiled from pyproject.toml's
# dependencies), so that a change to the code alone reuses this layer and every build installs
# the same versions.
COPY pyproject.toml requirements.lock ./
RUN /venv/bin/pip install -r requirements.lock
# Then the bot itself (README.md is the package's long description, so the build needs it).
COPY README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY paykeeper ./paykeeper
COPY storage ./storage
RUN /venv/bin/pip install --no-deps .

# --- runtime: the environment alone, run by a user without privileges --------------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 bot \
    && useradd --system --uid 10001 --gid bot --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin bot \
    && mkdir -p /data \
    && chown bot:bot /data \
    && chmod 0700 /data
COPY --from=build /venv /venv
# The database, its -wal/-shm files, the running lock and the nightly backups (BACKUP_DIR, by
# default a "backups" folder beside the database) all live in the volume /data. WEB_HOST: the
# HTTP server (when WEB_PORT is set) must be reachable from the reverse proxy's container;
# nothing is published on the host.
# HOLD_AFTER_REFUSAL: a wrong setting (exit code 2 elsewhere) is printed once and the bot then
# waits to be stopped, instead of exiting into the restart policy's endless loop; the health
# check (livez, reading the same settings) reports it unhealthy, saying which setting.
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_PATH=/data/invoices.db \
    WEB_HOST=0.0.0.0 \
    HOLD_AFTER_REFUSAL=1
WORKDIR /app
USER bot
VOLUME /data
# WEB_PORT, when set (compose.yaml and deploy/ assume 8080).
EXPOSE 8080

# Liveness, not readiness: `python -m bot livez` asks the bot's own GET /livez (or, with
# WEB_PORT off, checks that the bot holds its database lock) and calls nobody else. /healthz
# would also ask Telegram and PayKeeper: an outage of theirs would mark the container
# unhealthy, and a platform that restarts unhealthy containers (Swarm, Kubernetes, autoheal)
# would restart a bot that a restart cannot cure, cutting off the work in flight. Monitor
# /healthz from outside instead. The start period covers the wait for Telegram at start.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot", "livez"]

# SIGTERM makes the bot finish the updates, invoices and bulk rows in flight, for up to
# SHUTDOWN_TIMEOUT seconds (default 20), then exit 0. Docker kills it after its stop timeout
# (10 s unless told otherwise), so that must be longer: compose.yaml sets stop_grace_period:
# 30s; with `docker run` pass --stop-timeout 30 (more if SHUTDOWN_TIMEOUT is raised).
# Run it with an init (`init: true`, `docker run --init`): a PID 1 without one ignores a
# SIGTERM that arrives before the bot has installed its handlers.
STOPSIGNAL SIGTERM

# Exactly what the README runs: `python -m bot`. Arguments after the image name become its
# command: `docker compose run --rm bot backup /data/backups`.
ENTRYPOINT ["python", "-m", "bot"]
