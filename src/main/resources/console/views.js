// Drawing the views from the state. Nothing here talks to the desk; every text is a text node (dom.js).

import { $, fill, h, show, text } from './dom.js';
import { clock, contactName, dateTime, duration, languageName, reason } from './format.js';
import { ConsoleState } from './state.js';

/** What the views may ask of the desk: set by the app (they talk to the desk, the views do not). */
let actions = { retranslate() {}, setChatLanguage() {} };

export function setActions(a) {
  actions = a;
}

/** The engine's directed pairs as "source→target" keys, from desk_info's translation. */
function translatedPairs(state) {
  const t = state.info.translation || {};
  return new Set((t.pairs || []).map((p) => `${p[0]}→${p[1]}`));
}

/** The header: who I am, my status and language (marked where the engine cannot translate the open chat's). */
export function renderMe(state, languageCodes) {
  const me = state.me;
  if (!me) return;
  text($('my-name'), me.name);
  $('my-dot').className = `dot ${me.status}`;
  $('my-dot').setAttribute('title', me.status);
  $('my-status').value = me.status === 'away' ? 'away' : 'online';
  const select = $('my-language');
  if (document.activeElement === select) return; // the agent is choosing: not redrawn under its hands
  const open = state.chats.get(state.openId);
  const from = open ? open.summary.language : null;
  const pairs = translatedPairs(state);
  fill(
    select,
    languageCodes.map((code) => {
      const untranslated = from && code !== from && !pairs.has(`${from}→${code}`);
      return h(
        'option',
        { value: code, dataset: untranslated ? { untranslated: '1' } : {} },
        untranslated ? `${languageName(code)} — not translated from ${languageName(from)}` : languageName(code),
      );
    }),
  );
  select.value = me.language;
}

/** The tab badges and the page title: waiting chats, unread messages. */
export function renderBadges(state) {
  const waiting = state.waiting.size;
  const unread = state.unreadTotal();
  text($('badge-queue'), waiting);
  show($('badge-queue'), waiting > 0);
  text($('badge-live'), unread || state.chats.size);
  show($('badge-live'), state.chats.size > 0);
  $('badge-live').classList.toggle('unread', unread > 0);
  document.title = unread > 0 ? `(${unread}) Live Chats · handoff` : "handoff · Agents' console";
}

/** Queue: the waiting chats of my departments, oldest first, with a live wait time. */
export function renderQueue(state, onTake) {
  const rows = state.queue().map((c) =>
    h(
      'tr',
      { dataset: { chatId: c.chatId } },
      h('td', {}, h('span', { className: 'contact-name' }, contactName(c)), c.userConnected ? null : h('span', { className: 'tag gone' }, 'gone')),
      h('td', {}, c.department || ''),
      h('td', {}, languageName(c.language)),
      h('td', { className: 'wait', dataset: { since: c.queuedAt || c.createdAt || '' } }, since(c.queuedAt || c.createdAt)),
      h('td', {}, h('button', { type: 'button', className: 'take primary', onclick: () => onTake(c.chatId) }, 'Take')),
    ),
  );
  fill($('queue-rows'), rows);
  show($('queue-empty'), rows.length === 0);
}

function since(iso) {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : duration(Date.now() - t);
}

/** Refreshes every live wait time (once a second). */
export function tickWaits() {
  for (const cell of document.querySelectorAll('.wait[data-since]')) text(cell, since(cell.dataset.since));
}

/** Live Chats: my chats with unread counts and last message. */
export function renderChatList(state, onOpen) {
  const items = [...state.chats.values()].map((chat) => {
    const s = chat.summary;
    const last = chat.lastMessage();
    const open = s.chatId === state.openId;
    return h(
      'li',
      { className: `chat-item${open ? ' open' : ''}${chat.slaDue ? ' sla' : ''}` },
      h(
        'button',
        { type: 'button', 'aria-current': open ? 'true' : null, onclick: () => onOpen(s.chatId), dataset: { chatId: s.chatId } },
        h(
          'span',
          { className: 'line1' },
          h('span', { className: 'contact-name' }, contactName(s)),
          s.userConnected ? null : h('span', { className: 'tag gone' }, 'gone'),
          chat.slaDue ? h('span', { className: 'tag sla' }, 'reply due') : null,
          chat.unread > 0 ? h('span', { className: 'unread', 'aria-label': `${chat.unread} unread` }, chat.unread) : null,
        ),
        h('span', { className: 'line2' }, last ? `${who(s, last)}: ${last.text}` : s.department || ''),
      ),
    );
  });
  fill($('chat-list'), items);
  show($('chats-empty'), items.length === 0);
}

/** Who wrote a message, as a reader calls them. */
function who(summary, m) {
  switch (m.sender) {
    case 'user':
      return contactName(summary);
    case 'bot':
      return 'Bot';
    case 'agent':
      return m.author || 'Agent';
    case 'desk':
      return 'Desk (auto-reply)';
    default:
      return m.sender || '';
  }
}

