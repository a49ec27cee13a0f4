"""What issuing an invoice comes to: the invoice as logged, and what went wrong if anything,
classified from PayKeeper's answer so that nothing uncertain is ever offered again."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.parsing import InputError
from paykeeper import PayKeeperAuthError, PayKeeperError, PayKeeperRejected, PayKeeperUnavailable
from storage import InvoiceRecord


class FailureKind(StrEnum):
    REFUSED = "refused"  # the bot's own rules refused it: nothing was sent to PayKeeper
    REJECTED = "rejected"  # PayKeeper answered with its own message
    AUTH = "auth"  # wrong PayKeeper credentials or URL
    UNREACHABLE = "unreachable"  # nothing reached PayKeeper
    UNCERTAIN = "uncertain"  # it may have been done: no clean answer after the request went out
    EMAIL = "email"  # created, but PayKeeper did not e-mail it
    EMAIL_UNCERTAIN = "email_uncertain"  # created; whether the e-mail went out is unknown


@dataclass(frozen=True, slots=True)
class Failure:
    kind: FailureKind
    message: str  # PayKeeper's own message, or the technical detail (stored and logged)
    # None when ``message`` is PayKeeper's own words for the manager; otherwise what went
    # wrong on the way (auth, connect, timeout...), for the bot to say in the manager's language.
    reason: str | None = None
    # REFUSED: what the bot says about it, in the reader's language.
    refusal: InputError | None = None


@dataclass(frozen=True, slots=True)
class IssueOutcome:
    invoice: InvoiceRecord
    failure: Failure | None = None

    @property
    def created(self) -> bool:
        return self.invoice.invoice_url is not None


@dataclass(frozen=True, slots=True)
class Manager:
    id: int
    name: str


def client_id_for(invoice: InvoiceRecord) -> str:
    """What we send as PayKeeper's ``clientid`` (and expect back in its notifications)."""
    return invoice.client_name or invoice.client_email or invoice.client_phone or ""


def classify(error: PayKeeperError) -> Failure:
    if isinstance(error, PayKeeperRejected):
        return Failure(FailureKind.REJECTED, error.message)
    if isinstance(error, PayKeeperAuthError):
        return Failure(FailureKind.AUTH, error.message, f"auth_{error.cause}")
    reason = error.reason if isinstance(error, PayKeeperUnavailable) else "unavailable"
    if isinstance(error, PayKeeperUnavailable) and error.maybe_processed:
        return Failure(FailureKind.UNCERTAIN, error.message, reason)
    return Failure(FailureKind.UNREACHABLE, error.message, reason)
