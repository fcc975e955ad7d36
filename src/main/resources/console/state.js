// What the console knows, as the desk said it. Messages are kept per chat by their place: the bot
// history by its seq, the live chat by its seq (two numberings, both from 1). A message seen twice
// (a chat_sync after a reconnect, an echo) replaces itself, so nothing is ever shown twice.

export class ChatState {
  constructor(summary) {
    this.summary = summary;
    this.history = new Map();
    this.live = new Map();
    this.unread = 0;
    this.slaDue = false;
    /** The messages ("h3", "l3") whose original the agent opened next to their translation. */
    this.originalsShown = new Set();
  }

  /** Keeps a message; true when it was not known before. */
  add(m) {
    const map = m.history ? this.history : this.live;
    const known = map.has(m.seq);
    map.set(m.seq, m);
    return !known;
  }

  /** The bot history, then the live chat, each in order. */
  messages() {
    const bySeq = (a, b) => a.seq - b.seq;
    return [...[...this.history.values()].sort(bySeq), ...[...this.live.values()].sort(bySeq)];
  }

  lastMessage() {
    const live = [...this.live.values()].sort((a, b) => a.seq - b.seq);
    if (live.length) return live[live.length - 1];
    const history = [...this.history.values()].sort((a, b) => a.seq - b.seq);
    return history.length ? history[history.length - 1] : null;
  }

  /** User messages after the agent's last answer: what a console that just loaded counts as unread. */
  unanswered() {
    let n = 0;
    for (const m of [...this.live.values()].sort((a, b) => a.seq - b.seq)) {
      if (m.sender === 'agent') n = 0;
      else if (m.sender === 'user') n++;
    }
    return n;
  }
}

export class ConsoleState {
  constructor() {
    this.me = null;
    this.info = { departments: [], agents: [], quickReplies: [], maxMessageSize: 4000 };
    /** chatId -> ChatSummary of the waiting chats of my departments. */
    this.waiting = new Map();
    /** chatId -> ChatState of my chats, in the order they became mine. */
    this.chats = new Map();
    this.openId = null;
  }

  /**
   * A whole chat from the desk (assigned, chat, chat_sync): its messages are merged by place. Returns the
   * live user messages that are new, for the unread count; a chat seen for the first time counts what
   * is unanswered instead.
   */
  applyView(view) {
    const id = view.chat.chatId;
    let chat = this.chats.get(id);
    const fresh = !chat;
    if (fresh) {
      chat = new ChatState(view.chat);
      this.chats.set(id, chat);
    }
    chat.summary = view.chat;
    const added = [];
    for (const m of view.messages || []) {
      if (chat.add(m) && !m.history && m.sender === 'user') added.push(m);
    }
    if (fresh) return { chat, fresh, newUserMessages: chat.unanswered() };
    return { chat, fresh, newUserMessages: added.length };
  }

  /** The queue snapshot: the waiting chats, and which chats are still mine. */
  applyQueue(snapshot) {
    this.waiting = new Map(snapshot.waiting.map((c) => [c.chatId, c]));
    const mine = new Set(snapshot.mine.map((c) => c.chatId));
    for (const id of [...this.chats.keys()]) if (!mine.has(id)) this.chats.delete(id);
    for (const summary of snapshot.mine) {
      const chat = this.chats.get(summary.chatId);
      if (chat) chat.summary = summary;
      else this.chats.set(summary.chatId, new ChatState(summary));
    }
    if (this.openId && !this.chats.has(this.openId)) this.openId = null;
  }

  applyQueueChange(change) {
    const c = change.chat;
    if (change.change !== 'removed' && c.status === 'queued') this.waiting.set(c.chatId, c);
    else this.waiting.delete(c.chatId);
    const mine = this.chats.get(c.chatId);
    if (mine && c.status === 'assigned' && this.me && c.agent === this.me.name) mine.summary = c;
  }

  remove(chatId) {
    const chat = this.chats.get(chatId);
    this.chats.delete(chatId);
    if (this.openId === chatId) this.openId = null;
    return chat;
  }

  unreadTotal() {
    let n = 0;
    for (const c of this.chats.values()) n += c.unread;
    return n;
  }

  /** Waiting chats, oldest first. */
  queue() {
    return [...this.waiting.values()].sort((a, b) => (a.queuedAt || '').localeCompare(b.queuedAt || ''));
  }

  /** The chat after (step 1) or before (step -1) the open one, wrapping round. */
  neighbour(step) {
    const ids = [...this.chats.keys()];
    if (!ids.length) return null;
    const at = ids.indexOf(this.openId);
    if (at < 0) return ids[step > 0 ? 0 : ids.length - 1];
    return ids[(at + step + ids.length) % ids.length];
  }

  /** A quick reply's text in the user's language, else English, else its first. */
  static quickText(reply, language) {
    const texts = reply.texts || {};
    return texts[language] || texts.en || Object.values(texts)[0] || '';
  }
}
