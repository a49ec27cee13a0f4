"""Hostile input: whatever a user types, in whatever state of whatever conversation, and
whatever callback data arrives, nothing reaches the error handler and every answer fits
Telegram's limits. The states are reached by the real path, one table row each."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from bot.keyboards.invoice import InvoiceAction, InvoiceCallback
from bot.settings import Settings
from tests.fakes.paykeeper import FakePayKeeper
from tests.fakes.telegram import StoredMessage, User, parse_html
from tests.support.chat import ADMIN, MANAGER, Chat


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Receipts (cart lines) and approvals on: every conversation the bot has is reachable.
    return settings.model_copy(update={"receipts": True, "approval_amount": Decimal(100000)})


class Errors(logging.Handler):
    """Every error logged anywhere: the error handler's tracebacks, a cut by the last check
    before Telegram (bot/telegram/limits.py), a failed background task."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[str]:
        return [f"{r.name}: {r.getMessage()} {r.exc_info or ''}" for r in self.records]


@pytest.fixture
def errors() -> Iterator[Errors]:
    handler = Errors()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


def answered_within_limits(chat: Chat, since: int) -> None:
    for call in chat.telegram.calls[since:]:
        if call.method in ("sendMessage", "editMessageText"):
            plain, _ = parse_html(str(call.params.get("text", "")))
            assert len(plain.encode("utf-16-le")) // 2 <= 4096
        if call.method == "answerCallbackQuery":
            assert len(str(call.params.get("text") or "")) <= 200


@pytest.mark.parametrize("spaces", [" ", "   ", "\t", "\u00a0\u2003", " \n "])
async def test_only_spaces_mid_form_get_the_question_again(
    chat: Chat, errors: Errors, spaces: str
) -> None:
    await chat.say(MANAGER, "/invoice")
    answers = [a.text or "" for a in await chat.say(MANAGER, spaces)]
    assert not any("Что-то пошло не так" in a for a in answers)
    assert "сумм" in answers[-1].lower()  # the question again
    assert errors.lines() == []


# --- Where the conversation is: one row per state, reached by the real path ------------------


@dataclass
class Place:
    user: User
    anchor: StoredMessage  # generated callback data is pressed on it
    reply_to: StoredMessage | None = None  # text answers it (the reason for a rejection)
    prefix: str = ""  # text goes after it (/report's dates)


@dataclass
class Placed(Place):
    """A place as reached, with what each example starts from."""

    state: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    buttons: list[str] = field(default_factory=list)  # the anchor's, when the state was reached


Reach = Callable[[Chat, FakePayKeeper], Awaitable[Place]]


async def _last(chat: Chat, user: User, *texts: str) -> StoredMessage:
    for text in texts:
        await chat.say(user, text)
    return chat.last(user)


async def idle(chat: Chat, paykeeper: FakePayKeeper) -> Place:
    return Place(MANAGER, await _last(chat, MANAGER, "/help"))


def form_at(*answers: str) -> Reach:
    async def reach(chat: Chat, paykeeper: FakePayKeeper) -> Place:
        return Place(MANAGER, await _last(chat, MANAGER, "/invoice", *answers))

    return reach


async def summary(chat: Chat, paykeeper: FakePayKeeper) -> Place:
    return Place(MANAGER, await _last(chat, MANAGER, "/invoice 1500 payer@example.com Аудит"))


async def cart_line(chat: Chat, paykeeper: FakePayKeeper) -> Place:
    shown = await _last(chat, MANAGER, "/invoice 1500 payer@example.com Аудит")
    [ask] = await chat.press_text(MANAGER, shown, "Добавить строку")
    return Place(MANAGER, ask)


def catalogue(button: str, *, listed: bool = False) -> Reach:
    async def reach(chat: Chat, paykeeper: FakePayKeeper) -> Place:
        if listed:
            shown = await _last(chat, ADMIN, "/services")
            await chat.press_text(ADMIN, shown, "Добавить")
            await chat.say(ADMIN, "Выезд; 1000; 10%; service")
        shown = await _last(chat, ADMIN, "/services")
        if listed:
            await chat.press_text(ADMIN, shown, "Выезд")
            shown = chat.last(ADMIN)
        await chat.press_text(ADMIN, shown, button)
        return Place(ADMIN, chat.last(ADMIN))

    return reach