/** The messages of a chat: the bot history marked as before the handoff, then the live chat. */
export function renderMessages(list, chat) {
  const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const messages = chat.messages();
  const items = [];
  const history = messages.filter((m) => m.history);
  if (history.length) items.push(h('li', { className: 'divider' }, 'Before the handoff: the conversation with the bot'));
  let liveStarted = false;
  for (const m of messages) {
    if (!m.history && !liveStarted) {
      liveStarted = true;
      if (history.length) items.push(h('li', { className: 'divider' }, 'Live chat'));
    }
    items.push(
      h(
        'li',
        { className: `msg msg-${m.sender}${m.history ? ' history' : ''}`, dataset: { seq: `${m.history ? 'h' : 'l'}${m.seq}` } },
        h('div', { className: 'meta' }, h('span', { className: 'who' }, who(chat.summary, m)), ' ', h('time', { datetime: m.at }, clock(m.at))),
        messageBody(chat, m),
      ),
    );
  }
  fill(list, items);
  if (stick || !list.dataset.shown) list.scrollTop = list.scrollHeight;
  list.dataset.shown = '1';
}

/**
 * A message's text with its translation: a user's or the bot's translated one shows the translation, the engine,
 * and the original one click away (its toggle remembered per message); a failed one shows the original with
 * "Not translated (reason) — Retry"; an agent's shows what the user was sent, or that it went as written.
 */
function messageBody(chat, m) {
  const t = m.translation;
  const original = h('p', { className: 'text', lang: m.language || null }, m.text);
  if (!t) return [original];
  const userSide = m.sender === 'user' || m.sender === 'bot';
  const failed = !!t.error || t.text === null || t.text === undefined;
  if (userSide && !failed) {
    const key = `${m.history ? 'h' : 'l'}${m.seq}`;
    const open = chat.originalsShown.has(key);
    original.hidden = !open;
    original.classList.add('original');
    const toggle = h('button', { type: 'button', className: 'link toggle-original', 'aria-expanded': String(open) }, open ? 'Hide original' : 'Show original');
    toggle.addEventListener('click', () => {
      const nowOpen = !chat.originalsShown.has(key);
      if (nowOpen) chat.originalsShown.add(key);
      else chat.originalsShown.delete(key);
      original.hidden = !nowOpen;
      toggle.setAttribute('aria-expanded', String(nowOpen));
      text(toggle, nowOpen ? 'Hide original' : 'Show original');
    });
    return [
      h('p', { className: 'translation', lang: t.language || null }, t.text),
      h('p', { className: 'translated-by' }, `translated by ${t.engine || 'unknown'} · `, toggle),
      original,
    ];
  }
  if (userSide) {
    return [
      original,
      h(
        'p',
        { className: 'not-translated' },
        `Not translated (${t.error || 'unknown'}) — `,
        h('button', { type: 'button', className: 'link retry', onclick: () => actions.retranslate(m) }, 'Retry'),
      ),
    ];
  }
  if (m.sender === 'agent' && failed) {
    return [original, h('p', { className: 'sent not-translated' }, `Not translated: sent as written (${t.error || 'unknown'})`)];
  }
  if (m.sender === 'agent') {
    return [
      original,
      h(
        'p',
        { className: 'sent' },
        `Sent to the user in ${languageName(t.language)}, translated by ${t.engine || 'unknown'}: `,
        h('span', { className: 'sent-text', lang: t.language || null }, t.text),
      ),
    ];
  }
  return [original];
}

/** The user's language of the open chat, changeable: the engine's languages and the project's. */
function chatLanguagePicker(s, codes) {
  const select = h(
    'select',
    { id: 'chat-language', 'aria-label': "The user's language" },
    codes.map((code) => h('option', { value: code }, languageName(code))),
  );
  if (!s.language) select.prepend(h('option', { value: '' }, 'unknown'));
  select.value = s.language || '';
  select.addEventListener('change', () => {
    if (select.value) actions.setChatLanguage(s.chatId, select.value);
  });
  return select;
}

/**
 * The contact panel: name, email, phone, language, department, subject, connected or gone. With {@code
 * languageCodes}, the language is a picker (the open chat's; an archived chat's is read only).
 */
export function renderContact(dl, s, languageCodes) {
  const c = s.contact || {};
  const rows = [
    ['Name', c.name || '—'],
    ['Email', c.email || '—'],
    ['Phone', c.phone || '—'],
    ['Language', languageName(s.language)],
    ['Department', s.department || '—'],
    ['Subject', s.subject || '—'],
    ['User', s.status === 'archived' ? 'chat archived' : s.userConnected ? 'connected' : 'gone'],
    ['Conversation', s.conversationId || '—'],
  ];
  fill(
    dl,
    rows.map(([k, v]) => [
      h('dt', {}, k),
      k === 'Language' && languageCodes
        ? h('dd', {}, chatLanguagePicker(s, languageCodes))
        : h('dd', { className: k === 'User' ? `presence ${v}` : null }, v),
    ]),
  );
}

