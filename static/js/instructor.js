// Instructor console: clock, moderation, team MC switch and scoring.
import * as ev from "./events.js";
import {
  $, answerBlock, byStatus, connect, el, everySecond, fill, labels, liveQuestion, newId, questionHead,
  renderBriefing, renderClock, renderCounts,
} from "./live.js";
import { liveCard, liveControls, outletBalance, renderQueue } from "./moderation.js";

const live = connect({ onChange: render });
const { state, send } = live;
let scoring = null; // the answer being scored: {id, clientId}

function report(text, bad = false) {
  const node = $("[data-mod-status]");
  node.textContent = text;
  node.classList.toggle("bad", bad);
}

for (const button of document.querySelectorAll("[data-clock]")) {
  button.addEventListener("click", async () => {
    if (button.dataset.clock === "end" && !window.confirm(labels.ui.confirm_end)) return;
    const ack = await send(ev.CLOCK, { action: button.dataset.clock });
    report(ack.ok ? "" : ack.message, !ack.ok);
  });
}

$("[data-plan]").addEventListener("submit", async (e) => {
  e.preventDefault();
  const ack = await send(ev.PLAN, { minutes: Number(e.target.elements.minutes.value) });
  report(ack.ok ? "" : ack.message, !ack.ok);
});

$("[data-team-moderation]").addEventListener("change", async (e) => {
  const ack = await send(ev.TEAM_MODERATION, { allowed: e.target.checked });
  report(ack.ok ? "" : ack.message, !ack.ok);
});

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
  $("[data-score-status]").textContent = saved ? labels.ui.score_saved : "";
}

$("[data-score]").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = e.target;
  const values = {};
  for (const key of Object.keys(labels.criteria)) values[key] = Number(form.elements[key].value);
  const ack = await send(ev.SCORE, { client_id: scoring.clientId, answer_id: scoring.id, values, comment: form.elements.comment.value });
  const status = $("[data-score-status]");
  status.textContent = ack.ok ? labels.ui.score_saved : ack.message;
  status.classList.toggle("bad", !ack.ok);
  if (ack.ok) scoring = { id: scoring.id, clientId: newId() };
});

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
  fill($("[data-live]"), q ? liveCard(state, q, liveControls(state, send, q, report)) : el("p", { class: "empty", text: labels.ui.no_live }));
  if (q && q.answer && (!scoring || scoring.id !== q.answer.id)) chooseForScoring(q.answer);
  renderQueue(state, send, $("[data-queue]"), report);
  const done = byStatus(state, ["answered"]).sort((a, b) => b.id - a.id);
  fill($("[data-answered]"), done.map((d) => el("li", { class: "question", "data-question": d.id },
    questionHead(d), el("p", { class: "text", text: d.text }), answerBlock(state, d),
    el("p", { class: "state", text: state.scores[String(d.answer.id)] ? labels.ui.score_saved : "" }),
    el("button", { type: "button", class: "small", "data-score-answer": "", onclick: () => chooseForScoring(d.answer) }, labels.ui.score))));
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
