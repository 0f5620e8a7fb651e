// The moderator's queue, shared by the instructor console and the team MC.
import * as ev from "./events.js";
import { answerBlock, byStatus, el, fill, labels, questionHead } from "./live.js";

const ACTIONS = {
  submitted: ["queue", "live", "reject"],
  queued: ["live", "reject"],
  rejected: ["queue"],
  skipped: ["queue", "live"],
};

function waitingOrder(state) {
  return byStatus(state, Object.keys(ACTIONS))
    .sort((a, b) => (a.status === "rejected") - (b.status === "rejected") || b.votes - a.votes || a.id - b.id);
}

export function renderQueue(state, send, node, report) {
  const waiting = waitingOrder(state);
  if (!waiting.length) { fill(node, el("li", { class: "empty", text: labels.ui.no_questions })); return; }
  fill(node, waiting.map((q) => el("li", { class: `question s-${q.status}`, "data-question": q.id },
    questionHead(q),
    el("p", { class: "text", text: q.text }),
    el("p", { class: "state", text: `${labels.statuses[q.status]} · ${q.votes} ${labels.ui.votes}` }),
    q.reject_reason ? el("p", { class: "reason", text: `${labels.ui.reason}: ${q.reject_reason}` }) : null,
    el("div", { class: "buttons" }, ACTIONS[q.status].map((action) => el("button", {
      type: "button", class: "small", "data-action": action,
      onclick: (e) => action === "reject" ? askReason(e.target, q, send, report) : moderate(send, q, action, null, report),
    }, labels.ui[action]))))));
}

async function moderate(send, q, action, reason, report) {
  const ack = await send(ev.MODERATE, { question_id: q.id, action, reason });
  report(ack.ok ? "" : ack.message, !ack.ok);
  return ack;
}

function askReason(button, q, send, report) {
  const item = button.closest("li");
  if (item.querySelector("form")) return;
  const list = `reasons-${q.id}`;
  const form = el("form", { class: "reject-form" },
    el("label", { for: `reason-${q.id}`, text: labels.ui.reject_prompt }),
    el("input", { id: `reason-${q.id}`, name: "reason", list, required: true, value: labels.reject_reasons[0] }),
    el("datalist", { id: list }, labels.reject_reasons.map((r) => el("option", { value: r }))),
    el("button", { type: "submit", class: "small", "data-confirm-reject": "" }, labels.ui.reject));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    moderate(send, q, "reject", form.elements.reason.value, report);
  });
  item.append(form);
  form.elements.reason.focus();
}

export function liveControls(state, send, q, report) {
  return el("div", { class: "buttons" },
    el("button", { type: "button", class: "small", "data-action": "close", disabled: !q.answer,
      onclick: () => moderate(send, q, "close", null, report) }, labels.ui.close),
    el("button", { type: "button", class: "small", "data-action": "skip",
      onclick: () => moderate(send, q, "skip", null, report) }, labels.ui.skip));
}

export function liveCard(state, q, extra) {
  return el("article", { class: "question live-q", "data-question": q.id },
    questionHead(q), el("p", { class: "text", text: q.text }), answerBlock(state, q), extra);
}

export function outletBalance(state) {
  const counts = {};
  for (const q of byStatus(state, ["live", "answered"])) counts[q.reporter.outlet] = (counts[q.reporter.outlet] || 0) + 1;
  return Object.entries(labels.outlets).map(([key, label]) => `${label} ${counts[key] || 0}`).join(" · ");
}

// Keyboard shortcuts for the common moves (listed on the console): N puts the next question
// live (the queue's first, else the first awaiting moderation), S skips the live question,
// C closes it once answered, T starts, pauses or resumes the clock (when `clock` is given).
const CLOCK_NEXT = { ready: "start", running: "pause", paused: "resume" };

function typing(target) {
  return Boolean(target.closest && target.closest("input, textarea, select, [contenteditable]"));
}

export function installShortcuts(state, send, report, clock = null, allowed = () => true) {
  document.addEventListener("keydown", (e) => {
    if (e.repeat || e.ctrlKey || e.metaKey || e.altKey || !state.synced || typing(e.target)) return;
    if (!allowed()) return;
    const key = e.key.toLowerCase();
    const live = byStatus(state, ["live"])[0];
    if (key === "n") {
      const waiting = waitingOrder(state);
      const next = waiting.find((q) => q.status === "queued") || waiting.find((q) => q.status === "submitted");
      if (next) moderate(send, next, "live", null, report);
      else report(labels.ui.no_questions);
    } else if (key === "s" && live) {
      moderate(send, live, "skip", null, report);
    } else if (key === "c" && live && live.answer) {
      moderate(send, live, "close", null, report);
    } else if (key === "t" && clock && CLOCK_NEXT[state.conference.clock.state]) {
      clock(CLOCK_NEXT[state.conference.clock.state]);
    } else {
      return;
    }
    e.preventDefault();
  });
}
