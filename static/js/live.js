// The live connection shared by every conference page: snapshot on (re)connect,
// numbered deltas after it, applied in order (a resync when one stays missing), acknowledged
// sends.
import { io } from "../vendor/socket.io-client-4.8.4/socket.io.esm.min.js";
import * as ev from "./events.js";

export const labels = JSON.parse(document.getElementById("labels").textContent);
const STALE_MS = 30000;
const ACK_MS = 10000;
// Deltas sent by two server processes, or by two events of one, may cross on the way: one
// that comes early waits this long for the ones before it, then the page resyncs.
const GAP_MS = 1000;

export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

export function fill(node, ...children) {
  if (node) node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

export function formatSeconds(total) {
  const s = Math.max(0, Math.floor(total));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function connect({ onChange, syncPayload = () => ({}) }) {
  const body = document.body;
  const auth = { role: body.dataset.role, workshop: Number(body.dataset.workshop) };
  const state = {
    rev: -1, synced: false, questions: new Map(), counts: {}, conference: null,
    reactions: {}, scores: {}, flags: {}, me: null, view: null, offset: 0, clockAt: Date.now(), error: null,
  };
  const socket = io({ auth, reconnectionDelayMax: 5000 });
  let lastPacket = Date.now();
  const connection = document.querySelector("[data-connection]");

  function status(text, good) {
    if (!connection) return;
    connection.textContent = text;
    connection.classList.toggle("bad", !good);
  }

  function changed() { onChange(state); }

  function applySnapshot(snap) {
    state.rev = snap.rev;
    state.view = snap.view;
    state.conference = snap.conference;
    state.questions = new Map(snap.questions.map((q) => [q.id, q]));
    state.counts = snap.counts;
    state.reactions = snap.reactions || {};
    state.scores = snap.scores || {};
    state.flags = snap.flags || {};
    state.me = snap.me || null;
    state.suggestions = snap.suggestions || null;
    state.offset = Date.parse(snap.conference.clock.server_now) - Date.now();
    state.clockAt = Date.now();
    state.synced = true;
    state.error = null;
    applyEarly();
  }

  function sync() {
    socket.timeout(ACK_MS).emit(ev.SYNC, syncPayload(), (err, ack) => {
      if (err) { setTimeout(sync, 2000); return; }
      if (!ack.ok) { state.error = ack.message; state.synced = false; changed(); return; }
      applySnapshot(ack.snapshot);
      changed();
      document.dispatchEvent(new CustomEvent("kaiken:synced"));
    });
  }

  function applyQuestions(list) {
    for (const q of list || []) {
      if (!q) continue;
      if (q.hidden) {
        const known = state.questions.get(q.id);
        if (!known || !known.mine) state.questions.delete(q.id);
      } else {
        const known = state.questions.get(q.id);
        state.questions.set(q.id, known && known.mine ? { ...q, mine: true, reject_reason: q.reject_reason ?? known.reject_reason } : q);
      }
    }
  }

  // Deltas that came before their predecessor, by revision, until it comes.
  const early = new Map();
  let gapTimer = null;

  function applyEarly() {
    for (const rev of [...early.keys()]) if (rev <= state.rev) early.delete(rev);
    while (early.has(state.rev + 1)) {
      const apply = early.get(state.rev + 1);
      early.delete(state.rev + 1);
      state.rev += 1;
      apply();
    }
    if (early.size === 0 && gapTimer) { clearTimeout(gapTimer); gapTimer = null; }
  }

  // A numbered delta: drop old ones, apply the rest in order, resync if one stays missing.
  function delta(payload, apply) {
    lastPacket = Date.now();
    if (!state.synced || payload.rev <= state.rev) return;
    const before = state.rev;
    early.set(payload.rev, () => apply(payload));
    applyEarly();
    if (early.size > 0 && !gapTimer) {
      gapTimer = setTimeout(() => { gapTimer = null; early.clear(); sync(); }, GAP_MS);
    }
    if (state.rev !== before) changed();
  }

  socket.on("connect", () => { lastPacket = Date.now(); status(labels.ui.online, true); sync(); });
  socket.on("disconnect", () => status(labels.ui.offline, false));
  socket.on("connect_error", () => status(labels.ui.offline, false));
  socket.on(ev.QUESTIONS, (p) => delta(p, () => { applyQuestions(p.questions); state.counts = p.counts; }));
  socket.on(ev.CONFERENCE, (p) => delta(p, () => {
    const before = state.conference && state.conference.can_moderate;
    state.conference = { ...state.conference, ...p.conference };  // a delta: clock, news, moderation
    state.offset = Date.parse(p.conference.clock.server_now) - Date.now();
    state.clockAt = Date.now();
    applyQuestions(p.questions);
    state.counts = p.counts;
    if (before !== p.conference.can_moderate) sync();
  }));
  socket.on(ev.OWN_QUESTION, (p) => {
    lastPacket = Date.now();
    if (p.question) { state.questions.set(p.question.id, p.question); changed(); }
  });
  socket.on(ev.TALLIES, (p) => {
    lastPacket = Date.now();
    for (const [id, votes] of Object.entries(p.votes || {})) {
      const q = state.questions.get(Number(id));
      if (q) q.votes = votes;
    }
    Object.assign(state.reactions, p.reactions || {});
    changed();
  });
  socket.on(ev.SCORED, (p) => { lastPacket = Date.now(); state.scores[String(p.answer_id)] = p; changed(); });
  socket.on(ev.FLAGS, (p) => { lastPacket = Date.now(); state.flags[String(p.answer_id)] = p.flags; changed(); });
  // A new phase or another conference on screen redraws the whole page; else a resync.
  socket.on(ev.RELOAD, (p) => { if (p && p.page) window.location.reload(); else sync(); });
  socket.io.on("ping", () => { lastPacket = Date.now(); });

  // A phone that slept may hold a dead socket: reconnect and resync when it wakes.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    if (!socket.connected || Date.now() - lastPacket > STALE_MS) { socket.disconnect(); socket.connect(); }
  });
  window.addEventListener("online", () => { if (!socket.connected) socket.connect(); });

  // Send one acknowledged mutation; resolves to the server's ack or a local refusal.
  function send(event, payload) {
    return new Promise((resolve) => {
      if (!socket.connected) { resolve({ ok: false, offline: true, message: labels.ui.not_sent }); return; }
      socket.timeout(ACK_MS).emit(event, payload, (err, ack) => {
        if (err) resolve({ ok: false, offline: true, message: labels.ui.not_sent });
        else resolve(ack);
      });
    });
  }

  return { state, send, sync, socket };
}

