// Runs while the page still waits for its stylesheet and entry script (an async classic
// script in <head>): opens the browser host's IPC socket and asks the host to push the
// start's first answers on it (`first=50`: the session and each online account's first 50
// conversations; main/webhost/first-answers.ts). The handshake and the host's trip to the
// chat server then happen while the page loads, instead of after the entry has run and the
// shell has painted (bench B1, a new browser profile). Frames that arrive before the entry's
// bridge takes the socket over are kept for it, in order (src/host/early-socket.ts).
// Reads the access key exactly as src/host/web-bridge.ts does (the #k= fragment, else this
// tab's sessionStorage) but leaves storing it and cleaning the address bar to the bridge.
// Nothing in Electron (its preload already gave the page `window.parley`), without a key,
// or once the bridge has started (it claims the slot, so a late arrival opens no second socket).
/* global window */
(function (win) {
  if (win.parley || '__parleyEarlySocket' in win || typeof win.WebSocket !== 'function') return;
  var match = /^#k=([A-Za-z0-9_-]+)$/.exec(win.location.hash);
  var key = match ? match[1] : null;
  if (!key) {
    try {
      key = win.sessionStorage.getItem('parley.webhost.secret');
    } catch {
      key = null;
    }
  }
  if (!key) return;
  var scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  var url = scheme + '//' + win.location.host + '/ipc?secret=' + encodeURIComponent(key) + '&first=50';
  var early = { url: url, socket: null, frames: [], buffer: null };
  try {
    early.socket = new win.WebSocket(url);
  } catch {
    return;
  }
  early.buffer = function (event) {
    early.frames.push(event.data);
  };
  early.socket.addEventListener('message', early.buffer);
  win.__parleyEarlySocket = early;
})(window);
