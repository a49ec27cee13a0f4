"""A Telegram Bot API stand-in: a real aiohttp server on 127.0.0.1.

Point a bot at it with ``TELEGRAM_API_URL=<fake.url>`` (the real process) or
``AiohttpSession(api=TelegramAPIServer.from_base(fake.url))`` (in-process). Tests push updates
the way a user would (``send_message``, ``press``, ``inline_query``, ``send_document`` ...) and
wait for what the bot did (``wait_for``, ``sent_to``, ``message``).

What it imitates, because bots trip over it in production:
- ``getUpdates`` long-polls, honours ``offset``/``limit``/``allowed_updates`` and answers a
  second concurrent poller with 409 Conflict, like Telegram;
- HTML ``parse_mode`` is parsed like Telegram's parser (unsupported or unclosed tags, a bare
  ``<`` -> 400 "can't parse entities"); stored texts are the plain text a user would see;
- edits that change nothing -> 400 "message is not modified"; callback_data over 64 bytes ->
  400 BUTTON_DATA_INVALID; text over 4096 / caption over 1024 characters -> 400;
- ``fail_next`` injects flood control (429 with ``retry_after``) or any other error;
- ``setWebhook`` switches to webhook mode as Telegram does: updates are POSTed, in order, to
  the URL set (through ``webhook_target``, standing in for the reverse proxy in front of the
  bot) with the secret token, retried until answered 2xx; ``getUpdates`` answers 409 while a
  webhook is set; ``deleteWebhook`` goes back to polling. ``post_update`` posts one update
  with any (or no) secret token, as a stranger could.

Calls Telegram accepted are in ``calls``; rejected ones (401, injected faults, 400s) in
``failed``; ``getUpdates`` polls in ``polls``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import mimetypes
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from yarl import URL

JSON = dict[str, Any]

# Update types Telegram delivers when allowed_updates is empty or was never set.
DEFAULT_UPDATES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post", "inline_query",
        "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query",
        "poll", "poll_answer", "my_chat_member", "chat_join_request", "business_connection",
        "business_message", "edited_business_message", "deleted_business_messages",
        "purchased_paid_media", "chat_boost", "removed_chat_boost",
    }
)  # fmt: skip
SEND_METHODS = frozenset(
    {
        "sendmessage", "sendphoto", "senddocument", "sendvideo", "sendaudio", "sendvoice",
        "sendanimation", "sendsticker", "sendvideonote", "sendlocation", "sendcontact",
        "sendvenue", "senddice", "sendpoll", "sendinvoice", "sendmediagroup", "copymessage",
        "forwardmessage",
    }
)  # fmt: skip
EDIT_METHODS = frozenset(
    {"editmessagetext", "editmessagecaption", "editmessagereplymarkup", "editmessagemedia"}
)
MEDIA_KINDS: dict[str, JSON] = {
    "document": {},
    "photo": {"width": 800, "height": 600},
    "video": {"width": 640, "height": 360, "duration": 1},
    "animation": {"width": 320, "height": 240, "duration": 1},
    "audio": {"duration": 1},
    "voice": {"duration": 1},
    "video_note": {"length": 240, "duration": 1},
    "sticker": {
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    },
}
# Form fields that are free text: never JSON-decode them ("123" must stay a string).
STRING_FIELDS = frozenset(
    {
        "text", "caption", "query", "data", "callback_query_id", "inline_query_id",
        "inline_message_id", "next_offset", "description", "short_description", "name",
        "title", "url", "emoji", "question", "address", "phone_number", "first_name",
        "last_name", "payload", "start_parameter", "business_connection_id",
        "message_effect_id", "switch_pm_text", "switch_pm_parameter", "file_id",
    }
)  # fmt: skip
HTML_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
     "tg-emoji", "code", "pre", "blockquote", "tg-time"}
)  # fmt: skip
HTML_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));")
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


@dataclass
class User:
    id: int
    first_name: str = "Ivan"
    language_code: str = "ru"
    username: str | None = None

    def to_dict(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        data["language_code"] = self.language_code
        if self.username:
            data["username"] = self.username
        return data


@dataclass
class Upload:
    """A file the bot uploaded with multipart/form-data."""

    filename: str
    content: bytes
    content_type: str


@dataclass
class Call:
    """One Bot API request: ``params`` decoded from JSON, urlencoded or multipart bodies.

    JSON-encoded fields (reply_markup, entities, results, media ...) are decoded to objects,
    ``attach://`` references are replaced by the :class:`Upload` they point to.
    """

    method: str
    params: JSON
    error: str | None = None  # the description Telegram answered with, for rejected calls


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class StoredMessage:
    """The current state of a message in a chat (or of an inline message)."""

    message_id: int
    chat: JSON
    sender: JSON
    date: int
    text: str | None = None  # plain text as the user sees it (HTML markup parsed away)
    caption: str | None = None
    reply_markup: JSON | None = None  # any keyboard, as sent
    media: JSON = field(default_factory=dict)  # e.g. {"document": {...}}, {"photo": [...]}
    source: Any = None  # (raw text, parsed markup) used to detect "message is not modified"
    edit_date: int | None = None
    deleted: bool = False
    inline_message_id: str | None = None

    @property
    def chat_id(self) -> int:
        return int(self.chat["id"])

    @property
    def from_bot(self) -> bool:
        return bool(self.sender.get("is_bot"))

    @property
    def buttons(self) -> list[JSON]:
        """All buttons of the keyboard, row by row, flattened."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]

    def to_dict(self) -> JSON:
        data: JSON = {"message_id": self.message_id, "date": self.date, "chat": self.chat}
        data["from"] = self.sender
        for key in ("text", "caption", "edit_date"):
            if (value := getattr(self, key)) is not None:
                data[key] = value
        data.update(self.media)
        # Telegram echoes only inline keyboards in Message objects.
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup
        return data


