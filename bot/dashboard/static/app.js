"use strict";
// The dashboard Mini App. Every value from the server is set as text, never as HTML.
(function () {
  const tg = window.Telegram && window.Telegram.WebApp;
  const state = { labels: {}, filter: "a", page: 0, search: "", role: "", period: "this" };

  function initData() {
    if (tg && tg.initData) return tg.initData;
    // Without telegram-web-app.js (a desktop browser, the tests): as Telegram passes it.
    const hash = new URLSearchParams(window.location.hash.slice(1));
    return hash.get("tgWebAppData") || "";
  }

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function money(text) {
    const value = Number(text);
    return value.toLocaleString(state.lang === "en" ? "en-GB" : "ru-RU",
      { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " ₽";
  }
  function status(value) { return (state.statuses && state.statuses[value]) || value; }
  function fail(message) { const box = $("error"); box.textContent = message; box.hidden = false; }

  async function api(path, method) {
    const response = await fetch("api/" + path, {
      method: method || "GET",
      headers: { Authorization: "tma " + initData() },
      credentials: "same-origin",
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 401 || response.status === 403) {
      // Refused before the labels came: the browser's language says which words to use.
      const english = (navigator.language || "").toLowerCase().startsWith("en");
      fail(state.labels.refused || (english ? "No access: open the dashboard again from the chat with the bot."
        : "Нет доступа: откройте дашборд заново из чата с ботом."));
      document.body.dataset.state = "refused";
      throw new Error("refused");
    }
    return { ok: response.ok, status: response.status, body: body };
  }

  function theme() {
    if (!tg) return;
    const params = tg.themeParams || {};
    for (const key of Object.keys(params)) {
      document.documentElement.style.setProperty("--tg-theme-" + key.replace(/_/g, "-"), params[key]);
    }
  }

  function label(id, key) { $(id).textContent = state.labels[key] || ""; }

  function periodQuery() {
    // Moscow's months, as /report counts them: the server knows which one is "last".
    return state.period === "this" ? "" : "?period=last";
  }

  function chart(days) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    const width = 300, height = 160, pad = 4;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("preserveAspectRatio", "none");
    const top = Math.max(1, ...days.map((d) => Number(d.card) + Number(d.cash)),
      ...days.map((d) => Number(d.refunded)));
    const step = (width - pad * 2) / Math.max(1, days.length);
    days.forEach((d, n) => {
      let y = height - pad;
      for (const [kind, cls] of [["card", "card-bar"], ["cash", "cash-bar"]]) {
        const h = (Number(d[kind]) / top) * (height - pad * 2) * 0.9;
        const rect = document.createElementNS(ns, "rect");
        rect.setAttribute("x", String(pad + n * step));
        rect.setAttribute("width", String(Math.max(1, step * 0.7)));
        rect.setAttribute("y", String(y - h));
        rect.setAttribute("height", String(h));
        rect.setAttribute("class", cls);
        rect.dataset.day = d.day;
        rect.dataset.value = d[kind];
        const title = document.createElementNS(ns, "title");
        title.textContent = d.day + ": " + money(d[kind]);
        rect.appendChild(title);
        svg.appendChild(rect);
        y -= h;
      }
    });
    const box = $("chart");
    box.replaceChildren(svg);
  }

  function totalsTable(id, rows) {
    const table = $(id);
    table.replaceChildren();
    const top = Math.max(1, ...rows.map((row) => Math.abs(Number(row.net))));
    for (const row of rows) {
      const tr = el("tr");
      // A bar beside the number: each row's share of the largest.
      const bar = el("div", null, "bar");
      bar.style.width = Math.round((Math.abs(Number(row.net)) / top) * 100) + "%";
      const cell = el("td", null, "bar-cell");
      cell.appendChild(bar);
      tr.append(el("td", row.name), el("td", row.issued_count, "num"), cell, el("td", money(row.net), "num"));
      tr.dataset.net = row.net;
      table.appendChild(tr);
    }
  }

  async function loadOverview() {
    const { body } = await api("overview" + periodQuery());
    $("total-net").textContent = money(body.total.net);
    $("total-net").dataset.value = body.total.net;
    $("total-card").textContent = money(body.total.card);
    $("total-card").dataset.value = body.total.card;
    $("total-cash").textContent = money(body.total.cash);
    $("total-cash").dataset.value = body.total.cash;
    $("total-refunded").textContent = money(body.total.refunded);
    $("total-refunded").dataset.value = body.total.refunded;
    $("count-issued").textContent = body.total.issued_count;
    $("count-paid").textContent = body.paid;
    $("count-expired").textContent = body.expired;
    $("open-amount").textContent = money(body.open.amount) + " · " + body.open.count;
    $("open-amount").dataset.value = body.open.amount;
    $("open-ages").textContent = body.open.ages.map(money).join(" · ");
    chart(body.days);
    totalsTable("by-manager", body.by_manager);
    totalsTable("by-service", body.by_service);
    document.body.dataset.overview = "ready";
  }

  async function loadInvoices() {
    const query = "?filter=" + state.filter + "&page=" + state.page +
      "&search=" + encodeURIComponent(state.search);
    const { body } = await api("invoices" + query);
    const table = $("list");
    table.replaceChildren();
    if (!body.invoices.length) table.appendChild(el("tr")).appendChild(el("td", state.labels.empty, "hint"));
    for (const inv of body.invoices) {
      const tr = el("tr");
      tr.dataset.id = inv.id;
      tr.dataset.status = inv.status;
      tr.append(el("td", inv.client || inv.order_id), el("td", inv.service),
        el("td", money(inv.amount), "num"), el("td", status(inv.status)));
      tr.addEventListener("click", () => openCard(inv.id));
      table.appendChild(tr);
    }
    state.page = body.page;
    $("page").textContent = (body.page + 1) + " / " + body.pages + " · " + body.total;
    $("prev").disabled = body.page === 0;
    $("next").disabled = body.page + 1 >= body.pages;
    document.body.dataset.invoices = "ready-" + Date.now();
    $("list").dataset.total = body.total;
  }

  async function openCard(id) {
    const { body } = await api("invoices/" + id);
    const card = $("card");
    card.replaceChildren(el("h2", body.order_id), el("p", body.client + " · " + body.service),
      el("p", money(body.amount) + " · " + status(body.status)));
    card.dataset.id = body.id;
    card.dataset.status = body.status;
    if (body.link) {
      const link = el("a", state.labels.share);
      link.href = body.link;
      link.target = "_blank";
      link.rel = "noopener";
      card.appendChild(el("p")).appendChild(link);
    }
    const buttons = el("div", null, "filters");
    for (const action of body.actions.filter((a) => a !== "share")) {
      const button = el("button", state.labels[action]);
      button.dataset.action = action;
      button.addEventListener("click", () => act(button, body.id, action));
      buttons.appendChild(button);
    }
    card.appendChild(buttons);
    card.appendChild(el("h2", state.labels.history));
    const list = el("ul", null, "history");
    for (const entry of body.history) {
      list.appendChild(el("li", entry.at.slice(0, 16).replace("T", " ") + " · " + entry.kind +
        (entry.who ? " · " + entry.who : "") + (entry.detail ? " · " + entry.detail : "")));
    }
    card.appendChild(list);
    card.hidden = false;
    if (tg && tg.BackButton) tg.BackButton.show();
  }

  async function act(button, id, action) {
    // A second press confirms, as chat asks before cancelling.
    if (button.dataset.armed !== "1") {
      button.dataset.armed = "1";
      button.textContent = state.labels.confirm;
      button.classList.add("primary");
      return;
    }
    button.disabled = true;
    const result = await api("invoices/" + id + "/" + action, "POST");
    if (!result.ok) fail(state.labels.failed + (result.body.message || result.body.error || result.status));
    await openCard(id);
    await loadInvoices();
  }

  function closeCard() {
    $("card").hidden = true;
    if (tg && tg.BackButton) tg.BackButton.hide();
  }

  function show(tab) {
    for (const name of ["overview", "invoices", "team"]) {
      $(name).hidden = name !== tab;
      $("tab-" + name).classList.toggle("active", name === tab);
    }
    if (tab === "invoices") loadInvoices();
    if (tab === "team") loadTeam();
  }

  async function loadTeam() {
    const { body } = await api("team");
    const table = $("members");
    table.replaceChildren();
    for (const member of body.members) {
      const tr = el("tr");
      tr.append(el("td", member.name), el("td", member.role + (member.suspended ? " · " + state.labels.suspended : "")),
        el("td", member.last_seen ? member.last_seen.slice(0, 16).replace("T", " ") : "—"));
      table.appendChild(tr);
    }
    const waiting = $("approvals");
    waiting.replaceChildren();
    for (const approval of body.approvals) {
      const tr = el("tr");
      tr.dataset.id = approval.id;
      tr.append(el("td", approval.manager), el("td", approval.service),
        el("td", money(approval.amount), "num"));
      waiting.appendChild(tr);
    }
    document.body.dataset.team = "ready";
  }

  async function start() {
    if (tg) {
      tg.ready();
      tg.expand();
      theme();
      tg.onEvent("themeChanged", theme);
      if (tg.BackButton) tg.BackButton.onClick(closeCard);
    }
    const { body } = await api("me");
    state.labels = body.labels;
    state.statuses = body.statuses;
    state.lang = body.language;
    state.role = body.role;
    document.documentElement.lang = body.language;
    const pairs = [["title", "title"], ["tab-overview", "overview"], ["tab-invoices", "invoices"],
      ["tab-team", "team"], ["this-month", "this_month"], ["last-month", "last_month"],
      ["l-net", "net"], ["l-card", "card"], ["l-cash", "cash"], ["l-refunded", "refunded"],
      ["l-issued", "issued"], ["l-paid", "paid"], ["l-expired", "expired"], ["l-open", "open"],
      ["l-by-day", "by_day"], ["l-by-manager", "by_manager"], ["l-by-service", "by_service"],
      ["prev", "prev"], ["next", "next"], ["l-approvals", "approvals"], ["l-in-chat", "in_chat"]];
    for (const [id, key] of pairs) label(id, key);
    document.title = body.labels.title;
    $("search").placeholder = body.labels.search;
    for (const chip of document.querySelectorAll("[data-filter]")) {
      chip.textContent = body.labels["f_" + chip.dataset.filter];
      chip.addEventListener("click", () => {
        state.filter = chip.dataset.filter;
        state.page = 0;
        for (const other of document.querySelectorAll("[data-filter]")) other.classList.toggle("active", other === chip);
        loadInvoices();
      });
    }
    $("tab-team").hidden = body.role !== "admin";
    for (const tab of document.querySelectorAll("[data-tab]")) tab.addEventListener("click", () => show(tab.dataset.tab));
    $("this-month").addEventListener("click", () => { state.period = "this"; periodChips(); loadOverview(); });
    $("last-month").addEventListener("click", () => { state.period = "last"; periodChips(); loadOverview(); });
    let typing = 0;
    $("search").addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(() => { state.search = $("search").value; state.page = 0; loadInvoices(); }, 300);
    });
    $("prev").addEventListener("click", () => { state.page -= 1; loadInvoices(); });
    $("next").addEventListener("click", () => { state.page += 1; loadInvoices(); });
    await loadOverview();
  }

  function periodChips() {
    $("this-month").classList.toggle("active", state.period === "this");
    $("last-month").classList.toggle("active", state.period === "last");
  }

  document.addEventListener("DOMContentLoaded", () => { start().catch(() => {}); });
})();
