// Instructor console: clock, moderation, team MC switch and scoring.
import * as ev from "./events.js";
import {
  $, answerBlock, byStatus, connect, el, everySecond, fill, labels, liveQuestion, newId, questionHead,
  renderBriefing, renderClock, renderCounts,
} from "./live.js";
import { installShortcuts, liveCard, liveControls, outletBalance, renderQueue } from "./moderation.js";

const live = connect({ onChange: render });
const { state, send } = live;
let scoring = null; // the answer being scored: {id, clientId}

function report(text, bad = false) {
  const node = $("[data-mod-status]");
  node.textContent = text;
  node.classList.toggle("bad", bad);
}

async function clock(action) {
  const ack = await send(ev.CLOCK, { action });
  report(ack.ok ? "" : ack.message, !ack.ok);
}

for (const button of document.querySelectorAll("[data-clock]")) {
  button.addEventListener("click", () => {
    if (button.dataset.clock === "end" && !window.confirm(labels.ui.confirm_end)) return;
    clock(button.dataset.clock);
  });
}
installShortcuts(state, send, report, clock);

$("[data-plan]").addEventListener("submit", async (e) => {
  e.preventDefault();
  const ack = await send(ev.PLAN, { minutes: Number(e.target.elements.minutes.value) });
  report(ack.ok ? "" : ack.message, !ack.ok);
});

$("[data-team-moderation]").addEventListener("change", async (e) => {
  const ack = await send(ev.TEAM_MODERATION, { allowed: e.target.checked });
  report(ack.ok ? "" : ack.message, !ack.ok);
});

// A red flag: what Kaiken found, the words that triggered it, why it matters; dismissible.
function fillParams(text, params) {
  return text.replace(/%\((\w+)\)s/g, (_, key) => {
    const value = (params || {})[key];
    return typeof value === "number" ? value.toLocaleString() : String(value ?? "");
  });
}

function flagList(answerId) {
  const found = state.flags[String(answerId)] || [];
  if (!found.length) return null;
  return el("ul", { class: "flags", "data-flags": answerId }, found.map((f) => {
    const [title, why] = labels.flags[f.code] || [f.code, ""];
    return el("li", { class: `flag ${f.severity}${f.dismissed ? " dismissed" : ""}`, "data-flag": f.code },
      el("strong", { text: `${labels.severities[f.severity]}: ${fillParams(title, f.params)}` }),
      f.words.length ? el("span", { class: "words", text: ` «${f.words.join(" / ")}»` }) : null,
      el("span", { class: "why", text: ` ${why}` }),
      el("button", {
        type: "button", class: "small", "data-dismiss-flag": f.id,
        onclick: async () => {
          const ack = await send(ev.DISMISS_FLAG, { flag_id: f.id, dismissed: !f.dismissed });
          report(ack.ok ? "" : ack.message, !ack.ok);
        },
      }, f.dismissed ? labels.ui.restore_flag : labels.ui.dismiss_flag));
  }));
}

function verdictLine(answerId) {
  const saved = state.scores[String(answerId)];
  if (!saved) return null;
  return el("p", { class: `verdict ${saved.verdict || ""}`, "data-verdict": saved.verdict || "" },
    `${labels.ui.score_saved}${saved.verdict ? ` · ${labels.verdicts[saved.verdict]}` : ""}`);
}

// Each criterion shows the descriptor of the level chosen, so the rubric is at hand.
for (const set of document.querySelectorAll("[data-criterion]")) {
  set.addEventListener("change", () => showLevel(set));
}

function showLevel(set) {
  const chosen = set.querySelector("input:checked");
  const hint = set.querySelector("[data-level-hint]");
  hint.textContent = chosen ? chosen.dataset.level : "";
}

function chooseForScoring(answer) {
  if (!scoring || scoring.id !== answer.id) scoring = { id: answer.id, clientId: newId() };
  const form = $("[data-score]");
  form.hidden = false;
  const saved = state.scores[String(answer.id)];
  form.reset();
  if (saved) {
    for (const [key, value] of Object.entries(saved.values)) {
      const input = form.querySelector(`input[name="${key}"][value="${value}"]`);
      if (input) input.checked = true;
    }
    form.elements.comment.value = saved.comment;
  }
  for (const set of form.querySelectorAll("[data-criterion]")) showLevel(set);
  fill($("[data-score-answer-text]"), el("span", { text: answer.summary }));
  $("[data-score-status]").textContent = saved ? labels.ui.score_saved : "";
}