async def team(chat: Chat, paykeeper: FakePayKeeper) -> Place:
    return Place(ADMIN, await _last(chat, ADMIN, "/team"))


async def rejection_reason(chat: Chat, paykeeper: FakePayKeeper) -> Place:
    shown = await _last(chat, MANAGER, "/invoice 150000 payer@example.com Аудит")
    await chat.press_text(MANAGER, shown, "e-mail")
    [card] = [m for m in chat.telegram.chat_messages(ADMIN.id) if "одобрение" in (m.text or "")]
    [question] = await chat.press_text(ADMIN, card, "с причиной")
    return Place(ADMIN, card, reply_to=question)


async def report(chat: Chat, paykeeper: FakePayKeeper) -> Place:
    return Place(ADMIN, await _last(chat, ADMIN, "/report"), prefix="/report ")


async def refund_amount(chat: Chat, paykeeper: FakePayKeeper) -> Place:
    shown = await _last(chat, MANAGER, "/invoice 1500 payer@example.com Аудит")
    await chat.press_text(MANAGER, shown, "Получить ссылку")
    [invoice_id] = paykeeper.invoices
    paykeeper.mark_paid(invoice_id)
    invoice = await chat.services.invoices.get(1)
    assert invoice is not None
    await chat.services.tracker.refresh(invoice)
    anchor = await _last(chat, ADMIN, "/help")
    opened = InvoiceCallback(action=InvoiceAction.OPEN, id=1).pack()
    await chat.feed(chat.telegram.press(ADMIN, anchor, opened, strict=False))
    card = chat.last(ADMIN)
    [choice] = await chat.press_text(ADMIN, card, "Возврат")
    [question] = await chat.press_text(ADMIN, choice, "Вернуть часть")
    return Place(ADMIN, question)


# state the real path leaves the user in (None: no form; the reply or the command is the form)
STATES: dict[str, tuple[Reach, str | None]] = {
    "idle": (idle, None),
    "form.amount": (form_at(), "InvoiceForm:amount"),
    "form.email": (form_at("1500"), "InvoiceForm:email"),
    "form.phone": (form_at("1500", "payer@example.com"), "InvoiceForm:phone"),
    "form.expiry": (form_at("1500", "payer@example.com", "-"), "InvoiceForm:expiry"),
    "form.service": (form_at("1500", "payer@example.com", "-", "-"), "InvoiceForm:service"),
    "form.summary": (summary, "InvoiceForm:summary"),
    "cart.line": (cart_line, "CartLineForm:line"),
    "catalogue.add": (catalogue("Добавить"), "ServiceForm:add"),
    "catalogue.edit": (catalogue("Изменить", listed=True), "ServiceForm:edit"),
    "catalogue.upload": (catalogue("Загрузить файл"), "ServiceForm:upload"),
    "team": (team, None),
    "approval.reason": (rejection_reason, None),
    "report.dates": (report, None),
    "refund.amount": (refund_amount, "RefundForm:amount"),
}


# --- What arrives: generated text and callback data -----------------------------------------

SPACES = " \t\n\r\u00a0\u2003\u200b\u3000\ufeff"
MARKUP = ["<b>", "</b>", "<a href='x'>", "&amp;", "&", "<", ">", "<script>", "*x*", "`", "\\"]
PLAUSIBLE = [
    "1500", "-", "1 500,50", "0", "-1", "1e9", "NaN", "99999999999999999999", "payer@example.com",
    "+7 910 123-45-67", "31.12.2026", "+7", "Выезд; 2; 1500", "Выезд;;", ";;;",
    "01.11.2026 30.11.2026", "31.02.2026", "Услуга; 10%; service",
]  # fmt: skip
# Mostly plain text; sometimes a command with the same text after it, mid-conversation.
PREFIXES = ["", "", "", "", "/invoice ", "/report ", "/team ", "/services ", "/cancel ", "/start "]

