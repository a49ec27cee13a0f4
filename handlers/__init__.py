"""aiogram routers, one module per feature; thin: parse → call a service → reply."""

from aiogram import Router

from handlers import (
    access_request,
    approval_holds,
    approvals,
    bulk,
    cart_lines,
    catalogue,
    common,
    dashboard,
    errors,
    fallback,
    final_receipt,
    inline,
    invoice_card,
    invoice_form,
    invoice_list,
    invoice_summary,
    payer_reminder,
    payers,
    refunds,
    report,
    schedule_form,
    schedule_list,
    team,
    viewer_guard,
)


def get_routers() -> list[Router]:
    """Fresh routers every call, so tests can build as many Dispatchers as they like.
    Order matters: the global commands come first and work in every form state."""
    return [
        errors.create_router(),
        common.create_router(),
        access_request.create_router(),
        team.create_router(),
        report.create_router(),
        dashboard.create_router(),  # every role may look
        viewer_guard.create_router(),  # before everything a viewer may not do
        approval_holds.create_router(),
        approvals.create_router(),
        cart_lines.create_router(),  # the summary's "add a line"
        catalogue.create_router(),  # /services; before bulk's, which takes any file
        payer_reminder.create_router(),  # the summary's toggle, before its catch-all
        payers.create_router(),  # before the form's: a payer tapped at its e-mail step
        invoice_form.create_router(),
        invoice_summary.create_router(),
        bulk.create_router(),  # before fallback: it takes the uploaded files
        invoice_list.create_router(),
        schedule_form.create_router(),  # the card's "🔁 Повторять"
        schedule_list.create_router(),  # /schedules
        final_receipt.create_router(),  # before the card's: its own card actions
        invoice_card.create_router(),
        refunds.create_router(),  # the card's refund and cash buttons
        inline.create_router(),
        fallback.create_router(),
    ]
