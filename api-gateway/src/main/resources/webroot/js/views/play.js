// Play: quick-match into a session, then the live arena, scoreboard, ping and the result.
import { h, replace, problemBox, announce } from '../dom.js';
import { api, ApiError } from '../api.js';
import { session } from '../session.js';
import { Arena, colourOf } from '../game/arena.js';
import { GameConnection } from '../game/connection.js';
import { steering } from '../game/input.js';

const ENDINGS = {
  'time-up': ['Time is up', 'The match is over. Here is how everyone did.'],
  empty: ['The game ended', 'Everyone else left, so the game was closed.'],
  'server-draining': ['This game server is shutting down',
    'The server began shutting down for maintenance before your match started. Match again: you will be placed on another server.'],
  'server-shutdown': ['The server stopped this match',
    'The game server had to shut down and cut the match short. Sorry about that. Match again to keep playing.'],
};

export function mount(main) {
  const stage = h('div', { class: 'stage' });
  main.append(h('section', { class: 'page' },
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, 'Play'),
      h('p', { class: 'lead' }, 'Quick-match into an arena with other players and collect the gold diamonds before time runs out.')),
    stage));
  let game = null;

  function lobby(extra) {
    game?.stop();
    game = null;
    const button = h('button', { type: 'button', class: 'button large', onclick: match }, 'Quick match');
    const status = h('div', { class: 'form-status' });
    replace(stage, h('div', { class: 'card lobby' },
      h('h2', {}, 'Ready to play?'),
      h('p', {}, 'Move with the arrow keys or W A S D, or drag the on-screen stick. A match starts as soon as a second player joins.'),
      extra, status, h('div', { class: 'actions' }, button)));

    async function match() {
      button.disabled = true;
      button.textContent = 'Finding a game…';
      replace(status);
      try {
        const { body } = await api('/api/games/quick-match', { method: 'POST', auth: true });
        game = startGame(stage, body, lobby);
      } catch (error) {
        button.disabled = false;
        button.textContent = 'Quick match';
        replace(status, problemBox(error, { heading: error.status === 503 ? 'Games are temporarily unavailable' : undefined }));
        announce(error.status === 503 ? 'Games are temporarily unavailable' : error.title);
      }
    }
  }

  lobby();
  return { title: 'Play', unmount: () => game?.stop() };
}