export function clockSeconds(state) {
  const clock = state.conference.clock;
  const running = clock.state === "running" ? (Date.now() - state.clockAt) / 1000 : 0;
  return clock.elapsed + running;
}

export function liveSeconds(state, q) {
  if (!q.live_at) return 0;
  return (Date.now() + state.offset - Date.parse(q.live_at)) / 1000;
}

export function renderClock(state) {
  const c = state.conference.clock;
  const stateNode = $("[data-clock-state]");
  if (stateNode) stateNode.textContent = labels.clock[c.state];
  const timeNode = $("[data-clock-time]");
  if (timeNode) timeNode.textContent = formatSeconds(clockSeconds(state));
  const planned = $("[data-clock-planned]");
  if (planned) planned.textContent = `/ ${c.planned_minutes}:00`;
}

export function renderCounts(state) {
  for (const key of ["received", "queued", "answered"]) {
    const node = document.querySelector(`[data-count="${key}"]`);
    if (node) node.textContent = String(state.counts[key] ?? 0);
  }
}

export function speakerLabel(s) {
  return [s.title, s.name].filter(Boolean).join(" ") + (s.role ? ` (${s.role})` : "");
}

export function renderBriefing(state) {
  const c = state.conference;
  const title = c.wrapup ? labels.ui.wrapup_qa : c.title;
  for (const node of document.querySelectorAll("[data-conf-title]")) node.textContent = title;
  const summary = $("[data-conf-summary]");
  if (summary) summary.textContent = c.summary;
  fill($("[data-speakers]"), c.speakers.map((s) => el("li", { text: speakerLabel(s) })));
  const rt = $("[data-report-title]");
  if (rt) rt.textContent = c.report.title;
  const rb = $("[data-report-body]");
  if (rb) fill(rb, c.report.sections.map(reportSection));
  const order = $("[data-running-order]");
  if (order) fill(order, (c.running_order || []).map((r) => el("li", { text: `${r.time} ${r.item}` })));
  renderNews(state);
}

// One filled section of the published report, as reporters read it.
function reportSection(section) {
  const heading = section.field === "body" ? null : el("h5", { text: labels.report_fields[section.field] || section.field });
  let body;
  if (section.type === "rows") {
    body = el("ul", {}, section.value.map((row) => el("li", { text: Object.values(row).filter(Boolean).join(" — ") })));
  } else if (section.type === "yesno") {
    body = el("p", { text: labels.yesno[section.value ? "yes" : "no"] });
  } else if (section.type === "count") {
    body = el("p", { text: Number(section.value).toLocaleString() });
  } else {
    body = el("div", {}, String(section.value).split(/\n{2,}/).map((p) => el("p", { class: "pre", text: p })));
  }
  return el("section", { class: "report-section", "data-section": section.field }, heading, body);
}

// Breaking news fired by the instructor: newest first, in the page's language.
export function renderNews(state) {
  const box = $("[data-news]");
  if (!box) return;
  const lang = document.documentElement.lang;
  const items = [...(state.conference.news || [])].reverse();
  box.hidden = items.length === 0;
  fill(box, items.map((n) => el("article", { class: "breaking", role: "alert", "data-news-item": n.id },
    el("h2", { text: `${labels.breaking}: ${n.headline[lang] || n.headline.ja || n.headline.en}` }),
    (n.details && (n.details[lang] || n.details.ja || n.details.en))
      ? el("p", { text: n.details[lang] || n.details.ja || n.details.en }) : null)));
}

export function byStatus(state, statuses) {
  return [...state.questions.values()].filter((q) => statuses.includes(q.status));
}

export function liveQuestion(state) {
  return byStatus(state, ["live"])[0] || null;
}

export function reactionLine(state, answer) {
  const counts = state.reactions[String(answer.id)];
  if (!counts) return null;
  return el("p", { class: "reactions" },
    Object.entries(counts).map(([k, n]) => el("span", { class: `reaction r-${k}`, text: `${labels.reactions[k]} ${n}` })));
}

export function questionHead(q) {
  return el("p", { class: "byline" },
    el("span", { class: "name", text: q.reporter.name }), " · ",
    el("span", { class: "outlet", text: labels.outlets[q.reporter.outlet] }),
    q.follows_answer_id ? el("span", { class: "tag", text: ` ${labels.ui.follows}` }) : null);
}

export function answerBlock(state, q) {
  if (!q.answer) return null;
  return el("div", { class: "answer" },
    el("p", { class: "speaker", text: `${labels.ui.speaker}: ${q.answer.speaker}` }),
    el("p", { class: "summary", text: q.answer.summary }),
    reactionLine(state, q.answer));
}

export function everySecond(fn) {
  fn();
  setInterval(fn, 1000);
}
