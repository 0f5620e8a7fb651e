// Reporter's phone: read the briefing, ask, vote, withdraw, react and follow up.
import * as ev from "./events.js";
import {
  $, answerBlock, byStatus, connect, el, everySecond, fill, formatSeconds, labels, liveQuestion,
  liveSeconds, newId, questionHead, renderBriefing, renderClock,
} from "./live.js";

const body = document.body;
const outboxKey = `kaiken:outbox:${body.dataset.workshop}`;
const maxChars = Number(body.dataset.maxQuestion);
let followsAnswerId = null;
let bankId = null;

// The first sync brings the first suggestions with it; later ones (after a reconnect) don't.
const live = connect({
  onChange: render,
  syncPayload: () => (suggestKey === null ? { suggestions: true } : {}),
});
const { state, send } = live;

function outbox() {
  try { return JSON.parse(localStorage.getItem(outboxKey) || "[]"); } catch { return []; }
}
function saveOutbox(items) { localStorage.setItem(outboxKey, JSON.stringify(items)); }

function askStatus(text, bad = false) {
  const node = $("[data-ask-status]");
  node.textContent = text;
  node.classList.toggle("bad", bad);
}

// Send every question still in the outbox; the same client id never makes a copy.
async function flushOutbox() {
  for (const item of outbox()) {
    const ack = await send(ev.ASK, item);
    if (ack.offline) { askStatus(labels.ui.not_sent, true); return; }
    saveOutbox(outbox().filter((i) => i.client_id !== item.client_id));
    if (ack.ok) askStatus(labels.ui.sent);
    else askStatus(ack.message, true);
  }
}
document.addEventListener("kaiken:synced", flushOutbox);

$("[data-ask]").addEventListener("submit", async (event) => {
  event.preventDefault();
  const field = event.target.elements.text;
  const text = field.value.trim();
  if (!text) return;
  if (text.length > maxChars) { askStatus(`${text.length} / ${maxChars}`, true); return; }
  const item = { client_id: newId(), text, follows_answer_id: followsAnswerId, bank_id: bankId };
  saveOutbox([...outbox(), item]);
  field.value = "";
  updateCount();
  setFollow(null);
  setBank(null);
  askStatus(labels.ui.sending);
  await flushOutbox();
});

function updateCount() {
  const n = $("[data-ask]").elements.text.value.length;
  const node = $("[data-char-count]");
  node.textContent = String(n);
  node.classList.toggle("bad", n > maxChars);
  if (n === 0) setBank(null);
}
$("[data-ask]").elements.text.addEventListener("input", updateCount);

function setFollow(answerId) {
  followsAnswerId = answerId;
  const note = $("[data-follow-note]");
  note.hidden = answerId === null;
  note.textContent = answerId === null ? "" : labels.ui.follows;
  if (answerId !== null) $("[data-ask]").elements.text.focus();
}

// A suggestion put in the box keeps its bank id, edited or not, until it is sent or cleared.
function setBank(id) {
  bankId = id;
  const note = $("[data-bank-note]");
  note.hidden = id === null;
  note.textContent = id === null ? "" : labels.ui.from_bank;
}

function useSuggestion(s, send_now) {
  const form = $("[data-ask]");
  form.elements.text.value = s.text;
  updateCount();
  setBank(s.bank_id);
  setFollow(s.follows_answer_id ?? null);
  if (send_now) form.requestSubmit();
  else form.elements.text.focus();
}

function suggestionItem(s) {
  const tag = s.need ? labels.needs[s.need] : labels.themes[s.theme];
  return el("li", { class: `question suggestion${s.breaking ? " breaking-q" : ""}`, "data-suggestion": s.bank_id || s.need },
    el("p", { class: "meta", text: s.breaking ? `${labels.breaking} · ${tag}` : tag }),
    el("p", { class: "text", text: s.text }),
    el("div", { class: "buttons" },
      el("button", { type: "button", class: "small", "data-ask-as-is": "", onclick: () => useSuggestion(s, true) }, labels.ui.ask_as_is),
      el("button", { type: "button", class: "small", "data-edit-first": "", onclick: () => useSuggestion(s, false) }, labels.ui.edit_first)));
}

// Suggestions are asked for when something they depend on changes: breaking news, a new
// answer, a question of our own. News and answers reach every phone at once, so their
// requests are spread over eight seconds; a full room would otherwise hold up the server for
// everyone. The page's first list comes with its first sync (else within three seconds); a
// change to our own questions only, within a second.
let suggestKey = null;
let suggestTimer = null;
function showSuggestions(found) {
  fill($("[data-follow-ups]"), found.follow_ups.length
    ? el("ul", { class: "questions follow-ups" }, found.follow_ups.map(suggestionItem)) : null);
  fill($("[data-suggestions]"), found.questions.length ? found.questions.map(suggestionItem)
    : [el("li", { class: "empty", text: labels.ui.no_suggestions })]);
}
function refreshSuggestions() {
  const conf = state.conference;
  const answered = byStatus(state, ["answered"]).length;
  const mine = [...state.questions.values()].filter((q) => q.mine).length;
  const room = `${conf.id}:${(conf.news || []).length}:${answered}`;
  const key = `${room}:${mine}`;
  if (key === suggestKey) return;
  const roomWide = suggestKey !== null && !suggestKey.startsWith(`${room}:`);
  const first = suggestKey === null;
  suggestKey = key;
  clearTimeout(suggestTimer);
  if (first && state.suggestions) { showSuggestions(state.suggestions); return; }
  const wait = roomWide ? 500 + Math.random() * 8000
    : first ? 300 + Math.random() * 2700 : 150 + Math.random() * 600;
  suggestTimer = setTimeout(async () => {
    const ack = await send(ev.SUGGEST, {});
    if (ack.ok) showSuggestions(ack);
  }, wait);
}

