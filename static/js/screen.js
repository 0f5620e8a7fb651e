// Shared screen: read-only; the live question, speakers, timer and counts for the back row.
import {
  $, answerBlock, connect, el, everySecond, fill, formatSeconds, labels, liveQuestion, liveSeconds,
  renderBriefing, renderClock, renderCounts,
} from "./live.js";

const live = connect({ onChange: render });
const { state } = live;

function render() {
  if (!state.synced) {
    if (state.error) fill($("[data-live]"), el("p", { class: "empty", text: state.error }));
    return;
  }
  renderBriefing(state);
  renderClock(state);
  renderCounts(state);
  const q = liveQuestion(state);
  $("[data-join]").classList.toggle("gathering", state.conference.clock.state === "ready" || !q);
  document.body.classList.toggle("has-live", Boolean(q));
  fill($("[data-live]"), q
    ? el("article", { class: "screen-question", "data-question": q.id },
      el("p", { class: "byline" }, el("span", { class: "name", text: q.reporter.name }), " · ",
        el("span", { class: "outlet", text: labels.outlets[q.reporter.outlet] })),
      el("p", { class: q.text.length > 120 ? "text long" : "text", text: q.text }),
      el("p", { class: "timer", "data-live-timer": "", text: formatSeconds(liveSeconds(state, q)) }),
      answerBlock(state, q))
    : el("p", { class: "empty", text: labels.ui.no_live }));
}

everySecond(() => {
  if (!state.synced) return;
  renderClock(state);
  const q = liveQuestion(state);
  const timer = $("[data-live-timer]");
  if (q && timer) timer.textContent = formatSeconds(liveSeconds(state, q));
});
