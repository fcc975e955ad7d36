// The agents' console: signs in with a name and a password (the desk sets an HttpOnly session cookie),
// then works the desk over Socket.IO on /agents, the same events as the agent terminal (README
// "The agent interface"). After a dropped connection or a reload the desk sends signed_in, queue and a
// chat_sync per chat again; messages are kept by their place (state.js), so nothing shows twice.

import { io } from './assets/socket.io.esm.min.js';
import { $, show, text } from './dom.js';
import { contactName, languages, reason } from './format.js';
import { ChatState, ConsoleState } from './state.js';
import {
  renderArchive,
  renderArchivedChat,
  renderBadges,
  renderChatList,
  renderMe,
  renderOpenChat,
  renderQueue,
  renderQuickReplies,
  renderTransferTargets,
  setActions,
  tickWaits,
  toast,
} from './views.js';
import { exportCsv, initReports, loadReport } from './reports.js';

const ARCHIVE_PAGE = 20;

const state = new ConsoleState();
let socket = null;
let view = 'queue';
/** The chat this console asked to take: when it is assigned, it opens. */
let taking = null;
/** Drafts of the composer, per chat. */
const drafts = new Map();
/** The text last sent per chat, put back if the desk refuses it. */
const lastSent = new Map();
const archive = { offset: 0, query: '', wanted: null, page: null };
const quick = { open: false, filter: '', active: 0, matches: [] };
let sound = localStorage.getItem('handoff.sound') === 'on';
/** The signed-in agent's role, from /api/session: a supervisor also has the Reports view. */
let role = 'agent';
let reportShown = false;
let audio = null;

// ------------------------------------------------------------------ sign-in and session

async function boot() {
  wire();
  let signedIn = false;
  try {
    const res = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
    signedIn = res.ok;
    if (res.ok) setRole((await res.json().catch(() => ({}))).role);
  } catch (e) {
    signedIn = false;
  }
  if (signedIn) connect();
  else showSignIn();
}

function showSignIn(message) {
  if (socket) {
    socket.off();
    socket.disconnect();
    socket = null;
  }
  show($('app'), false);
  show($('signin'), true);
  const error = $('signin-error');
  text(error, message || '');
  show(error, !!message);
  $('signin-password').value = '';
  $('signin-name').focus();
}

