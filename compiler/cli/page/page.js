// archc serve's page: the state comes from /events (Server-Sent Events)
// each time the design is saved; the diagram is replaced in place, so the
// pan and zoom (`view`) survive every update.
"use strict";

const $ = (id) => document.getElementById(id);
const area = $("view"), stage = $("stage");
const view = { x: 0, y: 0, k: 1 };
let shownBuild = 0, fitted = false;

function place() {
  stage.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
}

function fit() {
  const svg = stage.querySelector("svg");
  if (!svg) return;
  const w = svg.width.baseVal.value || 1, h = svg.height.baseVal.value || 1;
  view.k = Math.min(area.clientWidth / w, area.clientHeight / h, 2) * 0.95;
  view.x = (area.clientWidth - w * view.k) / 2;
  view.y = (area.clientHeight - h * view.k) / 2;
  place();
}

// Zoom about the pointer: the point under it stays under it.
area.addEventListener("wheel", (e) => {
  e.preventDefault();
  const r = area.getBoundingClientRect(), px = e.clientX - r.left, py = e.clientY - r.top;
  const k = Math.min(40, Math.max(0.02, view.k * Math.exp(-e.deltaY * 0.0015)));
  view.x = px - (px - view.x) * k / view.k;
  view.y = py - (py - view.y) * k / view.k;
  view.k = k;
  place();
}, { passive: false });

let drag = null;
area.addEventListener("pointerdown", (e) => {
  if (e.button !== 0 || e.target.closest("#errors")) return;
  drag = { x: e.clientX - view.x, y: e.clientY - view.y };
  area.setPointerCapture(e.pointerId);
  area.classList.add("dragging");
});
area.addEventListener("pointermove", (e) => {
  if (!drag) return;
  view.x = e.clientX - drag.x;
  view.y = e.clientY - drag.y;
  place();
});
const stopDrag = () => { drag = null; area.classList.remove("dragging"); };
area.addEventListener("pointerup", stopDrag);
area.addEventListener("pointercancel", stopDrag);
area.addEventListener("dblclick", fit);

function where(d) {
  return d.file ? `${d.file}:${d.line}:${d.column}` : "";
}
const located = (d) => (d.file ? where(d) + ": " : "");

function list(id, items) {
  const ul = $(id);
  ul.replaceChildren(...items.map((d) => {
    const li = document.createElement("li");
    li.className = d.severity;
    const head = document.createElement("div");
    head.innerHTML = '<span class="where"></span> <b></b> <span class="rule"></span>';
    head.children[0].textContent = where(d);
    head.children[1].textContent = `${d.severity}: ${d.message}`;
    head.children[2].textContent = d.rule ? `[${d.rule}]` : "";
    li.append(head);
    if (d.help) {
      const help = document.createElement("div");
      help.className = "help";
      help.textContent = `help: ${d.help}`;
      li.append(help);
    }
    return li;
  }));
  $("n-" + id).textContent = items.length ? `(${items.length})` : "";
}

// Parsed as SVG, not as HTML: the document's own namespaces and no script.
// Of two saves in quick succession, the later fetch's diagram stays.
let fetches = 0;
async function showDiagram() {
  const mine = ++fetches;
  const response = await fetch("/diagram.svg", { cache: "no-store" });
  if (!response.ok) return;
  const doc = new DOMParser().parseFromString(await response.text(), "image/svg+xml");
  if (mine !== fetches || doc.documentElement.nodeName !== "svg") return;
  stage.replaceChildren(document.importNode(doc.documentElement, true));
  if (!fitted) { fit(); fitted = true; }
}

// A broken save has no findings or estimate of its own: those of the last
// good build stay, with its diagram.
async function show(state) {
  const status = $("status");
  status.textContent = state.ok ? `built ${state.when}` : `errors at ${state.when}`;
  status.className = "status " + (state.ok ? "ok" : "broken");
  list("diagnostics", state.diagnostics);
  if (state.ok || !shownBuild) {
    document.title = `${state.title || state.design} - archc serve`;
    $("title").textContent = state.title || state.design;
    list("findings", state.findings);
    $("estimate").textContent = state.estimate || "no workload to estimate";
    $("failure-part").hidden = !state.failure;
    $("failure").textContent = state.failure || "";
    offer(state.choices, state.fail);
    scorecard(state.scorecard);
  }
  const errors = state.diagnostics.filter((d) => d.severity === "error");
  const box = $("errors");
  box.hidden = state.ok;
  box.textContent = state.broken ||
    errors.map((d) => `${located(d)}error: ${d.message}`).join("\n") +
    "\n(the diagram is the last one without errors)";
  if (state.ok && state.build !== shownBuild) await showDiagram();
  if (state.ok) shownBuild = state.build;
  document.body.dataset.build = state.build;
}

// The design against its requirements, as `archc practice check` has it;
// a design without requirements has none and the part stays hidden.
function scorecard(card) {
  $("scorecard-part").hidden = !card;
  if (!card) return;
  const reqs = card.requirements;
  $("requirements").replaceChildren(...reqs.map((q) => {
    const li = document.createElement("li");
    li.className = q.status.replaceAll(" ", "-");
    li.innerHTML = '<b></b> <span class="verdict"></span><div class="help"></div>';
    li.children[0].textContent = q.flow ? `${q.flow} ${q.requirement}` : q.requirement;
    li.children[1].textContent = q.status;
    li.children[2].textContent = q.text;
    return li;
  }));
  const met = reqs.filter((q) => q.status === "met").length;
  $("n-scorecard").textContent = `(${met} of ${reqs.length} met)`;
  $("scores").replaceChildren(...Object.entries(card.scores).map(([area, s]) => {
    const tr = document.createElement("tr");
    tr.innerHTML = "<th></th><td></td><td class=\"help\"></td>";
    tr.children[0].textContent = area;
    tr.children[1].textContent = `${s.score ?? "-"}/${s.of}`;  // null: nothing to judge yet
    tr.children[2].textContent = s.why;
    return tr;
  }));
  $("next-step").textContent = card.next_step ? `Next step: ${card.next_step}` : "";
}

// The failure views: the regions, zones and components the design has.
const failSelect = $("fail");
let offered = "";
function offer(choices, fail) {
  if (choices.join() !== offered) {
    offered = choices.join();
    failSelect.replaceChildren(new Option("as designed", ""),
      ...choices.map((name) => new Option(`if ${name} fails`, name)));
  }
  failSelect.value = fail || "";
}
// The server draws the view for every page; the events bring it here.
failSelect.addEventListener("change", () => {
  fetch("/view?fail=" + encodeURIComponent(failSelect.value),
        { method: "POST", headers: { "X-Archc-View": "1" } });
});

const events = new EventSource("/events");
events.onmessage = (e) => show(JSON.parse(e.data));
events.onerror = () => {
  $("status").textContent = "disconnected: is archc serve running?";
  $("status").className = "status broken";
};
