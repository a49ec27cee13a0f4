"""The admins' cards of a held invoice or file: sent to every admin in their language when it
is held, and brought up to date on every admin's chat once someone decided (or the manager
withdrew it), so nobody acts on a card that is already settled."""

from __future__ import annotations

import logging
from decimal import Decimal

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.keyboards.approvals import decision_keyboard
from bot.parsing import InputError
from bot.services import outbox_keys as keys
from bot.services.approvals import Approvals, Decision, is_schedule
from bot.services.team import Team
from bot.settings import Settings
from bot.telegram.outbox import Outbox
from bot.telegram.outcomes import send_or_queue
from bot.texts import Texts, texts_for
from bot.views.approvals import amount_of, approval_card, decided_card
from bot.views.outcomes import outcome_message
from storage.approvals import Approval

log = logging.getLogger(__name__)


def refusal_of(decision: Decision) -> InputError | None:
    """Why the bot's own rules refused the invoice an approval issued (None: they did not)."""
    failure = decision.outcome.failure if decision.outcome is not None else None
    return failure.refusal if failure is not None else None


def card_text(approval: Approval, texts: Texts, approvals: Approvals, settings: Settings) -> str:
    return approval_card(
        approval,
        texts,
        limit=approvals.threshold or Decimal(0),
        default_service=settings.default_service_name,
    )


async def send_cards(
    bot: Bot, approval: Approval, approvals: Approvals, team: Team, settings: Settings
) -> None:
    for admin_id in team.access.admins():
        texts = texts_for(await team.language_of(admin_id))
        try:
            card = await bot.send_message(
                admin_id,
                card_text(approval, texts, approvals, settings),
                reply_markup=decision_keyboard(texts, approval.id),
            )
        except TelegramAPIError as error:  # blocked the bot, say: the others still decide
            log.warning("approval %s not shown to admin %s: %s", approval.id, admin_id, error)
            continue
        await approvals.add_card(approval.id, admin_id, card.message_id)


async def update_cards(
    bot: Bot,
    approval: Approval,
    admin: str,
    approvals: Approvals,
    team: Team,
    settings: Settings,
    refusal: InputError | None = None,
) -> None:
    """Every admin's card says who decided what (``admin``: their name), without buttons, and
    ``refusal``: why the bot's rules refused the invoice once approved."""
    fresh = await approvals.get(approval.id) or approval
    for admin_id, message_id in await approvals.admin_cards(approval.id):
        texts = texts_for(await team.language_of(admin_id))
        text = decided_card(
            fresh,
            texts,
            admin=admin,
            number=fresh.invoice_id,
            limit=approvals.threshold or Decimal(0),
            default_service=settings.default_service_name,
            refusal=refusal,
        )
        try:
            await bot.edit_message_text(text, chat_id=admin_id, message_id=message_id)
        except TelegramAPIError as error:  # deleted, or shows it already
            log.info("approval card %s/%s not updated: %s", admin_id, message_id, error)


async def tell_approved(
    bot: Bot, decision: Decision, admin: str, texts: Texts, outbox: Outbox
) -> None:
    """The manager hears that ``admin`` approved, then what became of the invoice."""
    approval = decision.approval
    key = "sch.appr_approved" if is_schedule(approval) else "appr.manager_approved"
    approved = texts(key, admin=admin, amount=amount_of(approval, texts))
    try:
        await bot.send_message(approval.manager_id, approved)
    except TelegramAPIError as error:  # blocked the bot: the card and the invoice log say it
        log.info("approval %s: manager not told: %s", approval.id, error)
    outcome = decision.outcome
    if outcome is None:  # a file: its run reports its own progress and result
        return
    await send_or_queue(
        bot,
        approval.manager_id,
        outcome_message(outcome, texts),
        outbox=outbox,
        key=keys.issued(outcome.invoice.id),
        invoice_id=outcome.invoice.id,
    )


async def tell_resumed(
    bot: Bot,
    decisions: list[Decision],
    approvals: Approvals,
    team: Team,
    settings: Settings,
    outbox: Outbox,
) -> None:
    """After a restart, the approvals carried out only now (Approvals.resume): the admins'
    cards and the manager hear of each as the admin's press would have told them."""
    for decision in decisions:
        approval = decision.approval
        admin = await team.name_of(approval.decided_by) if approval.decided_by else ""
        await update_cards(bot, approval, admin, approvals, team, settings, refusal_of(decision))
        texts = texts_for(await team.language_of(approval.manager_id))
        await tell_approved(bot, decision, admin, texts, outbox)


async def tell_refused(
    bot: Bot,
    decisions: list[Decision],
    admin: str,
    approvals: Approvals,
    team: Team,
    settings: Settings,
) -> None:
    """A manager made a viewer: each request of theirs that waited was refused (``admin``
    changed the role). The admins' cards say so, and the manager hears why."""
    for decision in decisions:
        approval = decision.approval
        await update_cards(bot, approval, admin, approvals, team, settings)
        texts = texts_for(await team.language_of(approval.manager_id))
        text = texts("appr.refused_viewer", amount=amount_of(approval, texts))
        try:
            await bot.send_message(approval.manager_id, text)
        except TelegramAPIError as error:  # blocked the bot: the cards still say it
            log.info("approval %s: manager not told of the refusal: %s", approval.id, error)