async function act(event, payload) {
  const ack = await send(event, payload);
  if (!ack.ok) askStatus(ack.message, true);
  return ack;
}

function reactButtons(q) {
  if (!q.answer) return null;
  const mine = state.me && state.me.reactions[String(q.answer.id)];
  return el("div", { class: "buttons" },
    Object.entries(labels.reactions).map(([kind, label]) => el("button", {
      type: "button", class: "small", "aria-pressed": String(mine === kind), "data-react": kind,
      onclick: async () => {
        const ack = await act(ev.REACT, { answer_id: q.answer.id, kind });
        if (ack.ok) { state.me.reactions[String(q.answer.id)] = kind; render(state); }
      },
    }, label)),
    el("button", { type: "button", class: "small", "data-follow": "", onclick: () => setFollow(q.answer.id) }, labels.ui.follow_up));
}

function voteButton(q) {
  const voted = state.me.votes.includes(q.id);
  return el("button", {
    type: "button", class: "vote", "aria-pressed": String(voted), "data-vote": "",
    onclick: async () => {
      const ack = await act(ev.VOTE, { question_id: q.id, on: !voted });
      if (ack.ok) {
        state.me.votes = voted ? state.me.votes.filter((id) => id !== q.id) : [...state.me.votes, q.id];
        q.votes = ack.votes;
        render(state);
      }
    },
  }, `${voted ? labels.ui.unvote : labels.ui.vote} · ${q.votes}`);
}

function renderLive() {
  const q = liveQuestion(state);
  if (!q) { fill($("[data-live]"), el("p", { class: "empty", text: labels.ui.no_live })); return; }
  fill($("[data-live]"), el("article", { class: "question live-q", "data-question": q.id },
    questionHead(q), el("p", { class: "text", text: q.text }),
    el("p", { class: "timer", "data-live-timer": "", text: formatSeconds(liveSeconds(state, q)) }),
    answerBlock(state, q), reactButtons(q)));
}

// What a screen reader hears: a new live question, its answer, and each change to the
// reporter's own questions; nothing at the first snapshot, nothing for votes and counts.
const heard = { ready: false, live: null, answer: null, mine: new Map() };

function announce(state) {
  const said = [];
  const q = liveQuestion(state);
  if (q && q.id !== heard.live) said.push(`${labels.statuses.live}: ${q.text}`);
  if (q && q.answer && q.answer.id !== heard.answer) said.push(`${labels.ui.answer}: ${q.answer.summary}`);
  heard.live = q ? q.id : null;
  heard.answer = q && q.answer ? q.answer.id : heard.answer;
  for (const mine of [...state.questions.values()].filter((m) => m.mine)) {
    const before = heard.mine.get(mine.id);
    if (before && before !== mine.status) {
      const reason = mine.reject_reason ? ` (${mine.reject_reason})` : "";
      said.push(`${labels.ui.mine}: ${labels.statuses[mine.status]}${reason}`);
    }
    heard.mine.set(mine.id, mine.status);
  }
  if (heard.ready && said.length) $("[data-announce]").textContent = said.join(" / ");
  heard.ready = true;
}

function render() {
  if (state.error) { fill($("[data-live]"), el("p", { class: "empty", text: state.error })); return; }
  if (!state.synced) return;
  announce(state);
  renderBriefing(state);
  renderClock(state);
  $("[data-me]").textContent = `${state.me.name} · ${labels.outlets[state.me.outlet]}`;
  renderLive();
  refreshSuggestions();
  const mine = [...state.questions.values()].filter((q) => q.mine).sort((a, b) => b.id - a.id);
  fill($("[data-mine]"), mine.length ? mine.map((q) => el("li", { class: `question s-${q.status}`, "data-question": q.id },
    el("p", { class: "text", text: q.text }),
    el("p", { class: "state", "data-state": q.status, text: labels.statuses[q.status] }),
    q.reject_reason ? el("p", { class: "reason", text: `${labels.ui.reason}: ${q.reject_reason}` }) : null,
    ["submitted", "queued"].includes(q.status)
      ? el("button", { type: "button", class: "small", "data-withdraw": "", onclick: () => act(ev.WITHDRAW, { question_id: q.id }) }, labels.ui.withdraw)
      : null)) : [el("li", { class: "empty", text: labels.ui.no_questions })]);
  const queue = byStatus(state, ["queued"]).filter((q) => !q.mine).sort((a, b) => b.votes - a.votes || a.id - b.id);
  fill($("[data-queue]"), queue.length ? queue.map((q) => el("li", { class: "question", "data-question": q.id },
    questionHead(q), el("p", { class: "text", text: q.text }), voteButton(q))) : [el("li", { class: "empty", text: labels.ui.no_questions })]);
  const answered = byStatus(state, ["answered"]).sort((a, b) => b.id - a.id);
  fill($("[data-answered]"), answered.length ? answered.map((q) => el("li", { class: "question", "data-question": q.id },
    questionHead(q), el("p", { class: "text", text: q.text }), answerBlock(state, q), reactButtons(q)))
    : [el("li", { class: "empty", text: labels.ui.no_answers })]);
}

everySecond(() => {
  if (!state.synced) return;
  renderClock(state);
  const q = liveQuestion(state);
  const timer = $("[data-live-timer]");
  if (q && timer) timer.textContent = formatSeconds(liveSeconds(state, q));
});
