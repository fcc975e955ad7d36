// A live agent on Node's socket.io 4 (the reference Socket.IO implementation), for the bot's client tests.
// Listens on 127.0.0.1, an ephemeral port, and prints "PORT <n>". On /live_agent it:
// - refuses a handshake whose auth key is "bad" (connect_error, data.code "invalid_key");
// - greets with startConversation, offering {"delivery": 1} when started with "delivery";
// - acknowledges username (delivery) with a chat id and a resume token;
// - answers every from_user with to_user "echo: <message>" (ids in delivery mode, from_user acknowledged);
// - on "drop" closes the connection's transport once (the client reconnects), on "bye" ends the chat.
// Prints each event it receives as one JSON line: {"event", "conversation", "payload", "transport"}, and
// {"event": "upgrade", "transport"} when a connection upgrades.
const { Server } = require('socket.io');
const http = require('http');

const delivery = process.argv.includes('delivery');
const server = http.createServer();
const io = new Server(server, { pingInterval: 2000, pingTimeout: 2000 });
const nextId = new Map();
const dropped = new Set();

const agents = io.of('/live_agent');
agents.use((socket, next) => {
  if (socket.handshake.auth && socket.handshake.auth.key === 'bad') {
    const err = new Error('invalid key');
    err.data = { code: 'invalid_key' };
    return next(err);
  }
  next();
});
agents.on('connection', (socket) => {
  let conversation = null;
  const log = (event, payload) =>
    console.log(JSON.stringify({ event, conversation, payload, transport: socket.conn.transport.name }));
  socket.conn.on('upgrade', (transport) => console.log(JSON.stringify({ event: 'upgrade', transport: transport.name })));
  socket.on('username', (payload, ack) => {
    conversation = payload && payload.ConversationID;
    log('username', payload);
    if (typeof ack === 'function') ack({ ok: true, chatId: 'chat-' + conversation, resume: 'token-' + conversation });
  });
  socket.on('from_user', (payload, ack) => {
    log('from_user', payload);
    if (typeof ack === 'function') ack({ ok: true, id: payload.id });
    const message = payload && payload.message;
    if (message === 'drop') {
      // once per conversation: sent again after the reconnect (its acknowledgement may be lost), it is ignored
      if (!dropped.has(conversation)) {
        dropped.add(conversation);
        socket.conn.close();
      }
      return;
    }
    if (message === 'bye') {
      socket.emit('disconnect_socket');
      return;
    }
    if (delivery) {
      const id = (nextId.get(conversation) || 0) + 1;
      nextId.set(conversation, id);
      socket.emit('to_user', { message: 'echo: ' + message, id }, () => {});
    } else {
      socket.emit('to_user', { message: 'echo: ' + message });
    }
  });
  socket.on('messages_to_client', (payload) => log('messages_to_client', payload));
  socket.emit('startConversation', delivery ? { delivery: 1 } : undefined);
  socket.emit('messages');
});

server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
