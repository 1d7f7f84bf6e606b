// The criterion page's keys: a rating or accept saves at once, n edits the note (Enter
// saves it), j/k move through the cells the grid showed, Esc goes back to the grid.
"use strict";
(function () {
  const panel = document.getElementById("panel");
  const token = document.querySelector("meta[name='pmh-token']").content;
  const note = document.getElementById("note");
  const status = document.getElementById("saved");
  const d = panel.dataset;
  const keys = JSON.parse(d.keys);
  const here = "/c/" + d.plan + "/" + d.criterion;
  let rating = d.rating;

  function neighbour(step) {
    const queue = JSON.parse(sessionStorage.getItem("pmh-queue") || "[]");
    const at = queue.indexOf(here);
    if (at >= 0 && queue[at + step]) return queue[at + step];
    if (at >= 0) return null;
    return step > 0 ? d.next : d.prev;
  }

  // Answers are sent one after another, in the order given; the latest choice of level
  // counts at once, so a note typed before the previous answer came back keeps it.
  let queue = Promise.resolve();
  function save(level) {
    rating = level;
    const note_text = note ? note.value : "";
    queue = queue.then(() => send(level, note_text)).catch(() => {
      status.textContent = "not saved: the server did not answer";
    });
  }

  async function send(level, text) {
    status.textContent = "saving…";
    const response = await fetch("/api/answer", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-PMH-Token": token },
      body: JSON.stringify({ plan: d.plan, criterion: d.criterion, rating: level, note: text }),
    });
    const data = await response.json();
    if (!response.ok) { status.textContent = "not saved: " + data.error; return; }
    document.getElementById("reviewed").replaceChildren(levelBadge(data.rating));
    document.getElementById("summary").innerHTML = data.summary;
    document.getElementById("progress").textContent =
      data.done.toLocaleString("en-GB") + " of " + data.total.toLocaleString("en-GB") + " reviewed";
    status.textContent = "saved: " + data.rating + (data.note ? " with note" : "") + " · overall " + data.overall;
    panel.dataset.rating = data.rating;
  }

  function levelBadge(level) {
    const span = document.createElement("span");
    const levels = JSON.parse(d.levels);
    span.className = "badge lv-" + Math.max(0, levels.indexOf(level));
    span.textContent = level;
    return span;
  }

  if (note) {
    note.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        save(rating || d.machine);
        note.blur();
      } else if (event.key === "Escape") {
        event.preventDefault();
        note.blur();
      }
    });
  }

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("textarea, input, select") || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    let go = null;
    if (key === "j") go = neighbour(1);
    else if (key === "k") go = neighbour(-1);
    else if (key === "Escape") go = "/";
    if (go) {
      event.preventDefault();
      queue.then(() => { window.location.href = go; });  // after the answers are saved
      return;
    }
    if (d.derived === "1") return;
    if (key === "a") { event.preventDefault(); save(d.machine); }
    else if (key === "n" && note) { event.preventDefault(); note.focus(); }
    else if (key.toLowerCase() in keys) { event.preventDefault(); save(keys[key.toLowerCase()]); }
  });
})();
