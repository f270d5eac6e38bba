// Play: two guests in two browser contexts quick-match into one game and see each other move.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, newPage, screenshot, signInAsGuest, until } from './support.js';

// The stack's GAME_MATCH_SECONDS (the CI script sets 15): how long to wait for the result.
const MATCH_SECONDS = Number(process.env.GAME_MATCH_SECONDS || 15);
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function quickMatch(page) {
  await page.goto(`${BASE_URL}/#/play`);
  await page.getByRole('button', { name: 'Quick match' }).click();
  const game = page.locator('.game[data-player-id]');
  await game.waitFor();
  return { sessionId: await game.getAttribute('data-session-id'), playerId: await game.getAttribute('data-player-id') };
}

/** The position of {@code playerId} as {@code page} last drew it (its scoreboard row's data attributes). */
function position(page, playerId) {
  return page.locator(`tr[data-player-id="${playerId}"]`).evaluate((row) => ({ x: Number(row.dataset.x), y: Number(row.dataset.y) }));
}

/** Holds {@code key} on {@code mover} until {@code watcher} sees {@code playerId} leave {@code from} by 40 units on {@code axis}. */
async function moveAndWatch(mover, key, watcher, playerId, from, axis) {
  await mover.locator('canvas.arena').focus();
  await mover.keyboard.down(key);
  try {
    await until(watcher, ({ id, start, a }) => {
      const row = document.querySelector(`tr[data-player-id="${id}"]`);
      return row && Math.abs(Number(row.dataset[a]) - start) >= 40;
    }, { id: playerId, start: from[axis], a: axis });
  } finally {
    await mover.keyboard.up(key);
  }
}

test('two players quick-match into one game and each sees the other move', async () => {
  const alice = await newPage(browser);
  const bob = await newPage(browser);
  await signInAsGuest(alice, 'Alice');
  await signInAsGuest(bob, 'Bob');

  const a = await quickMatch(alice);
  const b = await quickMatch(bob);
  assert.equal(b.sessionId, a.sessionId, 'both players are in the same session');
  assert.notEqual(b.playerId, a.playerId);

  for (const page of [alice, bob]) {
    await page.locator('.game[data-phase="running"]').waitFor();
    await page.getByTestId('phase').filter({ hasText: /^Match running · \d:\d\d left$/ }).waitFor();
    await page.getByTestId('ping').filter({ hasText: /^Ping \d+ ms$/ }).waitFor();
    await page.getByTestId('scoreboard').locator('tbody tr').nth(1).waitFor();
  }

  // Bob moves sideways (away from the nearer wall); Alice's page sees it.
  const bobStart = await position(alice, b.playerId);
  await moveAndWatch(bob, bobStart.x < 400 ? 'ArrowRight' : 'ArrowLeft', alice, b.playerId, bobStart, 'x');
  // Alice moves up or down with WASD; Bob's page sees it.
  const aliceStart = await position(bob, a.playerId);
  await moveAndWatch(alice, aliceStart.y < 300 ? 'KeyS' : 'KeyW', bob, a.playerId, aliceStart, 'y');

  // Each page also moved its own player: the arena is drawn from the same state.
  assert.notEqual((await position(bob, b.playerId)).x, bobStart.x);
  await screenshot(alice, 'play');

  // At the end of the match both see the result.
  for (const page of [alice, bob]) {
    await page.getByTestId('result').and(page.locator('[data-reason="time-up"]')).waitFor({ timeout: (MATCH_SECONDS + 15) * 1000 });
    await page.getByRole('heading', { name: 'Time is up' }).waitFor();
  }
  await bob.getByText(/^You finished (1st|2nd) of 2\.$/).waitFor();
  await screenshot(bob, 'play-result');
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
  await alice.context().close();
  await bob.context().close();
});

test('an open circuit on quick-match shows that games are temporarily unavailable', async () => {
  const page = await newPage(browser);
  await signInAsGuest(page, 'Carol');
  await page.route('**/api/games/quick-match', (route) => route.fulfill({
    status: 503,
    headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '5' },
    body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503,
      detail: 'games is failing; the gateway stopped sending it requests for a while.' }),
  }));
  await page.goto(`${BASE_URL}/#/play`);
  await page.getByRole('button', { name: 'Quick match' }).click();
  const alert = page.getByRole('alert');
  await alert.getByText('Games are temporarily unavailable').waitFor();
  await alert.getByText('the gateway stopped sending it requests for a while').waitFor();
  await alert.getByText('Try again in 5 s.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Quick match' }).isEnabled(), true);
  await page.context().close();
});

test('a game ended by a draining server says so and offers a new match', async () => {
  const page = await newPage(browser);
  // The server side of this socket is scripted (a drain is hard to time against a real instance):
  // it answers the client's first frame, the ping sent on open. Routed before the page loads.
  await page.routeWebSocket(/\/ws\/games\//, (ws) => ws.onMessage(() => {
    ws.send(JSON.stringify({ type: 'welcome', playerId: 'p-dave', sessionId: 'game-1.scripted01', tickRateHz: 20,
      arena: { width: 800, height: 600 }, you: { id: 'p-dave', name: 'Dave', x: 100, y: 100, score: 0 }, resumed: false }));
    for (let tick = 1; tick <= 3; tick++) {
      ws.send(JSON.stringify({ type: 'state', tick, phase: 'waiting', players: [{ id: 'p-dave', name: 'Dave', x: 100, y: 100, score: 0 }], items: [] }));
    }
    ws.send(JSON.stringify({ type: 'ended', reason: 'server-draining', scores: [{ id: 'p-dave', name: 'Dave', score: 0 }] }));
    ws.close({ code: 1000 });
  }));
  await signInAsGuest(page, 'Dave');
  await page.goto(`${BASE_URL}/#/play`);
  await page.getByRole('button', { name: 'Quick match' }).click();
  const result = page.getByTestId('result');
  await result.getByRole('heading', { name: 'This game server is shutting down' }).waitFor();
  await result.getByText('Match again: you will be placed on another server.').waitFor();
  await screenshot(page, 'play-draining');
  await result.getByRole('button', { name: 'Play again' }).click();
  await page.getByRole('button', { name: 'Quick match' }).waitFor();
  await page.context().close();
});
