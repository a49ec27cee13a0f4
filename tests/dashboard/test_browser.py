"""The dashboard in a real browser: Debian's headless Chromium, driven by Selenium through
Debian's chromedriver, opens the page the bot serves with initData the test signed, and reads
what a user would read. Selenium blocks, so each browser step runs in a worker thread while the
bot's HTTP server keeps serving on the test's loop. Screenshots (phone and desktop, light and
dark) go to tests/artifacts/dashboard/."""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import pytest

from storage import InvoiceStatus
from tests.fakes.telegram import User
from tests.support.chat import ADMIN, MANAGER, Chat
from tests.support.dashboard import init_data, seed, served

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).parents[1] / "artifacts" / "dashboard"
WAIT = 60  # seconds at most for anything on the page; a busy 2-core machine is slow
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

pytestmark = [
    pytest.mark.slow,  # starts a browser
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
        "chromium-driver; .ci/run installs them)",
    ),
]

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

T = TypeVar("T")


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    profile = tempfile.mkdtemp(prefix="dashboard-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


async def step(function: Callable[[], T]) -> T:
    return await asyncio.to_thread(function)


def page_url(base: str, data: str) -> str:
    # As Telegram opens a Mini App: the signed data in the URL's fragment.
    return f"{base}/app/#tgWebAppData={quote(data, safe='')}"


def open_page(driver: WebDriver, url: str, *, dark: bool = False, width: int = 390) -> None:
    scheme = "dark" if dark else "light"
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    driver.set_window_size(width, 900)
    driver.get("about:blank")
    driver.get(url)


def wait(driver: WebDriver, condition: Callable[[WebDriver], T]) -> T:
    return WebDriverWait(driver, WAIT).until(condition)


def ready(driver: WebDriver) -> None:
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-overview"))


def value(driver: WebDriver, element_id: str) -> Decimal:
    return Decimal(driver.find_element(By.ID, element_id).get_attribute("data-value") or "nan")


def shot(driver: WebDriver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def rows(driver: WebDriver, script: str = "r.innerText") -> list[str]:
    """The list's rows, read in one go: the page may replace them between two reads."""
    found: list[str] = driver.execute_script(
        f"return [...document.querySelectorAll('#list tr[data-id]')].map(r => {script})"
    )
    return found


async def test_overview_shows_the_ledgers_numbers(chat: Chat, browser: WebDriver) -> None:
    book = await seed(chat)
    async with served(chat) as base:
        url = page_url(base, init_data(chat.bot.token, ADMIN))

        def look() -> dict[str, object]:
            open_page(browser, url)
            ready(browser)
            bars = browser.find_elements(By.CSS_SELECTOR, "#chart rect.card-bar")
            return {
                "net": value(browser, "total-net"),
                "card": value(browser, "total-card"),
                "cash": value(browser, "total-cash"),
                "refunded": value(browser, "total-refunded"),
                "open": value(browser, "open-amount"),
                "issued": browser.find_element(By.ID, "count-issued").text,
                "paid": browser.find_element(By.ID, "count-paid").text,
                "bars": sum(Decimal(bar.get_attribute("data-value") or "0") for bar in bars),
                "title": browser.find_element(By.ID, "title").text,
                "managers": browser.find_element(By.ID, "by-manager").text,
            }

        seen = await step(look)
        for width, kind in ((390, "phone"), (1280, "desktop")):
            for dark in (False, True):

                def take(width: int = width, kind: str = kind, dark: bool = dark) -> None:
                    open_page(browser, url, dark=dark, width=width)
                    ready(browser)
                    shot(browser, f"overview-{kind}-{'dark' if dark else 'light'}")

                await step(take)
    assert seen["card"] == book.card
    assert seen["cash"] == book.cash
    assert seen["refunded"] == book.refunded
    assert seen["net"] == book.card + book.cash - book.refunded
    assert seen["open"] == book.open_amount
    assert seen["bars"] == book.card  # the chart draws the same money as the totals
    assert (seen["issued"], seen["paid"]) == ("5", "3")
    assert seen["title"] == "Дашборд"  # the admin's Telegram is in Russian
    assert ADMIN.first_name in str(seen["managers"])
    assert MANAGER.first_name in str(seen["managers"])
    for name in ("phone-light", "phone-dark", "desktop-light", "desktop-dark"):
        assert (ARTIFACTS / f"overview-{name}.png").stat().st_size > 1000


async def test_search_and_filters(chat: Chat, browser: WebDriver) -> None:
    await seed(chat)
    async with served(chat) as base:
        url = page_url(base, init_data(chat.bot.token, ADMIN))

        def search() -> tuple[list[str], list[str], list[str]]:
            open_page(browser, url)
            ready(browser)
            browser.find_element(By.ID, "tab-invoices").click()
            wait(browser, lambda d: len(rows(d)) == 5)
            everything = rows(browser)
            browser.find_element(By.ID, "search").send_keys("KOPYTA")
            wait(browser, lambda d: len(rows(d)) == 1)
            found = rows(browser)
            browser.find_element(By.ID, "search").clear()
            browser.find_element(By.ID, "search").send_keys(" ")  # an input event: all again
            wait(browser, lambda d: len(rows(d)) == 5)
            browser.find_element(By.CSS_SELECTOR, "[data-filter='u']").click()
            wait(browser, lambda d: len(rows(d)) == 2)
            shot(browser, "invoices-phone-light")
            return everything, found, rows(browser, "r.dataset.status") + rows(browser)

        everything, found, unpaid = await step(search)
    assert len(everything) == 5
    assert len(found) == 1
    assert "kopyta" in found[0]
    assert "2 500,50" in found[0].replace("\xa0", " ").replace("\u202f", " ")
    assert unpaid[:2] == ["created", "created"]
    assert all("ждёт оплаты" in row for row in unpaid[2:])  # the bot's own words for it


async def test_a_manager_cancels_an_invoice_and_the_log_has_it(
    chat: Chat, browser: WebDriver, caplog: pytest.LogCaptureFixture
) -> None:
    book = await seed(chat)
    invoice = book.manager_invoices[2]
    caplog.set_level(logging.INFO, logger="bot.dashboard.api")
    async with served(chat) as base:
        url = page_url(base, init_data(chat.bot.token, MANAGER))

        def cancel() -> tuple[int, str]:
            open_page(browser, url)
            ready(browser)
            browser.find_element(By.ID, "tab-invoices").click()
            # A manager's list holds their own three invoices only.
            wait(browser, lambda d: len(rows(d)) == 3)
            listed = len(rows(browser))
            browser.find_element(By.CSS_SELECTOR, f"#list tr[data-id='{invoice.id}']").click()
            button = wait(
                browser, lambda d: d.find_element(By.CSS_SELECTOR, "[data-action='cancel']")
            )
            button.click()  # the first press asks to confirm
            wait(browser, lambda d: button.get_attribute("data-armed") == "1")
            button.click()
            wait(
                browser,
                lambda d: (
                    d.find_element(By.ID, "card").get_attribute("data-status") == "cancelled"
                ),
            )
            shot(browser, "card-phone-light")
            return listed, browser.find_element(By.ID, "card").text

        listed, card = await step(cancel)
    assert listed == 3
    assert "отменён" in card
    stored = await chat.services.invoices.get(invoice.id)
    assert stored is not None
    assert stored.status is InvoiceStatus.CANCELLED
    assert f"dashboard: cancel {invoice.order_id} by {MANAGER.id}" in caplog.text


@pytest.mark.parametrize("who", ["forged", "stranger"])
async def test_forged_or_foreign_init_data_sees_nothing(
    chat: Chat, browser: WebDriver, who: str
) -> None:
    await seed(chat)
    token = chat.bot.token
    stranger = User(id=4242, first_name="Чужой", language_code="ru")
    data = {
        "forged": init_data(token, MANAGER).replace("%22id%22%3A+2002", "%22id%22%3A+1001"),
        "stranger": init_data(token, stranger),
    }[who]
    async with served(chat) as base:
        url = page_url(base, data)

        def refused() -> tuple[str, str]:
            open_page(browser, url)
            wait(
                browser, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-state")
            )
            return (
                browser.find_element(By.ID, "error").text,
                browser.find_element(By.ID, "total-net").text,
            )

        error, total = await step(refused)
    assert error  # something is said
    assert total == ""  # and no money shown
