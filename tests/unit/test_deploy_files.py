"""The files that deploy the bot (Dockerfile, compose.yaml, deploy/) agree with the code: they
run `python -m bot`, name only settings that exist, keep the database in a volume, wait longer
than SHUTDOWN_TIMEOUT at a stop, and route the notification and webhook paths to the bot; the
operating notes (docs/operations.md) name the metrics /metrics really has.

No docker, systemd, nginx or Caddy here (CI has none): the files are read as text."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from bot.form_summary import FORM_STATES
from bot.metrics import MetricsPage
from bot.settings import Settings
from storage import Database

ROOT = Path(__file__).parents[2]
SETTINGS = {name.upper() for name in Settings.model_fields}
NOTIFY_PATH = Settings.model_fields["notify_path"].default
WEBHOOK_PATH = Settings.model_fields["webhook_path"].default
SHUTDOWN_TIMEOUT = Settings.model_fields["shutdown_timeout"].default
# ${NAME}, ${NAME:-default}, ${NAME:?error} in compose.yaml; $$ is a literal dollar.
COMPOSE_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")
CADDY_VARIABLE = re.compile(r"\{\$([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}")


def read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def without_comments(text: str) -> str:
    """nginx and Caddy: a # at a line's start or after a space begins a comment."""
    return re.sub(r"(^|\s)#.*$", "", text, flags=re.M)


# --- Dockerfile ---------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments left out."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in read("Dockerfile").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        pending += stripped.removesuffix("\\").strip() + " "
        if not stripped.endswith("\\"):
            word, _, rest = pending.strip().partition(" ")
            instructions.append((word.upper(), rest.strip()))
            pending = ""
    return instructions


