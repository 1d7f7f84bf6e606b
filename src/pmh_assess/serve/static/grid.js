// The grid's filters: they hide rows, columns and cells in the page; nothing is fetched.
// The cells left shown, in order, are kept for the criterion page's next/previous keys.
// Enter (in a filter too) or r opens the first shown cell still to do; the grid is one
// Tab stop, and the arrow keys move between its shown cells.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const grid = $("grid");
  const token = document.querySelector("meta[name='pmh-token']").content;
  const fields = ["f-todo", "f-differs", "f-disagree", "f-machine", "f-plan", "f-criterion", "f-group", "f-rating"]
    .filter((id) => $(id));
  const mode = $("grid-page").dataset.mode;
  const saved = JSON.parse(sessionStorage.getItem("pmh-filters-" + mode) || "{}");
  for (const id of fields) {
    const el = $(id);
    if (id in saved) {
      if (el.type === "checkbox") el.checked = saved[id]; else el.value = saved[id];
    }
    el.addEventListener("change", apply);
  }

  function columnShown(th, criterion, group) {
    if (criterion && th.dataset.col !== criterion) return false;
    if (group.startsWith("domain:") && th.dataset.domain !== group.slice(7)) return false;
    if (group.startsWith("tag:") && !th.dataset.tags.split(" ").includes(group.slice(4))) return false;
    return true;
  }

  function apply() {
    const state = {};
    for (const id of fields) {
      const el = $(id);
      state[id] = el.type === "checkbox" ? el.checked : el.value;
    }
    sessionStorage.setItem("pmh-filters-" + mode, JSON.stringify(state));
    const columns = new Set();
    const perDomain = {};
    for (const th of grid.querySelectorAll("thead th.crit")) {
      const shown = columnShown(th, state["f-criterion"], state["f-group"] || "");
      th.hidden = !shown;
      if (shown) {
        columns.add(th.dataset.col);
        perDomain[th.dataset.domain] = (perDomain[th.dataset.domain] || 0) + 1;
      }
    }
    for (const th of grid.querySelectorAll("thead th.domain")) {
      const n = perDomain[th.dataset.domain] || 0;
      th.hidden = n === 0;
      if (n) th.colSpan = n;
    }
    const queue = [];
    let rows = 0;
    for (const tr of grid.querySelectorAll("tbody tr")) {
      let any = false;
      const rowShown = !state["f-plan"] || tr.dataset.plan === state["f-plan"];
      for (const td of tr.querySelectorAll("td.cell")) {
        td.hidden = !columns.has(td.dataset.col);
        const d = td.dataset;
        const match = rowShown && !td.hidden &&
          (!state["f-todo"] || (d.reviewed === "0" && d.derived === "0")) &&
          (!state["f-differs"] || d.differs === "1") &&
          (!state["f-disagree"] || d.disagree === "1") &&
          (!state["f-machine"] || d.machineDiffers === "1") &&
          (!state["f-rating"] || d.rating === state["f-rating"]);
        td.classList.toggle("off", !match);
        if (match) {
          any = true;
          queue.push(td.querySelector("a").getAttribute("href"));
        }
      }
      tr.hidden = !any;
      if (any) rows += 1;
    }
    $("shown").textContent = queue.length + " cells in " + rows + " plans shown";
    sessionStorage.setItem("pmh-queue", JSON.stringify(queue));
    roving();
  }

  // one Tab stop in the grid: the focused cell, else the first shown one
  function shownCells() {
    return Array.from(grid.querySelectorAll("td.cell:not(.off):not([hidden]) a"));
  }
  function roving(focus) {
    const links = shownCells();
    for (const a of grid.querySelectorAll("td.cell a")) a.tabIndex = -1;
    const target = focus && links.includes(focus) ? focus : links[0];
    if (target) target.tabIndex = 0;
    return target;
  }

  function start() {
    const first = grid.querySelector("td.cell:not(.off):not([hidden])[data-reviewed='0'][data-derived='0'] a") ||
      grid.querySelector("td.cell:not(.off):not([hidden]) a");
    if (first) window.location.href = first.getAttribute("href");
  }
  $("start").addEventListener("click", start);

  $("filters").addEventListener("submit", (event) => { event.preventDefault(); start(); });
  $("filters").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.closest("select, input")) {
      event.preventDefault();
      start();
    }
  });

  grid.addEventListener("keydown", (event) => {
    const link = event.target.closest("td.cell a");
    if (!link) return;
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const rows = Array.from(grid.querySelectorAll("tbody tr:not([hidden])"));
    const td = link.parentElement;
    const row = rows.indexOf(td.parentElement);
    const cellsOf = (tr) => Array.from(tr.querySelectorAll("td.cell:not([hidden])"));
    const col = cellsOf(td.parentElement).indexOf(td);
    const r = Math.max(0, Math.min(rows.length - 1, row + move[0]));
    const line = cellsOf(rows[r]);
    const c = Math.max(0, Math.min(line.length - 1, col + move[1]));
    const next = line[c] && line[c].querySelector("a");
    if (next) { roving(next); next.focus(); }
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("select, input, textarea, button")) return;
    if (event.key === "r" || (event.key === "Enter" && !event.target.closest("a"))) {
      event.preventDefault();
      start();
    }
  });

  const agreeAll = $("agree-all");
  if (agreeAll) {
    agreeAll.addEventListener("click", async () => {
      const response = await fetch("/api/agree-unanimous", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-PMH-Token": token },
        body: "{}",
      });
      const data = await response.json();
      if (!response.ok) { $("agreed-all").textContent = "not saved: " + data.error; return; }
      sessionStorage.setItem("pmh-agreed", data.written + " ratings all coders gave alike written as agreed");
      window.location.reload();
    });
    const said = sessionStorage.getItem("pmh-agreed");
    if (said) { $("agreed-all").textContent = said; sessionStorage.removeItem("pmh-agreed"); }
  }
  apply();
})();
