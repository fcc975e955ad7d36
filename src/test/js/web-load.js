// Load generator for the bot server's Rasa socketio channel (WebUsersBenchmark starts it; it may also be
// run by hand against `handoff serve`).
// Usage: node web-load.js URL [conversations=10000] [batch=500] [seconds=20] [rates=200,1000] [--no-wait]
//
// Opens N conversations, `batch` at a time (each: websocket connect, session_request -> session_confirm),
// keeps them all open, then for each rate (messages/s in total) sends `user_uttered {message, session_id}`
// to random idle conversations for `seconds` and times each message until its first bot_uttered.
// socket.io-client 3.x under Node must use the websocket transport against netty-socketio (its polling
// asks for a base64 framing netty-socketio answers wrongly).
//
// Output: one JSON object per line on standard output: `opened`, a warm-up (`ready`, `warmup`: 10 s at
// 500 messages/s, not measured), then per rate `ready` and `steady`, then `done`. Unless --no-wait, it waits for a line on standard input after `opened` and after each `ready`
// (the Java side measures the server between phases and answers "go").
const io = require('socket.io-client');
const { monitorEventLoopDelay } = require('perf_hooks');

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const noWait = process.argv.includes('--no-wait');
const url = args[0];
const N = Number(args[1] || 10000);
const BATCH = Number(args[2] || 500);
const SECONDS = Number(args[3] || 20);
const RATES = (args[4] || '200,1000').split(',').map(Number);
const WARMUP_RATE = 500;
const MESSAGES = ['hello', 'when are you open', 'good morning', 'do you sell blue shoes', 'opening hours please'];

const out = (event, data) => process.stdout.write(JSON.stringify({ event, ...data }) + '\n');
const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

// lines from the Java side, in order
const received = [];
const waiting = [];
let input = '';
process.stdin.on('data', (chunk) => {
  input += chunk;
  let i;
  while ((i = input.indexOf('\n')) >= 0) {
    const line = input.slice(0, i);
    input = input.slice(i + 1);
    const w = waiting.shift();
    if (w) w(line);
    else received.push(line);
  }
});
const fromJava = () =>
  noWait ? Promise.resolve('go') : received.length ? Promise.resolve(received.shift()) : new Promise((r) => waiting.push(r));

function stats(values) {
  const v = Float64Array.from(values).sort();
  const at = (p) => (v.length === 0 ? null : Math.round(v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)] * 100) / 100);
  return { count: v.length, p50: at(50), p90: at(90), p99: at(99), max: at(100) };
}

const errors = { connect: 0, server: 0, disconnect: 0, unexpected: 0, unanswered: 0, busySkipped: 0 };
const serverErrors = {};
const conversations = [];
let latencies = [];
let closing = false;

function open() {
  return new Promise((resolve) => {
    const t0 = now();
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 60000 });
    const c = { socket, id: null, sentAt: 0 };
    let settled = false;
    const settle = (ok) => {
      if (settled) return;
      settled = true;
      resolve(ok ? { c, ms: now() - t0 } : null);
    };
    socket.on('connect', () => socket.emit('session_request', { session_id: null }));
    socket.on('session_confirm', (id) => {
      c.id = typeof id === 'string' ? id : id && id.session_id;
      settle(true);
    });
    socket.on('connect_error', (e) => {
      errors.connect++;
      serverErrors['connect_error: ' + (e && e.message)] = (serverErrors['connect_error: ' + (e && e.message)] || 0) + 1;
      settle(false);
    });
    socket.on('bot_uttered', () => {
      if (c.sentAt) {
        latencies.push(now() - c.sentAt);
        c.sentAt = 0;
      } else errors.unexpected++;
    });
    socket.on('error', (e) => {
      errors.server++;
      const code = (e && e.code) || String(e);
      serverErrors[code] = (serverErrors[code] || 0) + 1;
      c.sentAt = 0;
    });
    socket.on('disconnect', (reason) => {
      if (!closing) {
        errors.disconnect++;
        serverErrors['disconnect: ' + reason] = (serverErrors['disconnect: ' + reason] || 0) + 1;
      }
      settle(false);
    });
  });
}

async function steady(rate, seconds) {
  latencies = [];
  const counted = { ...errors };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const cpu0 = process.cpuUsage();
  loop.enable();
  let sent = 0;
  const start = now();
  const end = start + seconds * 1000;
  await new Promise((resolve) => {
    const tick = setInterval(() => {
      const t = now();
      const due = Math.floor((Math.min(t, end) - start) * rate / 1000);
      while (sent < due) {
        let c = null;
        for (let tries = 0; tries < 20 && !c; tries++) {
          const candidate = conversations[Math.floor(Math.random() * conversations.length)];
          if (!candidate.sentAt) c = candidate;
        }
        sent++;
        if (!c) {
          errors.busySkipped++;
          continue;
        }
        c.sentAt = now();
        c.socket.emit('user_uttered', { message: MESSAGES[sent % MESSAGES.length], session_id: c.id });
      }
      if (t >= end) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  const sendSeconds = (now() - start) / 1000;
  // the last answers
  const drainUntil = now() + 5000;
  while (conversations.some((c) => c.sentAt) && now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  const unanswered = conversations.filter((c) => c.sentAt).length;
  errors.unanswered += unanswered;
  conversations.forEach((c) => (c.sentAt = 0));
  loop.disable();
  const cpu = process.cpuUsage(cpu0);
  const delta = {};
  for (const k of Object.keys(errors)) delta[k] = errors[k] - counted[k];
  return {
    rate,
    seconds: Math.round(sendSeconds * 10) / 10,
    sent,
    achievedRate: Math.round(sent / sendSeconds),
    latencyMs: stats(latencies),
    errors: delta,
    nodeCpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 100) / 100,
    nodeEventLoopDelayMs: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
  };
}

async function main() {
  const connectMs = [];
  const t0 = now();
  for (let i = 0; i < N; i += BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(N, i + BATCH); j++) batch.push(open());
    for (const r of await Promise.all(batch)) {
      if (!r) continue;
      conversations.push(r.c);
      connectMs.push(r.ms);
    }
  }
  out('opened', {
    asked: N,
    open: conversations.length,
    batch: BATCH,
    rampSeconds: Math.round((now() - t0) / 100) / 10,
    connectMs: stats(connectMs),
    errors: { ...errors },
    serverErrors,
    nodeRssMiB: Math.round(process.memoryUsage().rss / 1048576),
  });
  if (conversations.length === 0) {
    out('done', {});
    process.exit(1);
  }
  await fromJava();
  // the JIT compiles the server's paths here, so the measured phases do not pay for it
  out('ready', { rate: WARMUP_RATE, warmup: true });
  await fromJava();
  out('warmup', await steady(WARMUP_RATE, Math.min(10, SECONDS)));
  for (const rate of RATES) {
    out('ready', { rate });
    await fromJava();
    out('steady', await steady(rate, SECONDS));
  }
  closing = true;
  out('done', { open: conversations.filter((c) => c.socket.connected).length, serverErrors });
  for (const c of conversations) c.socket.close();
  setTimeout(() => process.exit(0), 500);
}

main().catch((e) => {
  out('failed', { message: String(e && e.stack) });
  process.exit(2);
});