def runtime_stage() -> list[tuple[str, str]]:
    """The instructions of the last stage: the image that runs."""
    instructions = dockerfile()
    start = max(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    return instructions[start:]


def one(stage: list[tuple[str, str]], word: str) -> str:
    found = [args for name, args in stage if name == word]
    assert len(found) == 1, f"{word}: {found}"
    return found[0]


def env_of(stage: list[tuple[str, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for word, args in stage:
        if word == "ENV":
            for pair in shlex.split(args):
                key, _, value = pair.partition("=")
                values[key] = value
    return values


def test_the_image_runs_python_m_bot() -> None:
    stage = runtime_stage()
    assert json.loads(one(stage, "ENTRYPOINT")) == ["python", "-m", "bot"]
    # A CMD would be appended to the entry point as arguments: the bare command runs the bot.
    assert "CMD" not in [name for name, _ in stage]
    assert one(stage, "STOPSIGNAL") == "SIGTERM"


def test_the_image_is_multi_stage_slim_and_runs_without_privileges() -> None:
    instructions = dockerfile()
    args = dict(value.split("=", 1) for name, value in instructions if name == "ARG")
    bases = [
        re.sub(r"\$\{(\w+)\}", lambda m: args[m[1]], value.split()[0])
        for name, value in instructions
        if name == "FROM"
    ]
    assert len(bases) >= 2
    # Pinned: a patch release (and, where given, the image's digest), never a moving tag.
    pinned = r"python:3\.11\.\d+-slim(-\w+)?(@sha256:[0-9a-f]{64})?"
    assert all(re.fullmatch(pinned, base) for base in bases), bases
    stage = runtime_stage()
    assert one(stage, "USER") not in ("root", "0")
    assert "--from=build" in " ".join(args for name, args in stage if name == "COPY")


def test_the_image_installs_the_locked_dependencies() -> None:
    build = dockerfile()[: dockerfile().index(runtime_stage()[0])]
    copies = [args.split()[:-1] for name, args in build if name == "COPY"]
    assert copies[0] == ["pyproject.toml", "requirements.lock"]  # first: a layer of its own
    installs = [args for name, args in build if name == "RUN" and "pip install" in args]
    assert installs[0].endswith("pip install -r requirements.lock")
    assert installs[-1].endswith("pip install --no-deps .")  # the bot, nothing resolved again
    # And the lock is in the build context at all.
    assert "!requirements.lock" in read(".dockerignore").splitlines()
    # Every package the wheel is built from is copied into the build.
    wheel = tomllib.loads(read("pyproject.toml"))["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert set(wheel["packages"]) <= {source for copy in copies for source in copy}


def locked(name: str) -> dict[str, str]:
    """Package (normalised name) → the whole requirement line, for every line of a lock."""
    found: dict[str, str] = {}
    for line in read(name).splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        package = re.split(r"[=<>!~ ;\[]", line, maxsplit=1)[0]
        found[re.sub(r"[-_.]+", "-", package).lower()] = line
    return found


def required(requirements: list[str]) -> dict[str, str]:
    return {
        re.sub(r"[-_.]+", "-", re.split(r"[=<>!~ ;\[]", req, maxsplit=1)[0]).lower(): req
        for req in requirements
    }


def test_the_locks_pin_every_package_pyproject_needs() -> None:
    project = tomllib.loads(read("pyproject.toml"))["project"]
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    for lock, needed in (
        (runtime, required(project["dependencies"])),
        (dev, required(project["dependencies"] + project["optional-dependencies"]["dev"])),
    ):
        assert needed.keys() <= lock.keys(), needed.keys() - lock.keys()
        # Every package pinned to one version, dependencies of dependencies too.
        assert all(re.match(r"[\w.-]+==[\w.+-]+( ;|$)", line) for line in lock.values()), lock
        # A platform marker in pyproject.toml (uvloop's) stays on the locked line.
        for name, requirement in needed.items():
            if ";" in requirement:
                assert ";" in lock[name], lock[name]
    # The tests run on the versions the bot is installed with.
    assert {name: runtime[name] for name in runtime} == {name: dev[name] for name in runtime}


def test_ci_and_the_readme_install_from_the_locks() -> None:
    readme = read("README.md")
    ci = [line for line in read(".ci/run").splitlines() if "pytest" in line]
    assert len(ci) == 1
    assert ci[0] in readme  # exactly the README's test command
    assert "pip install -r requirements-dev.lock && pip install --no-deps -e ." in ci[0]
    assert "pip install -r requirements.lock && pip install --no-deps -e . && python -m bot" in (
        readme
    )


def test_the_database_is_in_the_image_volume() -> None:
    stage = runtime_stage()
    database = PurePosixPath(env_of(stage)["DATABASE_PATH"])
    volumes = [PurePosixPath(path) for path in shlex.split(one(stage, "VOLUME"))]
    assert any(database.is_relative_to(volume) for volume in volumes), (database, volumes)


def test_the_health_check_is_the_cheap_liveness_command() -> None:
    check = one(runtime_stage(), "HEALTHCHECK")
    command = json.loads(check.split(" CMD ", 1)[1])
    assert command == ["python", "-m", "bot", "livez"]  # not /healthz: see the Dockerfile
    usage = subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    assert re.search(r"^\s+livez\s", usage.stdout, re.MULTILINE), usage.stdout


def test_docker_ignore_keeps_secrets_and_the_database_out() -> None:
    rules = [
        line.strip()
        for line in read(".dockerignore").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules[0] == "*"  # everything out, then only what the build copies
    allowed = {rule.removeprefix("!").rstrip("/") for rule in rules if rule.startswith("!")}
    assert not allowed & {".env", "data", ".venv", ".git", "tests"}
    copied = {
        args.split()[0].rstrip("/")
        for name, args in dockerfile()
        if name == "COPY" and "--from" not in args
    }
    assert copied <= allowed


# --- compose.yaml -------------------------------------------------------------------------


def compose() -> dict[str, Any]:
    data = yaml.safe_load(read("compose.yaml"))
    assert isinstance(data, dict)
    return data


def compose_variables() -> dict[str, str | None]:
    """Each variable compose.yaml interpolates, with its default (None: no default)."""
    found: dict[str, str | None] = {}
    for name, kind, default in COMPOSE_VARIABLE.findall(read("compose.yaml")):
        found[name] = default if kind in (":-", "-") else None
    return found


def test_compose_names_only_real_settings() -> None:
    bot = compose()["services"]["bot"]
    assert bot["env_file"] == ".env"
    assert set(bot["environment"]) <= SETTINGS, set(bot["environment"]) - SETTINGS
    # Anything else it reads from .env is for the proxy alone, and documented beside the
    # settings.
    example = {line.split("=", 1)[0] for line in read(".env.example").splitlines() if "=" in line}
    caddy = set(CADDY_VARIABLE.findall(read("deploy/Caddyfile")))
    for name in set(compose_variables()) - SETTINGS:
        assert name in example, f"{name} is not in .env.example"
        assert name in {variable for variable, _ in caddy}, f"{name} is not used by Caddy"


def test_compose_defaults_are_the_settings_defaults() -> None:
    variables = compose_variables()
    assert variables["NOTIFY_PATH"] == NOTIFY_PATH
    assert variables["WEBHOOK_PATH"] == WEBHOOK_PATH
    port = variables["WEB_PORT"]
    assert port is not None
    Settings(_env_file=None, bot_token="1:x", web_port=port, paykeeper_secret="word")


def test_compose_keeps_the_database_in_a_named_volume() -> None:
    data = compose()
    bot = data["services"]["bot"]
    database = PurePosixPath(bot["environment"]["DATABASE_PATH"])
    mounts = dict(reversed(mount.split(":")[:2]) for mount in bot["volumes"])
    holding = [target for target in mounts if database.is_relative_to(target)]
    assert holding, f"{database} is in none of {list(mounts)}"
    assert mounts[holding[0]] in data["volumes"]  # named, so it outlives the container
    image_database = env_of(runtime_stage())["DATABASE_PATH"]
    assert str(database) == image_database


def test_compose_limits_memory_and_processes() -> None:
    for name, service in compose()["services"].items():
        assert str(service["mem_limit"]).endswith("m"), name
        assert int(service["pids_limit"]) > 0, name


def test_compose_stops_the_bot_after_shutdown_timeout_not_before() -> None:
    bot = compose()["services"]["bot"]
    assert bot.get("stop_signal", "SIGTERM") == "SIGTERM"
    assert bot["init"] is True
    assert seconds(bot["stop_grace_period"]) > SHUTDOWN_TIMEOUT


def test_caddy_is_optional_and_serves_https() -> None:
    services = compose()["services"]
    assert "profiles" not in services["bot"]  # `docker compose up -d` runs the bot
    caddy = services["caddy"]
    assert caddy["profiles"] == ["https"]
    assert "443:443" in caddy["ports"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]


def seconds(value: str | int | float) -> float:
    """`30`, `30s`, `1m30s`, `2min` (docker's and systemd's spellings) in seconds."""
    if isinstance(value, int | float):
        return float(value)
    units = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600}
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]*)", value.strip())
    assert parts, value
    return sum(float(number) * units[unit or "s"] for number, unit in parts)


# --- The proxies --------------------------------------------------------------------------


def deploy_port() -> int:
    port = compose_variables()["WEB_PORT"]
    assert port is not None
    return int(port)


def caddy_routes(environment: dict[str, str]) -> dict[str, list[str]]:
    """Path → upstreams, once Caddy has put in its environment's values (or the defaults)."""
    text = CADDY_VARIABLE.sub(
        lambda m: environment.get(m[1]) or (m[2] or ""),
        without_comments(read("deploy/Caddyfile")),
    )
    routes: dict[str, list[str]] = {}
    for path, body in re.findall(r"^\s*handle\s+(/\S*)\s*\{(.*?)^\s*\}", text, re.M | re.S):
        routes[path] = re.findall(r"reverse_proxy\s+(\S+)", body)
    return routes


@pytest.mark.parametrize("source", ["compose", "own defaults"])
def test_caddy_routes_the_notification_and_the_webhook_to_the_bot(source: str) -> None:
    environment: dict[str, str] = {}
    if source == "compose":  # what compose.yaml gives Caddy with an .env that sets none
        for name, value in compose()["services"]["caddy"]["environment"].items():
            environment[name] = COMPOSE_VARIABLE.sub(lambda m: m[3] or "", str(value))
    routes = caddy_routes(environment)
    upstream = f"bot:{deploy_port()}"
    assert routes[NOTIFY_PATH] == [upstream]
    assert routes[WEBHOOK_PATH] == [upstream]
    assert "/metrics" not in routes


def test_caddy_follows_changed_paths() -> None:
    routes = caddy_routes({"NOTIFY_PATH": "/pk", "WEBHOOK_PATH": "/tg", "BOT_UPSTREAM": "h:1"})
    assert routes["/pk"] == ["h:1"]
    assert routes["/tg"] == ["h:1"]


def test_nginx_routes_the_notification_and_the_webhook_to_web_port() -> None:
    text = without_comments(read("deploy/nginx.conf"))
    upstreams = {
        name: re.findall(r"server\s+(\S+?);", body)
        for name, body in re.findall(r"upstream\s+(\S+)\s*\{(.*?)\}", text, re.S)
    }
    locations = {
        path: re.findall(r"proxy_pass\s+http://([^/;\s]+)", body)
        for path, body in re.findall(r"location\s+=\s+(\S+)\s*\{(.*?)\}", text, re.S)
    }
    for path in (NOTIFY_PATH, WEBHOOK_PATH):
        [target] = locations[path]
        assert upstreams.get(target, [target]) == [f"127.0.0.1:{deploy_port()}"], path
    assert "/metrics" not in locations
    # Telegram's secret token reaches the bot (set at the server level, not in a location).
    server_level = re.sub(r"\blocation\s[^{]*\{.*?\}", "", text, flags=re.S)
    assert re.search(
        r"proxy_set_header\s+X-Telegram-Bot-Api-Secret-Token\s+"
        r"\$http_x_telegram_bot_api_secret_token;",
        server_level,
    )


# --- systemd --------------------------------------------------------------------------------


def unit() -> dict[str, dict[str, list[str]]]:
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in read("deploy/paykeeper-invoice-bot.service").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def unit_command() -> tuple[dict[str, str], list[str]]:
    """ExecStart's ``env NAME=value ...`` assignments, and the command after them."""
    [command] = unit()["Service"]["ExecStart"]
    argv = shlex.split(command)
    assigned: dict[str, str] = {}
    if PurePosixPath(argv[0]).name == "env":
        argv = argv[1:]
        while argv and "=" in argv[0]:
            name, _, value = argv.pop(0).partition("=")
            assigned[name] = value
    return assigned, argv


def test_the_unit_runs_python_m_bot() -> None:
    _, argv = unit_command()
    assert PurePosixPath(argv[0]).name.startswith("python")
    assert argv[1:] == ["-m", "bot"]


def test_the_units_database_beats_its_environment_file_and_a_dot_env() -> None:
    """EnvironmentFile= overrides Environment= in systemd: the unit's DATABASE_PATH is set on
    the command line, which nothing read later can change (the environment beats .env: the
    e2e test of `backup` shows it), and is the one the operations doc's restore uses."""
    service = unit()["Service"]
    assert not any(line.startswith("DATABASE_PATH=") for line in service.get("Environment", []))
    assigned, _ = unit_command()
    database = PurePosixPath(assigned["DATABASE_PATH"])
    assert database.is_absolute()
    state = PurePosixPath("/var/lib") / service["StateDirectory"][-1]
    assert database.parent == state
    assert f"DATABASE_PATH={database}" in read("docs/operations.md")


def test_the_unit_waits_for_shutdown_timeout_before_it_kills() -> None:
    service = unit()["Service"]
    assert service.get("KillSignal", ["SIGTERM"]) == ["SIGTERM"]
    assert seconds(service["TimeoutStopSec"][-1]) > SHUTDOWN_TIMEOUT


def test_the_unit_limits_memory_and_processes() -> None:
    service = unit()["Service"]
    assert service["MemoryMax"][-1].endswith(("M", "G"))
    assert int(service["TasksMax"][-1]) > 0


def test_the_unit_is_hardened_and_keeps_the_database_in_its_state_folder() -> None:
    service = unit()["Service"]
    assert service["Restart"] == ["on-failure"]
    assert service.get("DynamicUser") == ["yes"] or service.get("User", ["root"]) != ["root"]
    assert service["NoNewPrivileges"] == ["yes"]
    assert service["ProtectSystem"] == ["strict"]
    [state] = service["StateDirectory"]
    database = unit_command()[0]["DATABASE_PATH"]
    assert PurePosixPath(database).is_relative_to(f"/var/lib/{state}")
    assert service["WorkingDirectory"] == [f"/var/lib/{state}"]  # backup's relative paths


# --- The documented metrics ---------------------------------------------------------------


async def test_the_operating_notes_name_every_metric_and_no_other(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "invoices.db")
    try:
        page = (await MetricsPage(database, form_states=FORM_STATES).render()).decode()
    finally:
        await database.close()
    # As a scrape shows them; prometheus_client's own *_created series are not documented.
    exposed = {
        name
        for name in re.findall(r"^# TYPE (invoicebot_\w+) ", page, re.M)
        if not name.endswith("_created")
    }
    assert len(exposed) >= 10
    documented = set(re.findall(r"`(invoicebot_\w+)`", read("docs/operations.md")))
    assert exposed - documented == set(), "metrics docs/operations.md does not name"
    assert documented - exposed == set(), "names in docs/operations.md that /metrics lacks"


def test_a_container_with_a_wrong_setting_does_not_restart_forever() -> None:
    """The image holds after a refusal (bot.__main__.HOLD_VARIABLE) rather than exit into the
    restart policy; the policy still brings the bot back after a crash or a reboot, which
    on-failure would not after a clean stop (exit 0)."""
    from bot.__main__ import HOLD_VARIABLE

    assert env_of(runtime_stage())[HOLD_VARIABLE] == "1"
    bot = compose()["services"]["bot"]
    assert bot["restart"] in ("unless-stopped", "always")
    assert HOLD_VARIABLE not in bot.get("environment", {})  # not switched off again
    # The health check reads the same settings, so it names the wrong one while the bot holds.
    command = json.loads(one(runtime_stage(), "HEALTHCHECK").partition("CMD")[2])
    assert command == ["python", "-m", "bot", "livez"]
