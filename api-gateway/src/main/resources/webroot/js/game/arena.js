// The canvas arena: draws the 20 Hz state smoothly by interpolating between the two frames
// around a render time kept about one tick behind the newest frame.

const PLAYER_RADIUS = 16;
const ITEM_RADIUS = 8;
const PALETTE = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#dc2626', '#0891b2', '#65a30d'];

/** A stable colour per player id. */
export function colourOf(id) {
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length];
}

export class Arena {
  constructor(canvas, { width, height }, playerId, tickRateHz) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.width = width;
    this.height = height;
    this.playerId = playerId;
    this.tickMillis = 1000 / tickRateHz;
    this.frames = [];
    this.offset = null;
    this.running = true;
    this.draw = this.draw.bind(this);
    requestAnimationFrame(this.draw);
  }

  /** Adds a state frame; its server time is its tick, mapped to local time by the smallest delay seen. */
  push(state) {
    const now = performance.now();
    const serverTime = state.tick * this.tickMillis;
    const sample = now - serverTime;
    // The fastest frame sets the offset; it creeps up slowly so a lasting change in delay is followed.
    this.offset = this.offset === null || sample < this.offset ? sample : this.offset + (sample - this.offset) * 0.01;
    this.frames.push({ time: serverTime, players: state.players, items: state.items });
    if (this.frames.length > 10) this.frames.shift();
  }

  /** Stops the animation, leaving the last state drawn. */
  stop() {
    if (this.running) {
      this.running = false;
      this.render();
    }
  }

  /** The players at render time: positions interpolated between the two frames around it. */
  interpolated() {
    const frames = this.frames;
    if (!frames.length) return { players: [], items: [] };
    const renderTime = performance.now() - this.offset - this.tickMillis;
    let before = frames[0];
    let after = frames[0];
    for (let i = 0; i < frames.length; i++) {
      if (frames[i].time <= renderTime) before = frames[i];
      if (frames[i].time >= renderTime) { after = frames[i]; break; }
      after = frames[i];
    }
    const span = after.time - before.time;
    const alpha = span > 0 ? Math.min(1, Math.max(0, (renderTime - before.time) / span)) : 1;
    const previous = new Map(before.players.map((p) => [p.id, p]));
    const players = after.players.map((p) => {
      const from = previous.get(p.id) || p;
      return { ...p, x: from.x + (p.x - from.x) * alpha, y: from.y + (p.y - from.y) * alpha };
    });
    return { players, items: after.items };
  }

  resize() {
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = this.canvas.clientWidth;
    const cssHeight = cssWidth * (this.height / this.width);
    const w = Math.round(cssWidth * ratio);
    const hgt = Math.round(cssHeight * ratio);
    if (this.canvas.width !== w || this.canvas.height !== hgt) {
      this.canvas.width = w;
      this.canvas.height = hgt;
    }
    return this.canvas.width / this.width;
  }

  draw() {
    if (!this.running) return;
    this.render();
    requestAnimationFrame(this.draw);
  }

  render() {
    const scale = this.resize();
    const g = this.ctx;
    g.setTransform(scale, 0, 0, scale, 0, 0);
    g.fillStyle = '#f8fafc';
    g.fillRect(0, 0, this.width, this.height);
    g.strokeStyle = '#e2e8f0';
    g.lineWidth = 1;
    for (let x = 50; x < this.width; x += 50) line(g, x, 0, x, this.height);
    for (let y = 50; y < this.height; y += 50) line(g, 0, y, this.width, y);
    const { players, items } = this.interpolated();
    for (const item of items) {
      g.fillStyle = '#f59e0b';
      g.beginPath();
      g.moveTo(item.x, item.y - ITEM_RADIUS - 2);
      g.lineTo(item.x + ITEM_RADIUS + 2, item.y);
      g.lineTo(item.x, item.y + ITEM_RADIUS + 2);
      g.lineTo(item.x - ITEM_RADIUS - 2, item.y);
      g.closePath();
      g.fill();
    }
    for (const p of players) {
      const me = p.id === this.playerId;
      g.globalAlpha = p.away ? 0.35 : 1;
      if (me) {
        g.fillStyle = 'rgba(67, 56, 202, 0.18)';
        g.beginPath();
        g.arc(p.x, p.y, PLAYER_RADIUS + 9, 0, Math.PI * 2);
        g.fill();
      }
      g.fillStyle = colourOf(p.id);
      g.beginPath();
      g.arc(p.x, p.y, PLAYER_RADIUS, 0, Math.PI * 2);
      g.fill();
      g.lineWidth = me ? 4 : 2;
      g.strokeStyle = me ? '#1e1b4b' : '#ffffff';
      g.stroke();
      // Names stay readable on a small canvas (at least 12 CSS pixels) and inside the field.
      const size = Math.max(14, (12 * (window.devicePixelRatio || 1)) / scale);
      g.font = `600 ${size}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
      g.textAlign = 'center';
      g.fillStyle = '#0f172a';
      const label = me ? `${p.name} (you)` : p.name;
      const half = g.measureText(label).width / 2;
      g.fillText(label, Math.min(Math.max(p.x, half + 2), this.width - half - 2), Math.max(p.y - PLAYER_RADIUS - 8, size));
      g.globalAlpha = 1;
    }
  }
}

function line(g, x1, y1, x2, y2) {
  g.beginPath();
  g.moveTo(x1, y1);
  g.lineTo(x2, y2);
  g.stroke();
}
