"""What each unit (a top-level package, or one child of ``bot``) may import; what is not listed
is refused. tests/support/architecture.py reads the tree against these rules."""

from __future__ import annotations

# Libraries only some units may touch; any other library is free for all.
GUARDED = ("aiogram", "aiohttp")
ANY = frozenset({"*"})

# Ground floor: our own leaves and the data layers.
_GROUND = frozenset({"bot.formatting", "bot.logs"})
# What renders knows the data it renders, never who asks for it.
_RENDERING = frozenset(
    {"aiogram", "bot.drafts", "bot.formatting", "bot.parsing", "bot.services", "bot.settings"}
    | {"bot.texts", "paykeeper", "storage"}
)

RULES: dict[str, frozenset[str]] = {
    # Data and the payment gateway know nothing of the bot.
    "storage": frozenset(),
    "paykeeper": frozenset({"aiohttp"}),
    # Leaves.
    "bot": frozenset(),
    "bot.formatting": frozenset(),
    "bot.logs": frozenset(),
    "bot.event_loop": frozenset(),
    "bot.setting_paths": frozenset(),
    "bot.settings_web": frozenset(),
    "bot.texts": frozenset(),
    "bot.parsing": frozenset({"bot.formatting"}),
    "bot.drafts": frozenset({"bot.parsing", "paykeeper"}),
    "bot.settings": frozenset(
        {"bot.setting_paths", "bot.settings_web", "bot.settings_clock", "bot.settings_receipts"}
        | {"paykeeper"}
    ),
    "bot.settings_clock": frozenset(),
    "bot.settings_receipts": frozenset({"paykeeper"}),
    "bot.metrics": frozenset({"storage"}),
    # Services return data: no Telegram, nothing that renders.
    "bot.services": frozenset(
        {"bot.drafts", "bot.metrics", "bot.parsing", "bot.settings", "paykeeper", "storage"}
        | _GROUND
    ),
    # Presentation.
    "bot.keyboards": frozenset(_RENDERING - {"bot.parsing", "bot.settings", "bot.drafts"}),
    "bot.views": frozenset(_RENDERING | {"bot.keyboards"}),
    "bot.form_summary": frozenset(_RENDERING | {"bot.keyboards", "bot.views"}),
    "bot.form_steps": frozenset(_RENDERING | {"bot.keyboards", "bot.form_summary"}),
    "bot.schedule_form": frozenset(_RENDERING | {"bot.keyboards"}),
    "bot.form_flow": frozenset(
        _RENDERING | {"bot.keyboards", "bot.form_summary", "bot.form_steps"}
    ),
    "bot.telegram": frozenset(_RENDERING | {"bot.keyboards", "bot.views", "bot.metrics"}),
    "bot.middlewares": frozenset(
        _RENDERING | _GROUND | {"bot.keyboards", "bot.views", "bot.form_summary", "bot.metrics"}
    ),
    "bot.filters": frozenset({"aiogram"}),
    "bot.fsm_storage": frozenset({"aiogram", "storage"}),
    "bot.event_isolation": frozenset({"aiogram"}),
    # The handlers: everything presentation offers, never the wiring.
    "handlers": frozenset(
        _RENDERING
        | _GROUND
        | {"aiohttp", "bot.keyboards", "bot.views", "bot.form_summary", "bot.form_steps"}
        | {"bot.schedule_form", "bot.form_flow"}
        | {"bot.telegram", "bot.middlewares", "bot.filters"}
    ),
    # HTTP infrastructure.
    "bot.client_address": frozenset({"aiohttp", "bot.settings_web"}),
    "bot.web": frozenset(
        {"aiohttp", "bot.client_address", "bot.logs", "bot.metrics", "bot.services"}
        | {"bot.settings_web", "bot.dashboard"}
    ),
    # The dashboard's HTTP side: the same services as chat, its own pages and texts.
    "bot.dashboard": frozenset(
        {"aiohttp", "bot.drafts", "bot.services", "bot.texts", "paykeeper", "storage"}
    ),
    "bot.web_wiring": frozenset(
        {"aiogram", "bot.dashboard", "bot.form_summary", "bot.metrics", "bot.services"}
        | {"bot.settings", "bot.web", "paykeeper", "storage"}
    ),
    "bot.webhook": frozenset(
        {"aiogram", "aiohttp", "bot.client_address", "bot.metrics", "bot.services"}
        | {"bot.settings"}
    ),
    # Wiring and entry points: the composition root knows every part, the entry point the rest.
    "bot.composition": frozenset(
        _RENDERING
        | _GROUND
        | {"bot.keyboards", "bot.views", "bot.form_summary", "bot.telegram", "bot.bulk_wiring"}
        | {"bot.web_wiring"}
        | {"bot.metrics", "bot.web", "bot.webhook", "bot.client_address", "bot.settings_web"}
    ),
    "bot.bulk_wiring": frozenset(
        {"aiogram", "bot.services", "bot.settings", "bot.telegram", "bot.views", "storage"}
    ),
    "bot.dispatching": frozenset(
        {"aiogram", "bot.composition", "bot.event_isolation", "bot.fsm_storage"}
        | {"bot.middlewares", "bot.services", "handlers"}
    ),
    "bot.jobs": frozenset({"aiogram", "bot.composition", "bot.settings"}),
    "bot.check_paykeeper": frozenset({"bot.settings", "paykeeper"}),
    "bot.app": frozenset(
        {"aiogram", "aiohttp", "bot.composition", "bot.dispatching", "bot.event_loop"}
        | {"bot.jobs", "bot.services", "bot.settings", "bot.telegram", "bot.texts", "bot.webhook"}
    ),
    "bot.__main__": frozenset(
        {"aiogram", "bot.app", "bot.check_paykeeper", "bot.event_loop", "bot.logs"}
        | {"bot.settings", "bot.setting_paths", "storage"}
    ),
    # Tests may reach anything (but a conftest, see below).
    "tests": ANY,
}
