"""One HTTP exchange with PayKeeper: a keep-alive session with Basic auth, form bodies, and
network failures mapped onto the client's error types."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import aiohttp

from .answers import decode
from .errors import PayKeeperAuthError, PayKeeperRejected, PayKeeperUnavailable

# The client's logger: what operators filter on did not change when the client was split.
log = logging.getLogger("paykeeper.client")

Params = list[tuple[str, str]]
# Told about every HTTP exchange: (path, seconds, None or what went wrong: "rejected",
# "auth_credentials", "auth_url", or PayKeeperUnavailable's reason). For metrics; must not raise.
RequestObserver = Callable[[str, float, str | None], None]
_FORM_TYPE = {"Content-Type": "application/x-www-form-urlencoded"}


class Transport:
    def __init__(
        self,
        base_url: str,
        authorization: str,
        timeout: aiohttp.ClientTimeout,
        observer: RequestObserver | None,
    ) -> None:
        self._base_url = base_url
        self._authorization = authorization
        self._timeout = timeout
        self._observer = observer
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    def _client_session(self) -> aiohttp.ClientSession:
        # Created lazily: a session must be born inside the running event loop.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout,
                # Session-wide, so every request (token, GET, POST) carries Basic auth.
                headers={"Authorization": self._authorization, "Accept": "application/json"},
            )
        return self._session

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        form: Params | None = None,
    ) -> Any:
        """One HTTP exchange mapped onto the error types; the answer is decoded JSON."""
        if self._observer is None:
            return await self._exchange(method, path, params=params, form=form)
        started = time.monotonic()
        outcome: str | None = "interrupted"  # cancelled, or an error of no known kind
        try:
            answer = await self._exchange(method, path, params=params, form=form)
            outcome = None
            return answer
        except PayKeeperRejected:
            outcome = "rejected"
            raise
        except PayKeeperAuthError as exc:
            outcome = f"auth_{exc.cause}"
            raise
        except PayKeeperUnavailable as exc:
            outcome = exc.reason
            raise
        finally:
            self._observer(path, time.monotonic() - started, outcome)

    async def _exchange(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        form: Params | None = None,
    ) -> Any:
        url = self._base_url + path
        # The form body encoded here, as aiohttp's FormData would (UTF-8, quote_plus), at a
        # third of its cost on every invoice.
        body = urlencode(form).encode() if form is not None else None
        try:
            async with self._client_session().request(
                method,
                url,
                params=params,
                data=body,
                headers=_FORM_TYPE if body is not None else None,
                allow_redirects=False,
            ) as response:
                status = response.status
                content = await response.read()
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
            raise PayKeeperUnavailable(
                f"cannot connect to PayKeeper ({type(exc).__name__})",
                maybe_processed=False,
                reason="connect",
            ) from exc
        except TimeoutError as exc:
            raise PayKeeperUnavailable(
                f"PayKeeper did not answer in time ({path})",
                maybe_processed=True,
                reason="timeout",
            ) from exc
        except aiohttp.ClientError as exc:
            raise PayKeeperUnavailable(
                f"connection to PayKeeper was lost ({path}, {type(exc).__name__})",
                maybe_processed=True,
                reason="dropped",
            ) from exc
        log.debug("PayKeeper %s %s -> HTTP %s", method, path, status)
        return decode(method, path, status, content)