/** The open chat: title, presence, contact panel, messages, subject (unless the agent is editing it). */
export function renderOpenChat(state) {
  const chat = state.chats.get(state.openId);
  show($('no-chat'), !chat);
  show($('chat-open'), !!chat);
  $('view-live').classList.toggle('has-open', !!chat);
  if (!chat) return;
  const s = chat.summary;
  text($('chat-title'), contactName(s));
  text($('chat-presence'), s.userConnected ? 'connected' : 'gone');
  $('chat-presence').className = `presence ${s.userConnected ? 'connected' : 'gone'}`;
  if (document.activeElement !== $('chat-language')) renderContact($('contact-details'), s, chatLanguages(state, s));
  if (document.activeElement !== $('subject')) $('subject').value = s.subject || '';
  renderMessages($('messages'), chat);
}

/** The languages a chat's user may be said to write: the project's, the engine's, and the chat's own. */
function chatLanguages(state, s) {
  const t = state.info.translation || {};
  const codes = new Set(['en', 'zu', 'xh', 'st', 'tn', 'nso', 'af', ...(t.languages || [])]);
  if (s.language) codes.add(s.language);
  return [...codes];
}

/** The transfer targets: the desk's departments and the other agents. */
export function renderTransferTargets(state) {
  const select = $('transfer-to');
  const me = state.me ? state.me.name : null;
  fill(
    select,
    h('option', { value: '' }, 'Transfer to…'),
    h('optgroup', { label: 'Departments' }, state.info.departments.map((d) => h('option', { value: `department:${d}` }, d))),
    h(
      'optgroup',
      { label: 'Agents' },
      state.info.agents.filter((a) => a.name !== me).map((a) => h('option', { value: `agent:${a.name}` }, a.name)),
    ),
  );
}

/** The quick replies that match the filter, each in the user's language. */
export function renderQuickReplies(state, filter, active, onPick) {
  const chat = state.chats.get(state.openId);
  const language = chat ? chat.summary.language : 'en';
  const f = filter.toLowerCase();
  const matches = state.info.quickReplies.filter((r) => {
    const t = ConsoleState.quickText(r, language).toLowerCase();
    return !f || r.id.toLowerCase().includes(f) || t.includes(f);
  });
  const list = $('quick-popup');
  const at = Math.min(Math.max(active, 0), Math.max(matches.length - 1, 0));
  fill(
    list,
    matches.length
      ? matches.map((r, i) =>
          h(
            'li',
            {
              role: 'option',
              id: `quick-${i}`,
              'aria-selected': i === at ? 'true' : 'false',
              className: i === at ? 'active' : null,
              onmousedown: (e) => e.preventDefault(),
              onclick: () => onPick(r),
            },
            h('span', { className: 'quick-id' }, r.id),
            h('span', { className: 'quick-text' }, ConsoleState.quickText(r, language)),
          ),
        )
      : h('li', { className: 'none', role: 'option', 'aria-disabled': 'true' }, 'No quick reply matches.'),
  );
  return { matches, active: at };
}

/** Archive: one page of archived chats. */
export function renderArchive(page, onOpen) {
  const rows = page.chats.map((c) =>
    h(
      'tr',
      {},
      h('td', {}, dateTime(c.archivedAt)),
      h('td', {}, h('button', { type: 'button', className: 'link', onclick: () => onOpen(c.chatId), dataset: { chatId: c.chatId } }, contactName(c))),
      h('td', {}, c.department || ''),
      h('td', { className: 'mono' }, c.conversationId || ''),
      h('td', {}, reason(c.archiveReason)),
    ),
  );
  fill($('archive-rows'), rows);
  show($('archive-empty'), rows.length === 0);
  const from = page.chats.length ? page.offset + 1 : 0;
  text($('archive-range'), page.chats.length ? `${from}–${page.offset + page.chats.length}` : '');
  $('archive-prev').disabled = page.offset === 0;
  $('archive-next').disabled = page.chats.length < page.limit;
}

/** An archived chat, read-only. */
export function renderArchivedChat(view, chatState) {
  show($('archived-chat'), true);
  text($('archived-title'), contactName(view.chat));
  renderContact($('archived-details'), view.chat);
  const list = $('archived-messages');
  delete list.dataset.shown;
  renderMessages(list, chatState);
}

/** A short note at the corner; errors stay a little longer. */
export function toast(message, kind = 'info') {
  const el = h('div', { className: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  $('toasts').append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 8000 : 5000);
}
