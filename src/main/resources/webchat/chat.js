// The web chat: Rasa's socketio protocol plus our additions (metadata.from/seq/agent on bot_uttered,
// handoff_status, chat_history, error). Every text goes into the page with textContent, never as HTML.
import { io } from "/assets/socket.io.esm.min.js";

const LANGUAGES = {
  en: "English", zu: "isiZulu", xh: "isiXhosa", st: "Sesotho", tn: "Setswana", nso: "Sepedi", af: "Afrikaans",
};
const params = new URLSearchParams(location.search);
const botParam = params.get("bot");
const $ = (id) => document.getElementById(id);
const list = $("messages");
const input = $("input");
const picker = $("language");
const seen = new Set();
let bot = null;
let sessionId = null;
let lastSent = null;

function key(name) { return "handoff." + (bot ? bot.id : "default") + "." + name; }
function stored(name) { try { return localStorage.getItem(key(name)); } catch (e) { return null; } }
function store(name, value) { try { localStorage.setItem(key(name), value); } catch (e) { /* private mode */ } }

function add(from, text, opts = {}) {
  if (opts.seq != null) {
    if (seen.has(opts.seq)) return;
    seen.add(opts.seq);
  }
  const li = document.createElement("li");
  li.className = from;
  if (opts.seq != null) li.dataset.seq = String(opts.seq);
  if (from === "agent") {
    const who = document.createElement("span");
    who.className = "sender";
    who.textContent = opts.agent || "Agent";
    li.append(who);
  }
  const body = document.createElement("span");
  body.className = "text";
  body.textContent = text;
  li.append(body);
  if (opts.buttons && opts.buttons.length) {
    list.querySelectorAll(".buttons button").forEach((b) => { b.disabled = true; });
    const row = document.createElement("div");
    row.className = "buttons";
    for (const b of opts.buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title;
      button.addEventListener("click", () => send(b.payload, b.title));
      row.append(button);
    }
    li.append(row);
  }
  list.append(li);
  list.scrollTop = list.scrollHeight;
}

function showStatus(s) {
  const el = $("status");
  el.className = s.state;
  if (s.state === "waiting") {
    el.textContent = "Waiting for an agent" + (s.position ? " (position " + s.position + ")" : "") + "…";
  } else if (s.state === "agent") {
    el.textContent = s.agent ? "Chatting with " + s.agent : "Chatting with an agent";
  } else {
    el.textContent = "You are chatting with the bot";
  }
}

function showError(message) {
  const el = $("error");
  el.textContent = message;
  el.hidden = false;
}

const socket = io({ path: "/socket.io/", autoConnect: false });

function send(text, shown) {
  text = text.trim();
  if (!text || !sessionId) return;
  $("error").hidden = true;
  lastSent = text;
  add("user", shown || text);
  socket.emit("user_uttered", { message: text, session_id: sessionId, customData: { language: picker.value } });
}

socket.on("connect", () => {
  socket.emit("session_request", {
    session_id: stored("session"),
    customData: { bot: bot ? bot.id : undefined, language: picker.value || undefined, history: true },
  });
});
socket.on("session_confirm", (id) => {
  const confirmed = typeof id === "string" ? id : id && id.session_id;
  if (confirmed !== sessionId) {
    list.textContent = "";
    seen.clear();
  }
  sessionId = confirmed;
  store("session", sessionId);
  $("send").disabled = false;
});
// The history is the whole conversation as the server numbers it: it replaces what the page shows (the
// user's own lines were shown unnumbered, and a reconnect after a server restart must not show them twice),
// keeping only the numbered lines that came live after it.
socket.on("chat_history", (h) => {
  const messages = h.messages || [];
  const last = messages.length ? messages[messages.length - 1].seq : 0;
  const later = [...list.children].filter((li) => li.dataset.seq && Number(li.dataset.seq) > last);
  list.textContent = "";
  seen.clear();
  for (const m of messages) {
    add(m.from, m.text, {
      seq: m.seq,
      agent: m.agent,
      buttons: (m.buttons || []).map((t) => ({ title: t, payload: t })),
    });
  }
  for (const li of later) {
    seen.add(Number(li.dataset.seq));
    list.append(li);
  }
});
socket.on("bot_uttered", (m) => {
  const meta = m.metadata || {};
  add(meta.from || "bot", m.text || "", {
    seq: meta.seq,
    agent: meta.agent,
    buttons: (m.quick_replies || []).map((q) => ({ title: q.title, payload: q.payload })),
  });
});
socket.on("handoff_status", showStatus);
socket.on("error", (e) => {
  showError((e && e.message) || "The message could not be sent.");
  if (lastSent && !input.value) input.value = lastSent;
});
socket.on("disconnect", () => { $("status").textContent = "Reconnecting…"; });

$("composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = input.value;
  input.value = "";
  send(text);
});
input.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey) {
    e.preventDefault();
    $("composer").requestSubmit();
  }
});
picker.addEventListener("change", () => store("language", picker.value));

async function start() {
  $("send").disabled = true;
  let bots = [];
  try {
    bots = await (await fetch("/api/bots")).json();
  } catch (e) {
    showError("The chat cannot reach its server.");
  }
  bot = bots.find((b) => b.id === botParam) || bots[0] || null;
  if (bot) {
    $("title").textContent = "Chat";
    for (const code of bot.languages) {
      const option = document.createElement("option");
      option.value = code;
      option.textContent = LANGUAGES[code] || code;
      picker.append(option);
    }
    const chosen = stored("language") || params.get("language");
    if (chosen && bot.languages.includes(chosen)) picker.value = chosen;
    $("language-label").hidden = bot.languages.length < 2;
  }
  showStatus({ state: "bot" });
  socket.connect();
}
start();
