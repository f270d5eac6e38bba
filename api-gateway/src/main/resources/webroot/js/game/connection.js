// One player's WebSocket to a game session: frames in, inputs and pings out, and a resume of
// the seat when the connection drops mid-game (the server keeps it for a few seconds).

const INPUT_INTERVAL_MS = 70; // at most ~14 inputs a second, well under the server's limit
const PING_INTERVAL_MS = 1000;
const RECONNECT_ATTEMPTS = 3;

export class GameConnection {
  /**
   * handlers: welcome(frame), state(frame), ping(rttMillis), ended(frame), error(frame),
   * reconnecting(attempt), failed({welcomed, code}).
   */
  constructor(wsPath, token, handlers) {
    this.url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${wsPath}?token=${encodeURIComponent(token)}`;
    this.handlers = handlers;
    this.seq = 0;
    this.welcomed = false;
    this.ended = false;
    this.closed = false;
    this.attempts = 0;
    this.direction = { dx: 0, dy: 0 };
    this.sentDirection = { dx: 0, dy: 0 };
    this.lastInputAt = 0;
    this.inputTimer = null;
  }

  open() {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('message', (event) => this.receive(JSON.parse(event.data)));
    socket.addEventListener('close', (event) => this.lost(socket, event.code));
    socket.addEventListener('open', () => {
      this.send({ type: 'ping', t: performance.now() });
      this.pinger = setInterval(() => this.send({ type: 'ping', t: performance.now() }), PING_INTERVAL_MS);
    });
  }

  receive(frame) {
    switch (frame.type) {
      case 'welcome':
        this.welcomed = true;
        this.attempts = 0;
        this.handlers.welcome(frame);
        // After a resume the server knows no direction: tell it the current one.
        this.sentDirection = { dx: 0, dy: 0 };
        this.flushInput();
        break;
      case 'state': this.handlers.state(frame); break;
      case 'pong': this.handlers.ping(Math.max(0, performance.now() - frame.t)); break;
      case 'ended':
        this.ended = true;
        this.handlers.ended(frame);
        break;
      case 'error': this.handlers.error(frame); break;
      default: break;
    }
  }

  /** The wanted direction; sent at once or, within the rate bound, as soon as allowed. */
  steer(direction) {
    this.direction = direction;
    this.flushInput();
  }

  flushInput() {
    if (this.inputTimer || !this.welcomed) return;
    const { dx, dy } = this.direction;
    if (dx === this.sentDirection.dx && dy === this.sentDirection.dy) return;
    const wait = this.lastInputAt + INPUT_INTERVAL_MS - performance.now();
    if (wait > 0) {
      this.inputTimer = setTimeout(() => { this.inputTimer = null; this.flushInput(); }, wait);
      return;
    }
    if (this.send({ type: 'input', seq: ++this.seq, dx, dy })) {
      this.sentDirection = { dx, dy };
      this.lastInputAt = performance.now();
    }
  }

  send(frame) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  lost(socket, code) {
    if (socket !== this.socket) return;
    clearInterval(this.pinger);
    clearTimeout(this.inputTimer);
    this.inputTimer = null;
    if (this.closed || this.ended) return;
    // A resume that failed (e.g. the gateway it reached is going away) is tried again, within the seat's hold.
    if ((this.welcomed || this.attempts > 0) && this.attempts < RECONNECT_ATTEMPTS) {
      this.attempts += 1;
      this.welcomed = false;
      this.handlers.reconnecting(this.attempts);
      this.retry = setTimeout(() => this.open(), 800 * this.attempts);
      return;
    }
    this.handlers.failed({ welcomed: this.attempts > 0, code });
  }

  close() {
    this.closed = true;
    clearTimeout(this.retry);
    clearInterval(this.pinger);
    clearTimeout(this.inputTimer);
    this.socket?.close(1000, 'left');
  }
}