async function signIn(event) {
  event.preventDefault();
  const name = $('signin-name').value.trim();
  const password = $('signin-password').value;
  const error = $('signin-error');
  if (!name || !password) {
    text(error, 'Enter your name and password.');
    show(error, true);
    return;
  }
  const button = $('signin-submit');
  button.disabled = true;
  text(button, 'Signing in…');
  show(error, false);
  try {
    const res = await fetch('/api/session', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    const body = await res.json().catch(() => ({}));
    if (res.ok) {
      $('signin-password').value = '';
      setRole(body.role);
      connect();
      return;
    }
    if (res.status === 401) text(error, 'Wrong name or password.');
    else if (res.status === 429) text(error, `Too many failed sign-ins. Try again in ${body.retryAfter || res.headers.get('Retry-After') || 'a few'} s.`);
    else text(error, `The desk could not sign you in: ${body.message || res.status}.`);
  } catch (e) {
    text(error, 'The desk cannot be reached. Is it running?');
  } finally {
    button.disabled = false;
    text(button, 'Sign in');
  }
  show(error, true);
  $('signin-password').focus();
}

async function signOut() {
  if (socket) {
    socket.off(); // the desk disconnects this session's sockets: that is no news here
    socket.disconnect();
    socket = null;
  }
  try {
    await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    // the session ends on the desk's side when it can be reached; locally it ends now
  }
  state.chats.clear();
  state.waiting.clear();
  state.openId = null;
  reportShown = false;
  setRole('agent');
  showSignIn('You signed out.');
}

/** The desk closed the connection or refused it: signed out elsewhere, or the session expired? */
async function checkSession() {
  try {
    const res = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
    if (res.status === 401) {
      showSignIn('Your session ended. Sign in again.');
      return;
    }
  } catch (e) {
    // unreachable: keep trying below
  }
  banner('Connection lost. Reconnecting…');
  setTimeout(() => socket && !socket.connected && socket.connect(), 1000);
}

// ------------------------------------------------------------------ the desk connection

function connect() {
  show($('signin'), false);
  if (socket) socket.disconnect();
  socket = io('/agents', { withCredentials: true, reconnectionDelay: 500, reconnectionDelayMax: 5000 });
  socket.on('connect', () => banner(null));
  socket.on('disconnect', (why) => {
    if (why === 'io server disconnect') checkSession();
    else if (why !== 'io client disconnect') banner('Connection lost. Reconnecting…');
  });
  socket.on('connect_error', (err) => {
    if (!socket.active) checkSession();
    else banner(`Cannot reach the desk (${err.message}). Retrying…`);
  });
  socket.on('signed_in', (me) => {
    state.me = me;
    show($('app'), true);
    renderMe(state, pickerLanguages());
    renderTransferTargets(state);
    if (!$('view-' + view).hidden) return;
    setView(view);
  });
  socket.on('status', (me) => {
    state.me = me;
    renderMe(state, pickerLanguages());
  });
  socket.on('desk_info', (info) => {
    state.info = info;
    renderTransferTargets(state);
    renderMe(state, pickerLanguages());
  });
  socket.on('queue', (snapshot) => {
    state.applyQueue(snapshot);
    renderAll();
  });
  socket.on('queue_changed', (change) => {
    const wasWaiting = state.waiting.has(change.chat.chatId);
    state.applyQueueChange(change);
    if (!wasWaiting && state.waiting.has(change.chat.chatId)) notify();
    renderAll();
  });
  socket.on('assigned', (chatView) => {
    const { chat } = state.applyView(chatView);
    chat.unread = Math.max(chat.unread, chat.unanswered());
    const mineToOpen = taking === chatView.chat.chatId || (!state.openId && view === 'live');
    if (taking === chatView.chat.chatId) taking = null;
    toast(`New chat: ${contactName(chatView.chat)}`);
    notify();
    if (mineToOpen) openChat(chatView.chat.chatId);
    else renderAll();
  });
  socket.on('chat_sync', (chatView) => {
    const { chat, newUserMessages } = state.applyView(chatView);
    if (!isRead(chat)) chat.unread += newUserMessages;
    renderAll();
  });
  socket.on('chat', (chatView) => {
    const id = chatView.chat.chatId;
    if (chatView.chat.status === 'archived') {
      if (archive.wanted === id) {
        const archived = new ChatState(chatView.chat);
        for (const m of chatView.messages) archived.add(m);
        renderArchivedChat(chatView, archived);
      }
      return;
    }
    if (state.chats.has(id)) {
      state.applyView(chatView);
      renderAll();
    }
  });
  socket.on('message', (m) => {
    const chat = state.chats.get(m.chatId);
    if (!chat) return;
    const isNew = chat.add(m);
    if (!isNew) return;
    if (m.sender === 'agent') {
      chat.slaDue = false;
      lastSent.delete(m.chatId);
    }
    if (m.sender === 'user' && !isRead(chat)) {
      chat.unread++;
      notify();
    }
    renderAll();
  });
  socket.on('message_updated', (m) => {
    // a translation that came late, or a retry: the message replaces itself
    const chat = state.chats.get(m.chatId);
    if (!chat) return;
    chat.add(m);
    renderAll();
  });
  socket.on('unassigned', (closed) => {
    const chat = state.remove(closed.chatId);
    if (chat) toast(`${contactName(chat.summary)}: ${closed.reason === 'transferred' ? 'transferred' : `back in the queue (${reason(closed.reason)})`}`);
    renderAll();
  });
  socket.on('chat_archived', (closed) => {
    const chat = state.remove(closed.chatId);
    if (chat) toast(`${contactName(chat.summary)}: chat ${reason(closed.reason)}, now in the archive`);
    renderAll();
    if (view === 'archive') loadArchive();
  });
  socket.on('sla_reminder', (reminder) => {
    const chat = state.chats.get(reminder.chatId);
    if (chat) chat.slaDue = true;
    toast(`${contactName(reminder.chat)} has waited ${reminder.waitingSeconds} s for your answer`, 'warn');
    notify();
    renderAll();
  });
  socket.on('archive', (page) => {
    if ((page.query || '') !== archive.query || page.offset !== archive.offset) return; // an older search
    archive.page = page;
    renderArchive(page, openArchived);
  });
  socket.on('desk_error', (error) => {
    if (error.event === 'send') {
      const chatId = state.openId;
      if (chatId && lastSent.has(chatId) && !$('composer').value) $('composer').value = lastSent.get(chatId);
    }
    if (error.event === 'take') taking = null;
    toast(error.message || error.code, 'error');
  });
}

/** A chat counts as read while it is open in front of the agent. */
function isRead(chat) {
  return view === 'live' && state.openId === chat.summary.chatId && document.visibilityState === 'visible';
}

function emit(event, payload) {
  if (!socket || !socket.connected) {
    toast('Not connected to the desk; try again in a moment.', 'error');
    return false;
  }
  socket.emit(event, payload);
  return true;
}

function banner(message) {
  text($('banner'), message || '');
  show($('banner'), !!message);
}

// ------------------------------------------------------------------ views

/** The languages an agent may prefer: the project's, the engine's, and its own. */
function pickerLanguages() {
  const t = state.info.translation || {};
  return languages([state.me ? state.me.language : null, ...(t.languages || [])]);
}

setActions({
  retranslate: (m) => emit('retranslate', { chatId: m.chatId, seq: m.seq, history: m.history || undefined }),
  setChatLanguage: (chatId, language) => emit('set_chat_language', { chatId, language }),
});

function renderAll() {
  renderBadges(state);
  renderMe(state, pickerLanguages());
  renderQueue(state, take);
  renderChatList(state, openChat);
  renderOpenChat(state);
}

/** Shows the Reports tab to supervisors only (the desk refuses the report to anyone else anyway). */
function setRole(r) {
  role = r === 'supervisor' ? 'supervisor' : 'agent';
  show($('tab-reports'), role === 'supervisor');
  if (role !== 'supervisor' && view === 'reports') setView('queue');
}

function setView(name) {
  if (name === 'reports' && role !== 'supervisor') return;
  view = name;
  for (const v of ['queue', 'live', 'archive', 'reports']) {
    show($('view-' + v), v === name);
    const tab = $('tab-' + v);
    if (v === name) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  if (name === 'live') markRead();
  if (name === 'archive' && !archive.page) loadArchive();
  if (name === 'reports' && !reportShown) {
    reportShown = true;
    initReports();
    loadReport();
  }
  renderAll();
}

function take(chatId) {
  taking = chatId;
  emit('take', { chatId });
}

function openChat(chatId) {
  if (state.openId && state.openId !== chatId) drafts.set(state.openId, $('composer').value);
  const changed = state.openId !== chatId;
  state.openId = chatId;
  if (changed) {
    $('composer').value = drafts.get(chatId) || '';
    delete $('messages').dataset.shown;
    closeQuick();
  }
  if (view !== 'live') setView('live');
  markRead();
  renderAll();
  $('composer').focus();
}

function markRead() {
  const chat = state.chats.get(state.openId);
  if (chat) chat.unread = 0;
}

function step(direction) {
  const next = state.neighbour(direction);
  if (next) openChat(next);
}

function send() {
  const chatId = state.openId;
  const composer = $('composer');
  const message = composer.value;
  if (!chatId || !message.trim()) return;
  if (message.length > state.info.maxMessageSize) {
    toast(`The message has ${message.length} characters; the desk takes at most ${state.info.maxMessageSize}.`, 'error');
    return;
  }
  if (!emit('send', { chatId, text: message })) return;
  lastSent.set(chatId, message);
  composer.value = '';
  drafts.delete(chatId);
}

function resolve() {
  if (state.openId) emit('resolve', { chatId: state.openId });
}

function transfer() {
  const target = $('transfer-to').value;
  if (!state.openId || !target) {
    toast('Choose an agent or a department to transfer to.', 'error');
    return;
  }
  const [kind, ...rest] = target.split(':');
  const name = rest.join(':');
  emit('transfer', kind === 'agent' ? { chatId: state.openId, agent: name } : { chatId: state.openId, department: name });
  $('transfer-to').value = '';
}

// ------------------------------------------------------------------ quick replies

function updateQuick() {
  const value = $('composer').value;
  if (value.startsWith('/') && !value.includes('\n')) openQuick(value.slice(1));
  else if (quick.open && quick.fromSlash) closeQuick();
}

function openQuick(filter, fromButton = false) {
  quick.open = true;
  quick.fromSlash = !fromButton;
  if (quick.filter !== filter) quick.active = 0;
  quick.filter = filter;
  const drawn = renderQuickReplies(state, filter, quick.active, pickQuick);
  quick.matches = drawn.matches;
  quick.active = drawn.active;
  show($('quick-popup'), true);
  $('quick-button').setAttribute('aria-expanded', 'true');
  $('composer').setAttribute('aria-activedescendant', quick.matches.length ? `quick-${quick.active}` : '');
}

function closeQuick() {
  quick.open = false;
  quick.filter = '';
  quick.active = 0;
  show($('quick-popup'), false);
  $('quick-button').setAttribute('aria-expanded', 'false');
  $('composer').removeAttribute('aria-activedescendant');
}

function pickQuick(reply) {
  const chat = state.chats.get(state.openId);
  const composer = $('composer');
  composer.value = ConsoleState.quickText(reply, chat ? chat.summary.language : 'en');
  closeQuick();
  composer.focus();
  composer.setSelectionRange(composer.value.length, composer.value.length);
}

function composerKey(e) {
  if (quick.open) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = quick.matches.length || 1;
      quick.active = (quick.active + (e.key === 'ArrowDown' ? 1 : -1) + n) % n;
      openQuick(quick.filter, !quick.fromSlash);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      if (quick.matches.length) pickQuick(quick.matches[quick.active]);
      return;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      closeQuick();
      return;
    }
  }
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
    e.preventDefault();
    send();
  }
}