$("[data-score]").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target;
  const values = {};
  for (const set of form.querySelectorAll("[data-criterion]")) {
    const chosen = set.querySelector("input:checked");
    if (chosen) values[set.dataset.criterion] = Number(chosen.value);
  }
  const ack = await send(ev.SCORE, { client_id: scoring.clientId, answer_id: scoring.id, values, comment: form.elements.comment.value });
  const status = $("[data-score-status]");
  status.textContent = ack.ok ? labels.ui.score_saved : ack.message;
  status.classList.toggle("bad", !ack.ok);
  if (ack.ok) scoring = { id: scoring.id, clientId: newId() };
});

// The wrap-up Q&A: the instructor records their own answer to the live question.
let answering = null; // {questionId, clientId}
const answerForm = $("[data-answer]");
if (answerForm) {
  answerForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = liveQuestion(state);
    if (!q) return;
    if (!answering || answering.questionId !== q.id) answering = { questionId: q.id, clientId: newId() };
    const ack = await send(ev.ANSWER, {
      client_id: answering.clientId, question_id: q.id,
      speaker: answerForm.elements.speaker.value, summary: answerForm.elements.summary.value,
    });
    const status = $("[data-answer-status]");
    status.textContent = ack.ok ? labels.ui.answer_saved : ack.message;
    status.classList.toggle("bad", !ack.ok);
    if (ack.ok) { answering = null; answerForm.elements.summary.value = ""; }
  });
}

function render() {
  if (state.error) { report(state.error, true); return; }
  if (!state.synced) return;
  renderBriefing(state);
  renderClock(state);
  renderCounts(state);
  $("[data-team-moderation]").checked = state.conference.team_may_moderate;
  const minutes = $("[data-plan]").elements.minutes;
  if (document.activeElement !== minutes) minutes.value = state.conference.clock.planned_minutes;
  $("[data-balance]").textContent = outletBalance(state);
  const q = liveQuestion(state);
  fill($("[data-live]"), q ? [liveCard(state, q, liveControls(state, send, q, report)), q.answer ? flagList(q.answer.id) : null] : el("p", { class: "empty", text: labels.ui.no_live }));
  if (q && q.answer && !state.conference.wrapup && (!scoring || scoring.id !== q.answer.id)) chooseForScoring(q.answer);
  if (answerForm) answerForm.hidden = !q;
  renderQueue(state, send, $("[data-queue]"), report);
  const done = byStatus(state, ["answered"]).sort((a, b) => b.id - a.id);
  fill($("[data-answered]"), done.map((d) => el("li", { class: "question", "data-question": d.id },
    questionHead(d), el("p", { class: "text", text: d.text }), answerBlock(state, d),
    flagList(d.answer.id), verdictLine(d.answer.id),
    state.conference.wrapup ? null : el("button", { type: "button", class: "small", "data-score-answer": "", onclick: () => chooseForScoring(d.answer) }, labels.ui.score))));
}

everySecond(() => { if (state.synced) renderClock(state); });

// Breaking news: a factor fired live, or the instructor's own headline; one client id each.
function fireStatus(ack) {
  const node = $("[data-fire-status]");
  node.textContent = ack.ok ? labels.ui.sent : ack.message;
  node.classList.toggle("bad", !ack.ok);
}

for (const button of document.querySelectorAll("[data-fire-factor]")) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    fireStatus(await send(ev.FIRE_NEWS, { client_id: newId(), factor: button.dataset.fireFactor }));
    button.disabled = false;
  });
}

$("[data-fire-custom]").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target;
  const ack = await send(ev.FIRE_NEWS, { client_id: newId(), headline: form.elements.headline.value, details: form.elements.details.value });
  fireStatus(ack);
  if (ack.ok) form.reset();
});