@dataclass
class Webhook:
    """What the bot asked for with setWebhook."""

    url: str
    secret_token: str | None
    allowed_updates: list[str] | None


@dataclass
class Delivery:
    """One POST of an update to the webhook: the HTTP status, or 0 when it did not connect."""

    update_id: int
    status: int
    secret_token: str | None


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters

    def response(self) -> web.Response:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return web.json_response(body, status=self.code)


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def parse_html(text: str) -> tuple[str, list[tuple[str, str, int]]]:
    """Telegram's HTML parse_mode: the plain text and (tag, attributes, offset) markup events.

    Follows tdlib's parser: unknown ``&...;`` stays literal, while every ``<`` opens a tag.
    """
    plain: list[str] = []
    stack: list[str] = []
    markup: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "&" and (m := HTML_ENTITY.match(text, pos)):
            named, dec, hexa = m.groups()
            plain.append(
                NAMED_ENTITIES[named] if named else chr(int(dec or hexa, 16 if hexa else 10))
            )
            pos = m.end()
            continue
        if char != "<":
            plain.append(char)
            pos += 1
            continue
        offset = len(text[:pos].encode())
        if text.startswith("</", pos):
            end = text.find(">", pos)
            if not stack:
                raise bad_request(
                    f"can't parse entities: Unexpected end tag at byte offset {offset}"
                )
            if end < 0:
                raise bad_request(
                    f"can't parse entities: Unclosed end tag at byte offset {offset}"
                )
            name = text[pos + 2 : end].strip().lower()
            if name and name != stack[-1]:
                raise bad_request(
                    f"can't parse entities: Unmatched end tag at byte offset {offset}, "
                    f'expected "</{stack[-1]}>", found "</{name}>"'
                )
            markup.append(("/" + stack.pop(), "", len(plain)))
        else:
            name = re.match(r"[^\s>]*", text[pos + 1 :])[0]  # type: ignore[index]
            end = text.find(">", pos + 1 + len(name))
            if pos + 1 + len(name) >= len(text):
                raise bad_request(
                    f"can't parse entities: Unclosed start tag at byte offset {offset}"
                )
            if name.lower() not in HTML_TAGS:
                raise bad_request(
                    f'can\'t parse entities: Unsupported start tag "{name.lower()}" '
                    f"at byte offset {offset}"
                )
            if end < 0:
                raise bad_request(
                    f"can't parse entities: Unclosed start tag at byte offset {offset}"
                )
            stack.append(name.lower())
            markup.append((name.lower(), text[pos + 1 + len(name) : end].strip(), len(plain)))
        pos = end + 1
    if stack:
        raise bad_request(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1]}\""
        )
    return "".join(plain), markup