pieces = st.one_of(
    st.text(min_size=1, max_size=40),
    st.text(alphabet=SPACES, min_size=1, max_size=10),
    st.text(alphabet=st.characters(categories=("Cc", "Cf", "Zl", "Zp")), min_size=1, max_size=20),
    st.text(alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=20),
    st.sampled_from(MARKUP),
    st.sampled_from(PLAUSIBLE),
)
typed = st.one_of(
    st.lists(pieces, min_size=1, max_size=8).map("".join),
    st.text(alphabet=SPACES, min_size=1, max_size=30),
    st.builds(lambda s: (s * 5000)[:5000], st.text(min_size=1, max_size=8)),
).filter(bool)

CALLBACK_PREFIXES = [
    "qc", "form", "rep", "cl", "inv", "ls", "lsm", "bulk", "bulkcol", "mny", "acc", "team",
    "apr", "svc", "bulkrd", "payer", "sch", "schf",
]  # fmt: skip
fields = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.text(max_size=12),
    st.sampled_from(["", "0", "1", "open", "list", "cancel", "skip", "edit", "true", "none"]),
)
forged = st.one_of(
    st.builds(
        lambda prefix, fields: ":".join([prefix, *fields]),
        st.sampled_from(CALLBACK_PREFIXES),
        st.lists(fields, max_size=6),
    ),
    st.text(max_size=64),
).filter(lambda data: 0 < len(data.encode()) <= 64)


@dataclass
class Step:
    kind: str  # "text" or "press"
    value: str


async def _act(chat: Chat, place: Place, step: Step) -> None:
    if step.kind == "press":
        if not place.anchor.deleted:
            await chat.feed(
                chat.telegram.press(place.user, place.anchor, step.value, strict=False)
            )
        return
    update: dict[str, Any] = chat.telegram.send_message(place.user, place.prefix + step.value)
    if place.reply_to is not None:
        update["message"]["reply_to_message"] = place.reply_to.to_dict()
    await chat.feed(update)


@pytest.mark.parametrize("where", list(STATES))
@examples(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_nothing_breaks_and_every_answer_fits(
    chat: Chat,
    paykeeper: FakePayKeeper,
    errors: Errors,
    places: dict[str, Placed],
    where: str,
    data: st.DataObject,
) -> None:
    if where not in places:  # once per test: the fixtures outlive the examples
        places[where] = await _placed(chat, paykeeper, where)
    place = places[where]
    fsm = chat.dispatcher.fsm.get_context(chat.bot, place.user.id, place.user.id)
    await fsm.set_state(place.state)  # each example starts where the real path left it
    await fsm.set_data(place.data)
    press = st.one_of(forged, st.sampled_from(place.buttons)) if place.buttons else forged
    step = data.draw(
        st.one_of(
            st.builds(
                lambda command, text: Step("text", command + text),
                st.sampled_from(PREFIXES),
                typed,
            ),
            press.map(lambda d: Step("press", d)),
        )
    )
    since = len(chat.telegram.calls)
    await _act(chat, place, step)
    assert errors.lines() == []
    answered_within_limits(chat, since)


@pytest.fixture
def places() -> dict[str, Placed]:
    return {}


async def _placed(chat: Chat, paykeeper: FakePayKeeper, where: str) -> Placed:
    """The state reached by the real path; its FSM state and data are where each example
    starts."""
    reach, expected = STATES[where]
    place = await reach(chat, paykeeper)
    fsm = chat.dispatcher.fsm.get_context(chat.bot, place.user.id, place.user.id)
    assert await fsm.get_state() == expected  # the table says where the real path leads
    data = await fsm.get_data()
    buttons = [b["callback_data"] for b in place.anchor.buttons if "callback_data" in b]
    return Placed(place.user, place.anchor, place.reply_to, place.prefix, expected, data, buttons)


def test_forged_presses_cover_every_button_kind() -> None:
    """A new kind of button is forged too: the list above names every CallbackData prefix."""
    import handlers  # noqa: F401  # loads every keyboard's CallbackData

    def kinds(base: type[CallbackData]) -> set[str]:
        found = {base.__prefix__} if base is not CallbackData else set()
        return found.union(*(kinds(sub) for sub in base.__subclasses__()))

    assert kinds(CallbackData) == set(CALLBACK_PREFIXES)
