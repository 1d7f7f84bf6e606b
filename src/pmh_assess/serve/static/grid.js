// The grid's filters: they hide rows, columns and cells in the page; nothing is fetched.
// The cells left shown, in order, are kept for the criterion page's next/previous keys.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const grid = $("grid");
  const fields = ["f-todo", "f-differs", "f-plan", "f-criterion", "f-group", "f-rating"];
  const saved = JSON.parse(sessionStorage.getItem("pmh-filters") || "{}");
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
    sessionStorage.setItem("pmh-filters", JSON.stringify(state));
    const columns = new Set();
    for (const th of grid.querySelectorAll("thead th.crit")) {
      const shown = columnShown(th, state["f-criterion"], state["f-group"]);
      th.hidden = !shown;
      if (shown) columns.add(th.dataset.col);
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
          (!state["f-differs"] || d.rating !== d.machine) &&
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
  }

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("select, input, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Enter") {
      const first = grid.querySelector("td.cell:not(.off):not([hidden])[data-reviewed='0'][data-derived='0'] a") ||
        grid.querySelector("td.cell:not(.off):not([hidden]) a");
      if (first) { event.preventDefault(); window.location.href = first.getAttribute("href"); }
    }
  });
  apply();
})();
