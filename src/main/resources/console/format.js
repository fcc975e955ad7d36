// Times, durations and names as the console shows them.

const LANGUAGES = {
  en: 'English',
  zu: 'isiZulu',
  xh: 'isiXhosa',
  st: 'Sesotho',
  tn: 'Setswana',
  nso: 'Sepedi',
  af: 'Afrikaans',
};

/** The languages an agent may prefer: the project's, plus any other code the desk mentions. */
export function languages(extra = []) {
  const codes = new Set([...Object.keys(LANGUAGES), ...extra.filter((c) => typeof c === 'string' && c)]);
  return [...codes];
}

export function languageName(code) {
  if (!code) return 'unknown';
  return LANGUAGES[code] ? `${LANGUAGES[code]} (${code})` : code;
}

function two(n) {
  return String(n).padStart(2, '0');
}

/** 14:05, in the browser's time zone. */
export function clock(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** 2024-05-01 14:05. */
export function dateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clock(iso)}`;
}

/** 0:42, 12:05, 1:02:03. */
export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
}

/** What to call the user of a chat. */
export function contactName(chat) {
  const c = (chat && chat.contact) || {};
  return c.name || c.email || c.phone || 'Unknown user';
}

const REASONS = {
  resolved: 'resolved',
  user_disconnected: 'user left',
  idle: 'idle',
  transferred: 'transferred',
  agent_offline: 'agent offline',
};

export function reason(code) {
  return REASONS[code] || code || '';
}