// ------------------------------------------------------------------ archive

function loadArchive() {
  emit('archive', { offset: archive.offset, limit: ARCHIVE_PAGE, query: archive.query || undefined });
}

function openArchived(chatId) {
  archive.wanted = chatId;
  emit('archived_chat', { chatId });
}

// ------------------------------------------------------------------ sound

function notify() {
  if (!sound) return;
  try {
    audio = audio || new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.25);
  } catch (e) {
    // no audio here: the badge and the title still say it
  }
}

function renderSound() {
  $('sound').setAttribute('aria-pressed', sound ? 'true' : 'false');
  text($('sound'), sound ? 'Sound on' : 'Sound off');
}

// ------------------------------------------------------------------ keyboard and help

function typing(target) {
  return target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
}

let helpReturn = null;

function toggleHelp(open) {
  const help = $('help');
  const visible = open === undefined ? help.hidden : open;
  if (visible) {
    helpReturn = document.activeElement;
    show(help, true);
    $('help-close').focus();
  } else {
    show(help, false);
    if (helpReturn && helpReturn.focus) helpReturn.focus();
  }
}

function globalKey(e) {
  if ($('app').hidden) return;
  if (!$('help').hidden) {
    if (e.key === 'Escape' || e.key === '?') {
      e.preventDefault();
      toggleHelp(false);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      $('help-close').focus();
    }
    return;
  }
  if (e.altKey && !e.ctrlKey && !e.metaKey) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      step(e.key === 'ArrowDown' ? 1 : -1);
      return;
    }
    if (e.code === 'KeyR') {
      e.preventDefault();
      if (view === 'live') resolve();
      return;
    }
    const views = { Digit1: 'queue', Digit2: 'live', Digit3: 'archive', Digit4: 'reports' };
    if (views[e.code]) {
      e.preventDefault();
      setView(views[e.code]);
      return;
    }
  }
  if (e.key === '?' && !typing(e.target)) {
    e.preventDefault();
    toggleHelp(true);
  }
}