function startGame(stage, match, backToLobby) {
  const user = session();
  const canvas = h('canvas', {
    class: 'arena', tabindex: '0', role: 'img',
    'aria-label': 'Game arena. Use the arrow keys or W A S D to move; positions are listed in the scoreboard.',
  });
  const phase = h('p', { class: 'phase', 'data-testid': 'phase' }, 'Connecting…');
  const ping = h('span', { class: 'ping', 'data-testid': 'ping', title: 'Round trip to the game server' }, 'Ping –');
  const scoreRows = h('tbody');
  const joystick = h('div', { class: 'joystick', role: 'img', 'aria-label': 'Touch joystick: drag to move' }, h('span', { class: 'knob' }));
  const notices = h('div', { class: 'notices' });
  const leave = h('button', { type: 'button', class: 'button small ghost leave', onclick: () => { stop(); backToLobby(); } }, 'Leave game');
  const panel = h('div', { class: 'game', dataset: { sessionId: match.id, phase: 'connecting' } },
    h('div', { class: 'game-bar card' }, phase, h('div', { class: 'game-bar-end' }, ping, leave)),
    notices,
    h('div', { class: 'game-main' },
      h('div', { class: 'arena-wrap card' }, canvas),
      h('aside', { class: 'side card', 'aria-labelledby': 'score-heading' },
        h('h2', { id: 'score-heading' }, 'Scoreboard'),
        h('table', { class: 'scores', 'data-testid': 'scoreboard' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Player'), h('th', { scope: 'col', class: 'num' }, 'Score'))),
          scoreRows),
        h('div', { class: 'stick-area' }, joystick, h('p', { class: 'muted small' }, 'Drag the stick to move')))));
  replace(stage, panel);

  let arena = null;
  let lastScores = '';
  let lastPhase = '';
  const connection = new GameConnection(match.wsPath, user.token, {
    welcome(frame) {
      panel.dataset.playerId = frame.playerId;
      arena?.stop();
      arena = new Arena(canvas, frame.arena, frame.playerId, frame.tickRateHz);
      replace(notices);
      canvas.focus({ preventScroll: true });
      if (frame.resumed) announce('Reconnected: you are back in the game.');
    },
    state(frame) {
      arena?.push(frame);
      showPhase(frame);
      showScores(frame.players);
    },
    ping(rtt) {
      const ms = Math.round(rtt);
      ping.textContent = `Ping ${ms} ms`;
      ping.dataset.quality = ms < 80 ? 'good' : ms < 200 ? 'fair' : 'poor';
    },
    ended(frame) {
      panel.dataset.phase = 'ended';
      phase.textContent = 'Game over';
      arena?.stop();
      stopInput();
      showResult(frame);
    },
    error(frame) {
      if (frame.code !== 'rate-limited') replace(notices, h('div', { class: 'alert alert-warn', role: 'status' }, h('p', {}, frame.message)));
    },
    reconnecting(attempt) {
      panel.dataset.phase = 'reconnecting';
      replace(notices, h('div', { class: 'alert alert-warn', role: 'status' }, h('p', {}, `Connection lost. Reconnecting (attempt ${attempt})…`)));
    },
    async failed() {
      stop();
      const explanation = await explainFailure(match.id);
      backToLobby(problemBox(explanation, { heading: explanation.status === 503 ? 'Games are temporarily unavailable' : 'Could not stay in the game' }));
    },
  });
  const stopInput = steering(joystick, (direction) => connection.steer(direction));
  connection.open();

  function showPhase(frame) {
    panel.dataset.phase = frame.phase;
    const text = frame.phase === 'running'
      ? `Match running · ${formatSeconds(frame.remainingSeconds)} left`
      : 'Waiting for another player to join…';
    if (phase.textContent !== text) phase.textContent = text;
    if (frame.phase !== lastPhase) {
      lastPhase = frame.phase;
      announce(frame.phase === 'running' ? 'The match has started.' : 'Waiting for another player.');
    }
  }

  // Rows are kept per player and updated in place; positions are exposed as data attributes.
  function showScores(players) {
    const ranked = [...players].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    const key = ranked.map((p) => `${p.id}:${p.score}:${p.away ? 1 : 0}`).join(',');
    if (key !== lastScores) {
      lastScores = key;
      replace(scoreRows, ranked.map((p) => h('tr', { class: p.id === panel.dataset.playerId ? 'me' : null, dataset: { playerId: p.id } },
        h('td', {}, h('span', { class: 'dot', style: `background:${colourOf(p.id)}`, 'aria-hidden': 'true' }),
          p.name, p.id === panel.dataset.playerId ? h('span', { class: 'you' }, ' (you)') : null,
          p.away ? h('span', { class: 'muted small' }, ' · away') : null),
        h('td', { class: 'num' }, String(p.score)))));
    }
    for (const p of players) {
      const row = scoreRows.querySelector(`tr[data-player-id="${CSS.escape(p.id)}"]`);
      if (row) {
        row.dataset.x = String(p.x);
        row.dataset.y = String(p.y);
      }
    }
  }

  function showResult(frame) {
    const [title, text] = ENDINGS[frame.reason] ?? ['The game ended', `Reason: ${frame.reason}.`];
    const mine = frame.scores.find((s) => s.id === panel.dataset.playerId);
    // Equal scores share a place.
    const place = mine ? 1 + frame.scores.filter((s) => s.score > mine.score).length : 0;
    const cut = frame.reason === 'server-draining' || frame.reason === 'server-shutdown';
    const again = h('button', { type: 'button', class: 'button', onclick: () => { stop(); backToLobby(); } }, 'Play again');
    const result = h('section', { class: `card result ${cut ? 'result-warn' : ''}`, role: 'alert', 'aria-labelledby': 'result-heading', 'data-testid': 'result', dataset: { reason: frame.reason } },
      h('h2', { id: 'result-heading', tabindex: '-1' }, title),
      h('p', {}, text),
      !cut && place ? h('p', { class: 'placing' }, `You finished ${ordinal(place)} of ${frame.scores.length}.`) : null,
      frame.scores.length && frame.reason !== 'server-draining' ? h('ol', { class: 'final-scores' }, frame.scores.map((s) => h('li', { class: s.id === panel.dataset.playerId ? 'me' : null },
        h('span', {}, s.name), h('span', { class: 'num' }, `${s.score} point${s.score === 1 ? '' : 's'}`)))) : null,
      h('div', { class: 'actions' }, again));
    replace(notices, result);
    result.querySelector('h2').focus();
  }

  function stop() {
    connection.close();
    arena?.stop();
    stopInput();
  }
  return { stop };
}

// The browser hides why a WebSocket was refused; the session's own resource says it as a problem.
async function explainFailure(id) {
  try {
    const { body } = await api(`/api/games/${encodeURIComponent(id)}`);
    return new ApiError(409, { title: 'Disconnected', detail: body.state === 'ended' ? 'The game has ended.' : 'The connection to the game was lost. Match again to keep playing.' });
  } catch (error) {
    return error;
  }
}

function formatSeconds(total = 0) {
  const s = Math.max(0, Math.round(total));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function ordinal(n) {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
