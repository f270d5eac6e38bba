// Steering: arrow keys or WASD, and an on-screen joystick (touch, pen or mouse). Reports a
// direction {dx, dy} in -1..1 whenever it changes.

const KEYS = {
  ArrowUp: [0, -1], KeyW: [0, -1], ArrowDown: [0, 1], KeyS: [0, 1],
  ArrowLeft: [-1, 0], KeyA: [-1, 0], ArrowRight: [1, 0], KeyD: [1, 0],
};

export function steering(joystick, onChange) {
  const held = new Set();
  let stick = { dx: 0, dy: 0 };
  let last = { dx: 0, dy: 0 };

  function emit() {
    let dx = stick.dx;
    let dy = stick.dy;
    if (held.size) {
      dx = 0;
      dy = 0;
      held.forEach((code) => { dx += KEYS[code][0]; dy += KEYS[code][1]; });
      dx = Math.max(-1, Math.min(1, dx));
      dy = Math.max(-1, Math.min(1, dy));
    }
    if (dx !== last.dx || dy !== last.dy) {
      last = { dx, dy };
      onChange(last);
    }
  }

  function typing(target) {
    return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  }
  function keydown(event) {
    if (!(event.code in KEYS) || typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    held.add(event.code);
    emit();
  }
  function keyup(event) {
    if (held.delete(event.code)) emit();
  }
  function blur() {
    held.clear();
    emit();
  }

  const knob = joystick.querySelector('.knob');
  let pointer = null;
  function move(event) {
    const box = joystick.getBoundingClientRect();
    const radius = box.width / 2;
    let x = (event.clientX - box.left - radius) / radius;
    let y = (event.clientY - box.top - radius) / radius;
    const length = Math.hypot(x, y);
    if (length > 1) { x /= length; y /= length; }
    // A small dead zone keeps a resting thumb from drifting the player.
    stick = length < 0.15 ? { dx: 0, dy: 0 } : { dx: Math.round(x * 100) / 100, dy: Math.round(y * 100) / 100 };
    knob.style.transform = `translate(${x * 50}%, ${y * 50}%)`;
    emit();
  }
  function release() {
    pointer = null;
    stick = { dx: 0, dy: 0 };
    knob.style.transform = '';
    emit();
  }
  joystick.addEventListener('pointerdown', (event) => {
    pointer = event.pointerId;
    joystick.setPointerCapture(pointer);
    move(event);
  });
  joystick.addEventListener('pointermove', (event) => { if (event.pointerId === pointer) move(event); });
  joystick.addEventListener('pointerup', release);
  joystick.addEventListener('pointercancel', release);

  window.addEventListener('keydown', keydown);
  window.addEventListener('keyup', keyup);
  window.addEventListener('blur', blur);
  return () => {
    window.removeEventListener('keydown', keydown);
    window.removeEventListener('keyup', keyup);
    window.removeEventListener('blur', blur);
  };
}