// ------------------------------------------------------------------ wiring

function wire() {
  $('signin-form').addEventListener('submit', signIn);
  $('signout').addEventListener('click', signOut);
  for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => setView(tab.dataset.view));
  $('my-status').addEventListener('change', (e) => emit('status', { status: e.target.value }));
  $('my-language').addEventListener('change', (e) => emit('language', { language: e.target.value }));
  $('sound').addEventListener('click', () => {
    sound = !sound;
    localStorage.setItem('handoff.sound', sound ? 'on' : 'off');
    renderSound();
    if (sound) notify();
  });
  renderSound();
  $('help-button').addEventListener('click', () => toggleHelp(true));
  $('help-close').addEventListener('click', () => toggleHelp(false));
  $('help').addEventListener('click', (e) => {
    if (e.target === $('help')) toggleHelp(false);
  });
  $('back').addEventListener('click', () => {
    drafts.set(state.openId, $('composer').value);
    state.openId = null;
    renderAll();
  });
  $('composer-form').addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });
  $('composer').addEventListener('keydown', composerKey);
  $('composer').addEventListener('input', updateQuick);
  $('composer').addEventListener('blur', () => setTimeout(() => document.activeElement !== $('composer') && closeQuick(), 150));
  $('quick-button').addEventListener('click', () => {
    if (quick.open) closeQuick();
    else {
      openQuick('', true);
      $('composer').focus();
    }
  });
  $('resolve').addEventListener('click', resolve);
  $('transfer').addEventListener('click', transfer);
  $('subject-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (state.openId) emit('subject', { chatId: state.openId, subject: $('subject').value });
  });
  $('archive-form').addEventListener('submit', (e) => {
    e.preventDefault();
    archive.query = $('archive-query').value.trim();
    archive.offset = 0;
    loadArchive();
  });
  $('archive-prev').addEventListener('click', () => {
    archive.offset = Math.max(0, archive.offset - ARCHIVE_PAGE);
    loadArchive();
  });
  $('archive-next').addEventListener('click', () => {
    archive.offset += ARCHIVE_PAGE;
    loadArchive();
  });
  $('report-form').addEventListener('submit', (e) => {
    e.preventDefault();
    loadReport();
  });
  $('report-export').addEventListener('click', exportCsv);
  $('archived-close').addEventListener('click', () => {
    archive.wanted = null;
    show($('archived-chat'), false);
  });
  document.addEventListener('keydown', globalKey);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && view === 'live') {
      markRead();
      renderAll();
    }
  });
  setInterval(tickWaits, 1000);
}

boot();