def format_text(text: Any, parse_mode: Any, limit: int, what: str) -> tuple[str, Any]:
    """Plain text for the store plus the "source" used to detect unchanged edits."""
    raw = str(text)
    plain, markup = parse_html(raw) if str(parse_mode).upper() == "HTML" else (raw, raw)
    if not what and not plain.strip():
        raise bad_request("message text is empty")
    if len(plain) > limit:
        raise bad_request(f"message {what} is too long" if what else "message is too long")
    return plain, (plain, markup)


def check_markup(markup: Any) -> None:
    if not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")


def decode_value(key: str, value: Any) -> Any:
    if not isinstance(value, str) or key in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _always(_: Call) -> bool:
    return True


class FakeTelegram:
    def __init__(
        self,
        token: str = "123456:TEST-token",  # noqa: S107
        *,
        bot_username: str = "invoice_test_bot",
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        bot_id = token.partition(":")[0]
        self.bot_user: JSON = {
            "id": int(bot_id) if bot_id.isdigit() else 123456,
            "is_bot": True,
            "first_name": "Invoice Test Bot",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.url = ""
        self.calls: list[Call] = []
        self.failed: list[Call] = []
        self.polls: list[Call] = []
        self.updates: list[JSON] = []  # pushed and not yet confirmed by an offset
        self.dropped: list[JSON] = []  # filtered out by allowed_updates, as Telegram does
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.inline_messages: dict[str, StoredMessage] = {}
        self.files: dict[str, StoredFile] = {}
        self.users: dict[int, User] = {}
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATES
        self._faults: dict[str, deque[ApiError]] = defaultdict(deque)
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(
            lambda: itertools.count(1)
        )
        self._changed = asyncio.Event()
        self._poll_generation = 0
        self._pending_polls: set[int] = set()  # indexes in `polls` not answered yet
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.webhook: Webhook | None = None
        # Where webhook posts really go (scheme, host and port; the path is the webhook's):
        # the bot's own server, as a reverse proxy would forward them. None: the URL as set.
        self.webhook_target: str | None = None
        self.deliveries: list[Delivery] = []
        self._deliverer: asyncio.Task[None] | None = None
        self._http: aiohttp.ClientSession | None = None

    # ------------------------------------------------------------------ lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        sockets = self._runner.addresses
        self.url = f"http://{host}:{sockets[0][1]}"
        self._deliverer = asyncio.create_task(self._deliver_to_webhook())
        return self.url

    async def stop(self) -> None:
        self._closing = True  # pending long polls answer [] at once
        self._notify()
        if self._deliverer is not None:
            self._deliverer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._deliverer
            self._deliverer = None
        if self._http is not None:
            await self._http.close()
            self._http = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ faults

    def fail_next(
        self,
        method: str,
        error_code: int = 429,
        retry_after: int = 1,
        *,
        description: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error instead of handling them.

        429 answers like flood control (``parameters.retry_after``); for other codes pass the
        description Telegram would use, e.g. ``"Forbidden: bot was blocked by the user"``.
        """
        if error_code == 429:
            error = ApiError(
                429,
                description or f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )
        else:
            error = ApiError(error_code, description or f"Error {error_code}")
        self._faults[method.lower()].extend([error] * times)

    def clear_faults(self) -> None:
        """Telegram takes every call again."""
        self._faults.clear()

    # ------------------------------------------------------------------ pushing updates

    def push(self, kind: str, payload: JSON) -> JSON:
        """Queue ``{"update_id": n, kind: payload}`` for getUpdates and return it."""
        update = {"update_id": next(self._update_ids), kind: payload}
        self.updates.append(update)
        self._notify()
        return update

    async def post_update(self, update: JSON, *, secret_token: str | None) -> int:
        """POST one update to the webhook with ``secret_token`` in Telegram's header (None:
        no header); the HTTP status the bot answered. Not queued, not retried."""
        if self.webhook is None:
            raise LookupError("no webhook is set")
        return await self._post(self.webhook.url, update, secret_token)

    def send_message(self, user: User, text: str, *, chat_id: int | None = None) -> JSON:
        message = self._user_message(user, chat_id, text=text)
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.push("message", message)

    def send_sticker(self, user: User, *, chat_id: int | None = None) -> JSON:
        sticker = self._register_file("sticker", b"RIFF-sticker", "sticker.webp", "image/webp")
        return self.push("message", self._user_message(user, chat_id, sticker=sticker))

    def send_photo(
        self,
        user: User,
        content: bytes = b"\xff\xd8\xff\xe0 fake jpeg",
        *,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> JSON:
        photo = self._register_file("photo", content, "photo.jpg", "image/jpeg")
        message = self._user_message(user, chat_id, photo=[photo], caption=caption)
        return self.push("message", message)

    def send_document(
        self,
        user: User,
        filename: str,
        content: bytes,
        mime_type: str,
        caption: str | None = None,
        *,
        chat_id: int | None = None,
    ) -> JSON:
        document = self._register_file("document", content, filename, mime_type)
        message = self._user_message(user, chat_id, document=document, caption=caption)
        return self.push("message", message)

    def press(
        self,
        user: User,
        message: StoredMessage | JSON | int | str,
        data: str,
        *,
        chat_id: int | None = None,
        strict: bool = True,
    ) -> JSON:
        """Press an inline button of a message the bot sent.

        ``message`` is a StoredMessage, a Message dict, a message_id in ``chat_id`` (the user's
        private chat by default) or an inline_message_id (str). With ``strict`` the button
        must be on the message's current keyboard, as only such a press is possible for a user;
        pass ``strict=False`` to forge stale or tampered callback data.
        """
        self.users[user.id] = user
        if isinstance(message, str):
            stored = self.inline_messages.get(message)
        elif isinstance(message, int):
            stored = self.messages.get((user.id if chat_id is None else chat_id, message))
        elif isinstance(message, dict):
            stored = self.messages.get((message["chat"]["id"], message["message_id"]))
        else:
            stored = message
        if stored is None or stored.deleted:
            raise LookupError(f"no message {message!r} to press a button on")
        if strict and data not in [b.get("callback_data") for b in stored.buttons]:
            raise ValueError(f"no button with callback_data {data!r} on {stored.to_dict()}")
        query: JSON = {"id": f"cbq-{next(self._ids)}", "from": user.to_dict(), "data": data}
        if stored.inline_message_id:
            query["inline_message_id"] = stored.inline_message_id
            query["chat_instance"] = f"inline-{stored.inline_message_id}"
        else:
            query["message"] = stored.to_dict()
            query["chat_instance"] = f"chat-{stored.chat_id}"
        return self.push("callback_query", query)

    def inline_query(
        self, user: User, query: str, *, offset: str = "", chat_type: str = "sender"
    ) -> JSON:
        self.users[user.id] = user
        payload: JSON = {"id": f"iq-{next(self._ids)}", "from": user.to_dict(), "query": query}
        payload |= {"offset": offset, "chat_type": chat_type}
        return self.push("inline_query", payload)

    def chosen_inline_result(
        self, user: User, result_id: str, query: str, inline_message_id: str | None = None
    ) -> JSON:
        """The user picked an inline result; with an inline_message_id the message is stored
        (text and keyboard taken from the bot's last answerInlineQuery offering result_id)."""
        payload: JSON = {"result_id": result_id, "from": user.to_dict(), "query": query}
        if inline_message_id is not None:
            payload["inline_message_id"] = inline_message_id
            stored = self._inline_message(inline_message_id)
            stored.sender = user.to_dict()
            for call in reversed(self.calls):
                results = call.params.get("results") or []
                result = next((r for r in results if r.get("id") == result_id), None)
                if call.method.lower() == "answerinlinequery" and result:
                    content = result.get("input_message_content") or {}
                    if "message_text" in content:
                        stored.text, stored.source = format_text(
                            content["message_text"], content.get("parse_mode"), 4096, ""
                        )
                    stored.reply_markup = result.get("reply_markup")
                    break
        return self.push("chosen_inline_result", payload)

    # ------------------------------------------------------------------ inspecting

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] = _always,
        *,
        # A ceiling, not an expectation: generous for a slow, busy machine.
        timeout: float = 60.0,  # noqa: ASYNC109 - an explicit deadline reads best in tests
        after: int = 0,
    ) -> Call:
        """The first accepted call of ``method`` with index >= ``after`` matching ``predicate``.

        Capture ``after = len(fake.calls)`` before pushing an update to wait for "the next" one.
        """
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for call in self.calls[after:]:
                if call.method.lower() == method.lower() and predicate(call):
                    return call
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                seen = [(c.method, c.params.get("text")) for c in self.calls[after:]]
                failed = [(c.method, c.error) for c in self.failed]
                raise TimeoutError(
                    f"no matching {method} within {timeout}s (after #{after}); "
                    f"calls since: {seen}; rejected: {failed}"
                )
            await self._wait_change(remaining)

    async def wait_polling(self, timeout: float = 60.0, *, after: int = 0) -> None:  # noqa: ASYNC109
        """Wait until a getUpdates long poll is pending (the bot process is up and polling).

        Only polls from ``polls[after:]`` count: capture ``after = len(fake.polls)`` before
        starting a bot process. A killed process's long poll stays pending here until its
        timeout (the stand-in does not notice the closed socket), and must not pass for the
        new process polling.
        """
        async with asyncio.timeout(timeout):
            while not any(poll >= after for poll in self._pending_polls):
                await self._wait_change(timeout)

    def sent_to(self, chat_id: int) -> list[Call]:
        """Sends and edits the bot made in ``chat_id``, in order."""
        methods = SEND_METHODS | EDIT_METHODS | {"deletemessage"}
        return [
            c
            for c in self.calls
            if c.method.lower() in methods and str(c.params.get("chat_id")) == str(chat_id)
        ]

    def message(self, chat_id: int, message_id: int) -> StoredMessage:
        return self.messages[(chat_id, message_id)]

    def chat_messages(self, chat_id: int, *, from_bot: bool = True) -> list[StoredMessage]:
        """Messages (not deleted) in a chat, oldest first; by default only the bot's."""
        return [
            m
            for (chat, _), m in self.messages.items()
            if chat == chat_id and not m.deleted and m.from_bot == from_bot
        ]

    def last_message(self, chat_id: int) -> StoredMessage:
        messages = self.chat_messages(chat_id)
        if not messages:
            raise LookupError(f"the bot sent nothing to chat {chat_id}")
        return messages[-1]

    # ------------------------------------------------------------------ HTTP

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await self._read_params(request)
        if request.match_info["token"] != self.token:
            self.failed.append(Call(method, params, "Unauthorized"))
            return ApiError(401, "Unauthorized").response()
        try:
            if faults := self._faults.get(method.lower()):
                raise faults.popleft()
            if method.lower() == "getupdates":
                self.polls.append(Call(method, params))
                result = await self._get_updates(params, len(self.polls) - 1)
            else:
                result = self._dispatch(method.lower(), params)
                self.calls.append(Call(method, params))
                self._notify()
        except ApiError as error:
            self.failed.append(Call(method, params, error.description))
            self._notify()
            return error.response()
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        stored = next((f for f in self.files.values() if f.file_path == path), None)
        if request.match_info["token"] != self.token or stored is None:
            return ApiError(404, "Not Found").response()
        return web.Response(body=stored.content, content_type="application/octet-stream")

    async def _read_params(self, request: web.Request) -> JSON:
        raw: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                raw.update(await request.json())
            else:
                for key, value in (await request.post()).items():
                    if isinstance(value, web.FileField):
                        content_type = value.content_type
                        if content_type in ("", "application/octet-stream"):
                            guessed = mimetypes.guess_type(value.filename)[0]
                            content_type = guessed or "application/octet-stream"
                        raw[key] = Upload(value.filename, value.file.read(), content_type)
                    else:
                        raw[key] = value
        params = {k: decode_value(k, v) for k, v in raw.items()}
        uploads = {k: v for k, v in params.items() if isinstance(v, Upload)}

        def attach(value: Any) -> Any:
            if isinstance(value, str) and value.startswith("attach://"):
                return uploads.get(value.removeprefix("attach://"), value)
            if isinstance(value, list):
                return [attach(v) for v in value]
            if isinstance(value, dict):
                return {k: attach(v) for k, v in value.items()}
            return value

        return {k: attach(v) for k, v in params.items() if k not in uploads}

    # ------------------------------------------------------------------ Bot API methods

    async def _get_updates(self, params: JSON, poll: int) -> list[JSON]:
        offset = int(params.get("offset") or 0)
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]
        if (allowed := params.get("allowed_updates")) is not None:
            self.allowed_updates = frozenset(allowed) or DEFAULT_UPDATES
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(params.get("timeout") or 0)
        self._poll_generation += 1
        generation = self._poll_generation
        self._pending_polls.add(poll)
        self._notify()
        try:
            while True:
                if self.webhook is not None:
                    raise ApiError(
                        409,
                        "Conflict: can't use getUpdates method while webhook is active; "
                        "use deleteWebhook to delete the webhook first",
                    )
                if generation != self._poll_generation:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                for update in [u for u in self.updates if not self._allowed(u)]:
                    self.updates.remove(update)
                    self.dropped.append(update)
                if self.updates or self._closing or loop.time() >= deadline:
                    return self.updates[:limit]
                await self._wait_change(deadline - loop.time())
        finally:
            self._pending_polls.discard(poll)

    def _dispatch(self, method: str, params: JSON) -> Any:
        if method == "getme":
            return self.bot_user
        if method == "deletewebhook":
            if params.get("drop_pending_updates"):
                self.updates.clear()
            self.webhook = None
            return True
        if method == "setwebhook":
            return self._set_webhook(params)
        if method == "getwebhookinfo":
            info: JSON = {"url": "", "has_custom_certificate": False}
            info["pending_update_count"] = len(self.updates)
            if self.webhook is not None:
                info["url"] = self.webhook.url
                if self.webhook.allowed_updates is not None:
                    info["allowed_updates"] = self.webhook.allowed_updates
            return info
        if method == "getfile":
            stored = self.files.get(str(params.get("file_id")))
            if stored is None:
                raise bad_request("invalid file_id")
            return self._file_dict(stored) | {"file_path": stored.file_path}
        if method == "sendmediagroup":
            chat = {"chat_id": params.get("chat_id")}
            return [self._send(item | chat, item) for item in params["media"]]
        if method in ("copymessage", "forwardmessage"):
            source = self._find(params.get("from_chat_id"), params.get("message_id"), "to copy")
            copy = {"text": source.text, "caption": source.caption} | params
            copy = {k: v for k, v in copy.items() if v is not None and k != "message_id"}
            sent = self._send(copy, media=source.media, parse="caption" in params)
            return {"message_id": sent["message_id"]} if method == "copymessage" else sent
        if method == "sendmessage":
            return self._send({"text": ""} | params)  # aiogram omits empty fields
        if method in SEND_METHODS:
            return self._send(params)
        if method in EDIT_METHODS:
            return self._edit(method, params)
        if method == "deletemessage":
            target = self._find(params.get("chat_id"), params.get("message_id"), "to delete")
            target.deleted = True
            return True
        if method == "getmycommands":
            return []
        if method == "answercallbackquery" and len(str(params.get("text") or "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")  # what Telegram answers past 200 characters
        return True  # answerCallbackQuery, setMyCommands, sendChatAction, anything unknown

    def _send(
        self,
        params: JSON,
        media_params: JSON | None = None,
        *,
        media: JSON | None = None,
        parse: bool = True,
    ) -> JSON:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise bad_request("chat not found")
        stored = StoredMessage(
            message_id=next(self._message_ids[chat_id]),
            chat=self._chat(chat_id),
            sender=self.bot_user,
            date=int(time.time()),
            media=dict(media or {}),
        )
        mode = params.get("parse_mode") if parse else None
        if "text" in params:
            stored.text, stored.source = format_text(params["text"], mode, 4096, "")
        if params.get("caption") is not None:
            stored.caption, stored.source = format_text(params["caption"], mode, 1024, "caption")
        media_params = params if media_params is None else media_params
        if "type" in media_params and "media" in media_params:  # an InputMedia item
            media_params = {media_params["type"]: media_params["media"]}
        for kind in MEDIA_KINDS:
            if kind in media_params:
                stored.media = {kind: self._media(kind, media_params[kind])}
        check_markup(params.get("reply_markup"))
        stored.reply_markup = params.get("reply_markup")
        self.messages[(chat_id, stored.message_id)] = stored
        return stored.to_dict()

    def _edit(self, method: str, params: JSON) -> JSON | bool:
        if (inline_id := params.get("inline_message_id")) is not None:
            target = self._inline_message(str(inline_id))
        else:
            target = self._find(params.get("chat_id"), params.get("message_id"), "to edit")
            if not target.from_bot:
                raise bad_request("message can't be edited")
        text, caption, media, source = target.text, target.caption, target.media, target.source
        mode = params.get("parse_mode")
        if method == "editmessagetext":
            if target.media:
                raise bad_request("there is no text in the message to edit")
            text, source = format_text(params.get("text", ""), mode, 4096, "")
        elif method == "editmessagecaption":
            caption, source = None, None
            if params.get("caption") is not None:
                caption, source = format_text(params["caption"], mode, 1024, "caption")
        elif method == "editmessagemedia":
            item = params["media"]
            media = {item["type"]: self._media(item["type"], item["media"])}
            caption, source = None, None
            if item.get("caption") is not None:
                caption, source = format_text(
                    item["caption"], item.get("parse_mode"), 1024, "caption"
                )
        markup = params.get("reply_markup")
        check_markup(markup)
        if method != "editmessagemedia" and (source, markup) == (
            target.source,
            target.reply_markup,
        ):
            raise bad_request(NOT_MODIFIED)
        target.text, target.caption, target.media, target.source = text, caption, media, source
        target.reply_markup = markup
        target.edit_date = int(time.time())
        return True if inline_id is not None else target.to_dict()

    # ------------------------------------------------------------------ webhook

    def _set_webhook(self, params: JSON) -> bool:
        url = str(params.get("url") or "")
        if not url:  # an empty URL removes the webhook, as deleteWebhook
            self.webhook = None
            return True
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not WEBHOOK_SECRET.fullmatch(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        allowed = params.get("allowed_updates")
        if allowed is not None:
            self.allowed_updates = frozenset(allowed) or DEFAULT_UPDATES
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.webhook = Webhook(url, None if secret is None else str(secret), allowed)
        return True

    async def _deliver_to_webhook(self) -> None:
        """Telegram's side of a webhook: each update in turn, until the bot takes it."""
        while not self._closing:
            webhook = self.webhook
            if webhook is None or not self.updates:
                await self._wait_change(60)
                continue
            for update in [u for u in self.updates if not self._allowed(u)]:
                self.updates.remove(update)
                self.dropped.append(update)
            if not self.updates:
                continue
            update = self.updates[0]
            status = await self._post(webhook.url, update, webhook.secret_token)
            self.deliveries.append(Delivery(update["update_id"], status, webhook.secret_token))
            if 200 <= status < 300:
                if update in self.updates:
                    self.updates.remove(update)
            else:
                await self._wait_change(0.2)  # the bot is restarting, say: try again soon
            self._notify()

    async def _post(self, url: str, update: JSON, secret_token: str | None) -> int:
        target = URL(url)
        if self.webhook_target is not None:
            base = URL(self.webhook_target)
            target = base.with_path(target.path).with_query(target.query)
        if self._http is None:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        headers = {SECRET_HEADER: secret_token} if secret_token is not None else {}
        try:
            async with self._http.post(target, json=update, headers=headers) as response:
                await response.read()
                return response.status
        except (aiohttp.ClientError, TimeoutError):
            return 0

    # ------------------------------------------------------------------ helpers

    def _notify(self) -> None:
        """Wake everyone waiting for a change (new update, call, poll, shutdown)."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_change(self, seconds: float) -> None:
        changed = self._changed
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(max(seconds, 0)):
                await changed.wait()

    def _allowed(self, update: JSON) -> bool:
        return any(kind in self.allowed_updates for kind in update if kind != "update_id")

    def _chat(self, chat_id: int) -> JSON:
        if user := self.users.get(chat_id):
            chat: JSON = {"id": chat_id, "type": "private", "first_name": user.first_name}
            return chat | ({"username": user.username} if user.username else {})
        if chat_id < 0:
            return {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}
        return {"id": chat_id, "type": "private", "first_name": "User"}

    def _user_message(self, user: User, chat_id: int | None, **content: Any) -> JSON:
        self.users[user.id] = user
        chat_id = user.id if chat_id is None else chat_id
        stored = StoredMessage(
            message_id=next(self._message_ids[chat_id]),
            chat=self._chat(chat_id),
            sender=user.to_dict(),
            date=int(time.time()),
            text=content.pop("text", None),
            caption=content.pop("caption", None),
            media=content,
        )
        self.messages[(chat_id, stored.message_id)] = stored
        return stored.to_dict()

    def _find(self, chat_id: Any, message_id: Any, what: str) -> StoredMessage:
        stored = self.messages.get((chat_id, message_id))
        if stored is None or stored.deleted:
            raise bad_request(f"message {what} not found")
        return stored

    def _inline_message(self, inline_message_id: str) -> StoredMessage:
        if inline_message_id not in self.inline_messages:
            self.inline_messages[inline_message_id] = StoredMessage(
                message_id=0,
                chat={},
                sender=self.bot_user,
                date=int(time.time()),
                inline_message_id=inline_message_id,
            )
        return self.inline_messages[inline_message_id]

    def _register_file(self, kind: str, content: bytes, name: str, mime: str) -> JSON:
        n = next(self._ids)
        suffix = "." + name.rsplit(".", 1)[1] if "." in name else ""
        stored = StoredFile(
            file_id=f"{kind}-file-{n}",
            file_unique_id=f"uniq-{n}",
            file_path=f"{kind}s/file_{n}{suffix}",
            content=content,
            file_name=name if kind in ("document", "audio", "video", "animation") else None,
            mime_type=mime,
        )
        self.files[stored.file_id] = stored
        return self._media_object(kind, stored)

    def _media(self, kind: str, value: Any) -> Any:
        """The Message field for a file the bot sent: an upload, a known file_id or a URL."""
        if isinstance(value, Upload):
            obj = self._register_file(kind, value.content, value.filename, value.content_type)
        elif isinstance(value, str) and value in self.files:
            obj = self._media_object(kind, self.files[value])
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            name = value.rsplit("/", 1)[-1] or "file"
            obj = self._register_file(kind, b"", name, mimetypes.guess_type(name)[0] or "")
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return [obj] if kind == "photo" else obj

    def _media_object(self, kind: str, stored: StoredFile) -> JSON:
        obj = self._file_dict(stored) | MEDIA_KINDS[kind]
        if stored.file_name and kind != "photo":
            obj["file_name"] = stored.file_name
        if stored.mime_type and kind not in ("photo", "sticker"):
            obj["mime_type"] = stored.mime_type
        return obj

    @staticmethod
    def _file_dict(stored: StoredFile) -> JSON:
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
