// Presenting team's console: the scribe records answers; the MC moderates when allowed.
import * as ev from "./events.js";
import {
  $, connect, el, everySecond, fill, labels, liveQuestion, newId, renderBriefing, renderClock,
  renderCounts, speakerLabel,
} from "./live.js";
import { installShortcuts, liveCard, liveControls, renderQueue } from "./moderation.js";

const live = connect({ onChange: render });
const { state, send } = live;
let pending = null; // {questionId, clientId} of the answer being recorded

function status(text, bad = false) {
  const node = $("[data-answer-status]");
  node.textContent = text;
  node.classList.toggle("bad", bad);
}

$("[data-answer]").addEventListener("submit", async (e) => {
  e.preventDefault();
  const q = liveQuestion(state);
  if (!q) return;
  if (!pending || pending.questionId !== q.id) pending = { questionId: q.id, clientId: newId() };
  const form = e.target;
  const ack = await send(ev.ANSWER, {
    client_id: pending.clientId, question_id: q.id,
    speaker: form.elements.speaker.value, summary: form.elements.summary.value,
  });
  status(ack.ok ? labels.ui.answer_saved : ack.message, !ack.ok);
  if (ack.ok) { pending = null; form.elements.summary.value = ""; }
});

function render() {
  if (state.error) {
    status(state.error, true);
    fill($("[data-live]"), el("p", { class: "empty error", text: state.error }));
    return;
  }
  if (!state.synced) return;
  const presenting = state.view !== "public";
  $("[data-not-presenting]").hidden = presenting;
  renderBriefing(state);
  renderClock(state);
  renderCounts(state);
  const select = $("[data-speaker-select]");
  const speakers = state.conference.speakers.map(speakerLabel);
  if (select.options.length !== speakers.length) {
    fill(select, speakers.map((s) => el("option", { value: s, text: s })));
  }
  const q = liveQuestion(state);
  const mc = state.view === "mod";
  fill($("[data-live]"), q ? liveCard(state, q, mc ? liveControls(state, send, q, status) : null) : el("p", { class: "empty", text: labels.ui.no_live }));
  $("[data-answer]").hidden = !(presenting && q);
  $("[data-mc]").hidden = !mc;
  if (mc) renderQueue(state, send, $("[data-queue]"), status);
}

// The team's MC moderates from the keyboard too, once the instructor hands over the queue.
installShortcuts(state, send, status, null, () => state.view === "mod");

everySecond(() => { if (state.synced) renderClock(state); });
