// The embeddable chat: <script src="https://BOT-SERVER/widget.js" data-bot="BOT-ID" defer></script>
// adds a launcher button and a chat panel (a frame of the bot server's chat page) to the host page.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || document.getElementById("handoff-launcher")) return;
  var origin = new URL(script.src, location.href).origin;
  var query = "?embed=1";
  if (script.dataset.bot) query += "&bot=" + encodeURIComponent(script.dataset.bot);
  if (script.dataset.language) query += "&language=" + encodeURIComponent(script.dataset.language);
  var label = script.dataset.label || "Chat with us";

  var frame = document.createElement("iframe");
  frame.id = "handoff-frame";
  frame.title = label;
  frame.src = origin + "/" + query;
  frame.hidden = true;
  var fs = frame.style;
  fs.position = "fixed"; fs.right = "16px"; fs.bottom = "76px"; fs.width = "360px"; fs.height = "520px";
  fs.maxWidth = "calc(100vw - 32px)"; fs.maxHeight = "calc(100vh - 96px)"; fs.border = "1px solid #ccc";
  fs.borderRadius = "10px"; fs.boxShadow = "0 6px 24px rgba(0,0,0,.2)"; fs.background = "#fff"; fs.zIndex = "2147483000";

  var button = document.createElement("button");
  button.id = "handoff-launcher";
  button.type = "button";
  button.textContent = label;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "handoff-frame");
  var bs = button.style;
  bs.position = "fixed"; bs.right = "16px"; bs.bottom = "16px"; bs.padding = "12px 18px"; bs.border = "0";
  bs.borderRadius = "24px"; bs.background = "#0b5563"; bs.color = "#fff"; bs.font = "600 15px system-ui, sans-serif";
  bs.cursor = "pointer"; bs.zIndex = "2147483000";
  button.addEventListener("click", function () {
    frame.hidden = !frame.hidden;
    button.setAttribute("aria-expanded", String(!frame.hidden));
    if (!frame.hidden) frame.focus();
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
