// Runs the seed's live-agent JavaScript snippet (seed/000: "Live Chats") against a desk, under Node.
// Usage: node seed-client.js DESK_URL CONVERSATION_ID BOT_ID
// The snippet below is the seed's, unchanged but for: the server URL (the desk's), the websocket
// transport (Node's socket.io-client 3.x polling asks for a base64 framing netty-socketio answers
// wrongly), and `require` instead of a <script> tag. What happens is printed as JSON lines on
// standard output for the Java test to read; the harness sends one user message after the agent's
// first message, as a user typing would, through the snippet's own "Sending a message" block.
const io = require('socket.io-client');

const [deskUrl, ConversationID, BotID] = process.argv.slice(2);
const out = (event, data) => process.stdout.write(JSON.stringify({ event, ...data }) + '\n');
let answered = false;

function setBotResponse(text) {
  out('to_user', { message: text });
  if (!answered) {
    answered = true;
    sendUserMessage('Thanks, from the seed client');
  }
}

// ---- the seed's snippet -------------------------------------------------------------------
// SOCKET IO initialisation !
const socket = io.connect(deskUrl + '/live_agent', { autoConnect: false, transports: ['websocket'] });

// first time connecting to the main socket !
socket.on('startConversation', function () {
  out('startConversation', {});
  socket.emit('username', {
    "ConversationID": ConversationID,
    "BotID": BotID
  });
});

// receiving a message !
socket.on('to_user', function (data) {
  let text = data.message;
  setBotResponse(text);
});

// send messages to clients !
socket.on('messages', function (data) {
  let messages = [];
  // populate messages variable with user-bot conversation !
  messages.push({ 'sender': 'user', 'message': 'Can I speak to a person?' });
  messages.push({ 'sender': 'bot', 'message': 'Sure, connecting you to an agent.' });
  out('messages', {});
  socket.emit('messages_to_client', {
    "messages": messages,
    "bot_id": BotID
  });
});

// disconnecting socket !
socket.on('disconnect_socket', function (data) {
  out('disconnect_socket', {});
  socket.disconnect();
});

function sendUserMessage(message) {
  // Sending a message
  if (socket.connected) {
    // Send a message to socket
    socket.emit('from_user', {
      "message": message,
      "ConversationID": ConversationID,
      "BotID": BotID
    });
  } else {
    // Send a message bot
    out('to_bot', { message });
  }
}
// ---- end of the seed's snippet ---------------------------------------------------------------

socket.on('connect_error', (err) => { out('connect_error', { message: String(err && err.message) }); process.exit(3); });
socket.on('disconnect', (reason) => { out('disconnected', { reason }); process.exit(0); });
setTimeout(() => { out('timeout', {}); process.exit(4); }, 60000).unref();
socket.connect();
