"""Errors raised by the PayKeeper client; the bot tells users apart by type."""

from __future__ import annotations


class PayKeeperError(Exception):
    """Base class; ``message`` is human readable and never carries credentials or the token."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PayKeeperRejected(PayKeeperError):  # noqa: N818 - name fixed by the shared interface
    """PayKeeper answered ``result: fail``; ``message`` is its own (Russian) text."""

    def __init__(self, message: str, error_code: int | None = None) -> None:
        super().__init__(message)
        self.error_code = error_code


class PayKeeperAuthError(PayKeeperError):
    """The token request (or a read) was refused or answered by something that is not
    PayKeeper's API. Never raised for a request that may have changed something: an unclean
    answer to a preview, send or revoke is :class:`PayKeeperUnavailable` instead.

    ``cause`` is ``"credentials"`` (401/403, a redirect to or a page of the login form) or
    ``"url"`` (a 404 or another non-JSON page: the address is not PayKeeper's API).
    """

    def __init__(self, message: str, *, cause: str = "credentials") -> None:
        super().__init__(message)
        self.cause = cause


class PayKeeperUnavailable(PayKeeperError):  # noqa: N818 - name fixed by the shared interface
    """Network failure, timeout, 5xx or an unusable answer.

    ``maybe_processed`` is False only when the request surely never reached PayKeeper
    (the connection could not be opened); otherwise a preview may have created an invoice
    and the caller has to look it up by ``orderid`` before trying again.
    """

    def __init__(
        self,
        message: str,
        *,
        maybe_processed: bool,
        reason: str = "unavailable",
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.maybe_processed = maybe_processed
        self.status = status  # the HTTP status of the answer, when there was one
        # What went wrong, as a code a UI can put into words: connect, timeout, dropped,
        # server_error, busy, unexpected, unreadable (``message`` is the technical detail).
        self.reason = reason
