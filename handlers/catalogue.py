"""/services: the service catalogue for admins (add, edit, archive, import, export), and the
form's service buttons."""

from __future__ import annotations

import io

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.filters import DOCUMENT, NOT_COMMAND, TEXT
from bot.form_summary import InvoiceForm, show_summary
from bot.keyboards.catalogue import (
    ServiceAction,
    ServiceCallback,
    catalogue_keyboard,
    service_keyboard,
)
from bot.services.access import Role
from bot.services.catalogue import Catalogue, CatalogueError
from bot.settings import Settings
from bot.telegram.editing import set_keyboard
from bot.texts import Texts
from bot.views.catalogue import catalogue_text, problem_text, service_text
from bot.views.invoices import alert
from bot.views.receipts import replaced_note

PROBLEMS_SHOWN = 10


class ServiceForm(StatesGroup):
    add = State()
    edit = State()
    upload = State()


def create_router() -> Router:
    router = Router(name="catalogue")
    router.message.register(show_catalogue, Command("services"))
    router.callback_query.register(
        pick,
        StateFilter(InvoiceForm.service),
        ServiceCallback.filter(F.action == ServiceAction.PICK),
    )
    router.callback_query.register(press, ServiceCallback.filter())
    router.message.register(added, StateFilter(ServiceForm.add), TEXT, NOT_COMMAND)
    router.message.register(edited, StateFilter(ServiceForm.edit), TEXT, NOT_COMMAND)
    router.message.register(uploaded, StateFilter(ServiceForm.upload), DOCUMENT)
    return router


async def show_catalogue(message: Message, texts: Texts, role: Role, catalogue: Catalogue) -> None:
    if role is not Role.ADMIN:
        await message.answer(texts("svc.admins_only"))
        return
    services = await catalogue.active()
    await message.answer(
        catalogue_text(services, texts), reply_markup=catalogue_keyboard(texts, services)
    )


async def press(
    query: CallbackQuery,
    callback_data: ServiceCallback,
    state: FSMContext,
    texts: Texts,
    role: Role,
    settings: Settings,
    catalogue: Catalogue,
) -> None:
    message = query.message
    if role is not Role.ADMIN or callback_data.action == ServiceAction.PICK:
        # A pick outside the form's service step, or someone who may not edit the catalogue.
        key = "svc.admins_only" if role is not Role.ADMIN else "inv.stale"
        await query.answer(alert(texts(key, status="")), show_alert=True)
        return
    if not isinstance(message, Message):
        await query.answer()
        return
    await query.answer()
    action = callback_data.action
    if action == ServiceAction.LIST:
        services = await catalogue.active()
        await message.edit_text(
            catalogue_text(services, texts), reply_markup=catalogue_keyboard(texts, services)
        )
    elif action == ServiceAction.ADD:
        await state.set_state(ServiceForm.add)
        await message.answer(texts("svc.ask_line", tax=settings.default_tax.value))
    elif action == ServiceAction.IMPORT:
        await state.set_state(ServiceForm.upload)
        await message.answer(texts("svc.ask_file"))
    elif action == ServiceAction.EXPORT:
        caption = texts("svc.export_caption")
        await message.answer_document(
            BufferedInputFile(await catalogue.export_csv(), "services.csv"), caption=caption
        )
        await message.answer_document(
            BufferedInputFile(await catalogue.export_xlsx(), "services.xlsx"), caption=caption
        )
    else:
        service = await catalogue.pick(callback_data.id)
        if service is None:
            await message.answer(texts("svc.gone"))
        elif action == ServiceAction.OPEN:
            await message.answer(
                service_text(service, texts), reply_markup=service_keyboard(texts, service.id)
            )
        elif action == ServiceAction.EDIT:
            await state.set_state(ServiceForm.edit)
            await state.update_data(service_id=service.id)
            await message.answer(texts("svc.ask_line", tax=settings.default_tax.value))
        elif action == ServiceAction.ARCHIVE:
            await catalogue.archive(service.id)
            await message.edit_text(texts("svc.archived", name=service.entry.name))


async def added(
    message: Message, state: FSMContext, texts: Texts, role: Role, catalogue: Catalogue
) -> None:
    if role is not Role.ADMIN:
        await state.clear()
        return
    try:
        service = await catalogue.add(message.text or "")
    except CatalogueError as problem:
        await message.answer(problem_text(problem, texts))
        return
    await state.clear()
    await message.answer(texts("svc.added", name=service.entry.name) + _replaced(message, texts))


async def edited(
    message: Message, state: FSMContext, texts: Texts, role: Role, catalogue: Catalogue
) -> None:
    service_id = (await state.get_data()).get("service_id")
    if role is not Role.ADMIN or not isinstance(service_id, int):
        await state.clear()
        return
    try:
        service = await catalogue.edit(service_id, message.text or "")
    except CatalogueError as problem:
        await message.answer(problem_text(problem, texts))
        return
    await state.clear()
    if service is None:
        await message.answer(texts("svc.gone"))
    else:
        said = texts("svc.edited", name=service.entry.name) + _replaced(message, texts)
        await message.answer(said)


async def uploaded(
    message: Message, state: FSMContext, texts: Texts, role: Role, bot: Bot, catalogue: Catalogue
) -> None:
    document = message.document
    if role is not Role.ADMIN or document is None:
        await state.clear()
        return
    downloaded = await bot.download(document.file_id)
    content = downloaded.getvalue() if isinstance(downloaded, io.BytesIO) else b""
    try:
        result = await catalogue.import_file(content, document.file_name or "")
    except CatalogueError as problem:
        await message.answer(problem_text(problem, texts))
        return
    await state.clear()
    lines = [
        texts(
            "svc.imported",
            added=result.added,
            updated=result.updated,
            bad=len(result.problems),
        )
    ]
    lines += [
        texts(
            "svc.import_problem",
            row=row,
            problem=texts.html(problem.key, **problem.params_for(texts.lang)),
        )
        for row, problem in result.problems[:PROBLEMS_SHOWN]
    ]
    if result.replaced_rates:
        lines.append(texts("rcpt.rates_replaced", count=result.replaced_rates))
    await message.answer("\n".join(lines))


def _replaced(message: Message, texts: Texts) -> str:
    """The typed line's pre-2026 rate, said where it was saved at the 2026 one."""
    code = Catalogue.replaced_rate(message.text or "")
    return "\n" + replaced_note(code, texts) if code is not None else ""


async def pick(
    query: CallbackQuery,
    callback_data: ServiceCallback,
    state: FSMContext,
    texts: Texts,
    settings: Settings,
    catalogue: Catalogue,
) -> None:
    """The form's service step: a catalogue service instead of typed text. Its price fills an
    amount the manager skipped."""
    message = query.message
    service = await catalogue.pick(callback_data.id)
    if service is None or not isinstance(message, Message):
        await query.answer(alert(texts("svc.gone")), show_alert=True)
        return
    await query.answer()
    update: dict[str, str] = {"service": service.entry.name}
    data = await state.get_data()
    if not data.get("amount") and service.entry.price is not None:
        update["amount"] = str(service.entry.price)
    await state.update_data(update)
    await set_keyboard(message, None)
    if not (await state.get_data()).get("amount"):
        await state.update_data(editing=True)
        await state.set_state(InvoiceForm.amount)
        await message.answer(texts("svc.amount_needed"))
        return
    await show_summary(message, state, texts, settings)
