// The criterion page. Keys: a level (or a, the machine's) saves at once; n edits the note
// (Enter saves it with the rating, or as a memo while there is none: a note never rates);
// m the plan's memo; / searches the plan; j/k walk the cells the grid showed; Esc goes
// back to the grid. A quote, a search result or a possibly missed sentence, clicked (or
// Enter on it), shows the sentence on its page in the plan beside.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const panel = $("panel");
  const token = document.querySelector("meta[name='pmh-token']").content;
  const note = $("note");
  const planMemo = $("plan-memo");
  const status = $("saved") || $("found");
  const d = panel.dataset;
  const keys = JSON.parse(d.keys);
  const levels = JSON.parse(d.levels);
  const here = "/c/" + d.plan + "/" + d.criterion;
  const pane = $("pages");
  const advance = $("advance");
  let rating = d.rating;

  // keys are the page's, except where text is typed (a checkbox keeps them working)
  function typing(target) {
    return target.closest && target.closest("textarea, select, input:not([type=checkbox]):not([type=radio])");
  }

  function neighbour(step) {
    const queue = JSON.parse(sessionStorage.getItem("pmh-queue") || "[]");
    const at = queue.indexOf(here);
    if (at >= 0 && queue[at + step]) return queue[at + step];
    if (at >= 0) return null;
    return step > 0 ? d.next : d.prev;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-PMH-Token": token },
      body: JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || "the server refused it");
    return data;
  }

  // Answers are sent one after another, in the order given; the latest choice of level
  // counts at once, so a note typed before the previous answer came back keeps it.
  let queue = Promise.resolve();
  function later(work) {
    queue = queue.then(work).catch((error) => {
      status.textContent = "not saved: " + (error.message || "the server did not answer");
    });
    return queue;
  }

  function save(level) {
    rating = level;
    const text = note ? note.value : "";
    later(() => send(level, text));
  }

  async function send(level, text) {
    status.textContent = "saving…";
    const data = await post("/api/answer", { plan: d.plan, criterion: d.criterion, rating: level, note: text });
    $("reviewed").replaceChildren(levelBadge(data.rating));
    if (data.summary !== undefined) $("summary").innerHTML = data.summary;
    if (data.machine !== undefined) {  // blind: revealed now that there is an answer
      $("machine").replaceChildren(levelBadge(data.machine));
      $("reason").textContent = data.reason;
      d.machine = data.machine;
    }
    const word = d.adjudicating === "1" ? " agreed" : " reviewed";
    $("progress").textContent =
      data.done.toLocaleString("en-GB") + " of " + data.total.toLocaleString("en-GB") + word;
    status.textContent = "saved: " + data.rating + (data.note ? " with note" : "") +
      (data.overall !== undefined ? " · overall " + data.overall : "") +
      (data.machine !== undefined ? " · the machine's: " + data.machine : "");
    panel.dataset.rating = data.rating;
    const memo = $("criterion-memo");
    if (memo && data.note) memo.remove();
    if (advance && advance.checked) {
      const go = neighbour(1);
      if (go) window.location.href = go;
    }
  }

  function memo(criterion, text, said) {
    later(async () => {
      status.textContent = "saving…";
      await post("/api/memo", { plan: d.plan, criterion: criterion, note: text });
      status.textContent = said;
    });
  }

  function levelBadge(level) {
    const span = document.createElement("span");
    span.className = "badge lv-" + Math.max(0, levels.indexOf(level));
    span.textContent = level;
    return span;
  }

  if (advance) {
    advance.checked = localStorage.getItem("pmh-advance") === "1";
    advance.addEventListener("change", () => localStorage.setItem("pmh-advance", advance.checked ? "1" : "0"));
  }

  if (note) {
    note.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        if (rating) save(rating);
        else memo(d.criterion, note.value, "saved as a memo, not a rating: rate with a level key");
        note.blur();
      } else if (event.key === "Escape") {
        event.preventDefault();
        note.blur();
      }
    });
  }
  if (planMemo) {
    planMemo.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        memo(null, planMemo.value, "memo on the plan saved");
        planMemo.blur();
      } else if (event.key === "Escape") {
        event.preventDefault();
        planMemo.blur();
      }
    });
  }

  // --- the plan beside: show a sentence where it stands -------------------------------
  function scrollPane(element, offset) {
    const top = element.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTop += top + (offset || 0) - 60;
  }

  async function show(doc, page, sentence, focus) {
    const figure = $("p-" + doc + "-" + page);
    if (!figure) return;
    const line = $("s-" + doc + "-" + sentence);
    for (const old of pane.querySelectorAll(".flash")) old.classList.remove("flash");
    if (line) {
      scrollPane(line);
      line.classList.add("flash");
      return;
    }
    scrollPane(figure);
    const sheet = figure.querySelector(".sheet");
    if (!sheet || sentence < 0) return;
    const response = await fetch("/api/locate/" + d.plan + "/" + doc + "/" + sentence);
    if (!response.ok) return;
    const where = await response.json();
    for (const old of pane.querySelectorAll(".box")) old.remove();
    let first = null;
    for (const [left, top, right, bottom] of where.boxes) {
      const box = document.createElement("div");
      box.className = "box flash";
      box.style.left = (left * 100) + "%";
      box.style.top = (top * 100) + "%";
      box.style.width = ((right - left) * 100) + "%";
      box.style.height = ((bottom - top) * 100) + "%";
      sheet.appendChild(box);
      if (!first) first = box;
    }
    if (first) scrollPane(first, -80);
    if (focus) figure.focus({ preventScroll: true });
  }

  function jumpFrom(element) {
    show(Number(element.dataset.doc), Number(element.dataset.page), Number(element.dataset.sentence), false);
  }
  document.addEventListener("click", (event) => {
    const target = event.target.closest("[data-sentence]");
    if (target && !event.target.closest("a")) jumpFrom(target);
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target.closest && event.target.closest("[data-sentence]");
    if (target && (event.key === "Enter" || event.key === " ") && !typing(event.target)) {
      event.preventDefault();
      jumpFrom(target);
    }
  });

  // --- long lists, 20 at a time, each page asked of the server --------------------------
  const PAGE = 20;
  for (const list of document.querySelectorAll("ol.paged")) {
    const total = Number(list.dataset.total);
    if (total <= PAGE) continue;
    let at = 0;
    const nav = document.createElement("p");
    nav.className = "pager";
    const before = document.createElement("button");
    const after = document.createElement("button");
    const said = document.createElement("span");
    before.type = after.type = "button";
    before.textContent = "← previous " + PAGE;
    after.textContent = "next " + PAGE + " →";
    nav.append(before, " ", said, " ", after);
    list.after(nav);
    const draw = () => {
      list.start = at + 1;
      said.textContent = (at + 1) + "-" + Math.min(at + PAGE, total) + " of " + total;
      before.disabled = at === 0;
      after.disabled = at + PAGE >= total;
    };
    const load = async (from) => {
      const response = await fetch(here + "/evidence?kind=" + list.dataset.kind + "&from=" + from);
      if (!response.ok) return;
      list.innerHTML = await response.text();  // our own page's markup, escaped by the server
      at = from;
      draw();
      list.scrollIntoView({ block: "nearest" });
    };
    before.addEventListener("click", () => load(Math.max(0, at - PAGE)));
    after.addEventListener("click", () => load(at + PAGE));
    draw();
  }

  // --- the margin stripes: the criteria with counted evidence on each page ---------------
  const criteria = JSON.parse(pane.dataset.criteria || "[]");
  for (const strip of pane.querySelectorAll(".stripes[data-stripes]")) {
    for (const i of strip.dataset.stripes.split(" ").filter(Boolean)) {
      const [id, title, domain] = criteria[Number(i)];
      const stripe = document.createElement("a");
      stripe.className = "stripe d" + domain + (id === d.criterion ? " current" : "");
      stripe.href = "/c/" + d.plan + "/" + id;
      stripe.title = title;
      stripe.tabIndex = -1;
      strip.append(stripe);
    }
  }

  // --- search within the plan, and the sentences possibly missed ------------------------
  function foundList(found, withSimilarity) {
    const byPage = new Map();
    for (const f of found) {
      const key = f.where;
      if (!byPage.has(key)) byPage.set(key, []);
      byPage.get(key).push(f);
    }
    const list = document.createElement("ul");
    list.className = "found";
    for (const [where, items] of byPage) {
      const li = document.createElement("li");
      const head = document.createElement("b");
      head.textContent = where + (items.length > 1 ? " (" + items.length + ")" : "");
      li.append(head);
      for (const f of items) {
        const item = document.createElement("div");
        item.className = "found-item";
        item.tabIndex = 0;
        item.setAttribute("role", "button");
        item.dataset.doc = f.document;
        item.dataset.page = f.page;
        item.dataset.sentence = f.sentence;
        if (withSimilarity) {
          const score = document.createElement("span");
          score.className = "similarity";
          score.textContent = f.similarity.toFixed(2) + " ";
          item.append(score);
        }
        const mark = document.createElement("mark");
        mark.textContent = f.match;
        item.append(f.before, withSimilarity ? f.match : mark, f.after);
        if (f.nearest) {
          const near = document.createElement("small");
          near.textContent = " nearest " + f.nearest;
          item.append(near);
        }
        li.append(item);
      }
      list.append(li);
    }
    return list;
  }

  const search = $("search");
  const q = $("q");
  search.addEventListener("submit", async (event) => {
    event.preventDefault();
    const found = $("found");
    const text = q.value.trim();
    if (!text) { found.textContent = ""; return; }
    const response = await fetch("/api/search/" + d.plan + "?q=" + encodeURIComponent(text));
    const data = await response.json();
    const head = document.createElement("p");
    head.textContent = data.found.length
      ? data.found.length + (data.more ? "+" : "") + " sentences hold “" + text + "”, by page:"
      : "No sentence holds “" + text + "”.";
    found.replaceChildren(head, foundList(data.found, false));
  });

  const missed = $("missed");
  if (missed) {
    fetch(missed.dataset.url).then((r) => r.json()).then((data) => {
      if (data.unavailable) { missed.textContent = data.unavailable; return; }
      if (!data.found.length) {
        missed.textContent = "No unmatched sentence is close enough to the criterion in meaning.";
        return;
      }
      const head = document.createElement("p");
      head.textContent = "Never counted; similarity first. Click one to read it on its page.";
      missed.replaceChildren(head, foundList(data.found, true));
    });
  }

  document.addEventListener("keydown", (event) => {
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
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
    if (key === "/") { event.preventDefault(); q.focus(); return; }
    if (d.derived === "1" || d.writable !== "1") return;
    if (key === "a" && d.machine && d.blind !== "1") { event.preventDefault(); save(d.machine); }
    else if (key === "n" && note) { event.preventDefault(); note.focus(); }
    else if (key === "m" && planMemo) { event.preventDefault(); planMemo.focus(); }
    else if (key.toLowerCase() in keys) { event.preventDefault(); save(keys[key.toLowerCase()]); }
  });

  // the first counted sentence, where it stands, without moving the keyboard's focus
  if (d.first) {
    const [doc, page, sentence] = d.first.split("/").map(Number);
    show(doc, page, sentence, false);
  }
})();
