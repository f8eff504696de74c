// Two headless Chromium browsers, each on the demo page of a different node, make one WebRTC call:
// sign in, see each other, open a data channel, chat both ways, hang up, sign out. Screenshots go to --out.
//
//   node call.mjs --a http://127.0.0.1:8881 --b http://127.0.0.1:8882 --out target/browser-call \
//     [--chromium /usr/bin/chromium] [--tokens <alice's sign-in token>,<bob's>] [--room <room>]
//
// With --room each page is opened with ?room=<room> in its address, and the run checks that the page shows that
// room and that every peer request went under /rooms/<room>/.
// With --tokens each page is opened with its token in the URL's fragment (#token=...), as a user would be sent
// there, and the run checks that every request carried it in Authorization and no URL the browser fetched did.
//
// Prints one line per step and, last, a JSON summary line; exits 0 when every step held, 1 when one failed,
// 2 when the whole run took too long. call-in-netns runs it, with the nodes, in a network namespace that has
// nothing but loopback, so all traffic stays there; the run checks that the candidate pair each browser
// selected is on 127.0.0.0/8 all the same.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const STEP_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 180_000;

function options(argv) {
  const wanted = { a: null, b: null, out: null, chromium: '/usr/bin/chromium', tokens: null, room: null };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in wanted) || argv[i + 1] === undefined) throw new Error('unknown or incomplete option ' + argv[i]);
    wanted[key] = argv[i + 1];
  }
  for (const key of ['a', 'b', 'out']) if (!wanted[key]) throw new Error('--' + key + ' is required');
  return wanted;
}

// Flags measured on this machine (docs/platform-notes.md): fake media devices with permission granted, loopback candidates
// allowed, and nothing a browser would otherwise fetch from the network.
const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--allow-loopback-in-peer-connection',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
];

// Inside a page: the addresses of the candidate pair its call's transport selected.
async function selectedPair() {
  const stats = await state.call.pc.getStats();
  let pair = null;
  stats.forEach((report) => {
    if (report.type === 'transport' && report.selectedCandidatePairId) pair = stats.get(report.selectedCandidatePairId);
  });
  if (!pair) stats.forEach((report) => { if (report.type === 'candidate-pair' && report.nominated) pair = report; });
  if (!pair) return null;
  const local = stats.get(pair.localCandidateId);
  const remote = stats.get(pair.remoteCandidateId);
  return { local: local.address + ':' + local.port, remote: remote.address + ':' + remote.port };
}

async function openPage(browser, url, who, errors, token, requests, room) {
  const context = await browser.newContext({ viewport: { width: 420, height: 860 } }); // about a phone's width
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('pageerror', (error) => errors.push(who + ': ' + error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(who + ' console: ' + message.text()); });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(who + ': ' + response.status() + ' for ' + response.url());
  });
  page.on('request', (request) => requests.push({ who, url: request.url(), authorization: request.headers().authorization }));
  await page.goto(url + '/' + (room ? '?room=' + encodeURIComponent(room) : '')
    + (token ? '#token=' + encodeURIComponent(token) : ''));
  return page;
}

async function main() {
  const opts = options(process.argv.slice(2));
  mkdirSync(opts.out, { recursive: true });
  const summary = { ok: false, steps: [], pairs: {}, screenshots: [] };
  const step = (text) => { summary.steps.push(text); console.log('step: ' + text); };
  const shot = async (page, name) => {
    const path = join(opts.out, name + '.png');
    await page.screenshot({ path, fullPage: true });
    summary.screenshots.push(path);
  };
  const errors = [];
  const launch = () => chromium.launch({ executablePath: opts.chromium, headless: true, args: CHROMIUM_FLAGS });
  const browsers = [await launch(), await launch()]; // two browsers, not two tabs of one
  let alice;
  let bob;
  try {
    const tokens = opts.tokens ? opts.tokens.split(',') : [null, null];
    const requests = [];
    alice = await openPage(browsers[0], opts.a, 'alice', errors, tokens[0], requests, opts.room);
    bob = await openPage(browsers[1], opts.b, 'bob', errors, tokens[1], requests, opts.room);
    step('both pages loaded, alice from ' + opts.a + ', bob from ' + opts.b);

    for (const [page, name] of [[alice, 'alice'], [bob, 'bob']]) {
      await page.check('#use-microphone'); // a media permission makes Chromium gather real host candidates
      await page.fill('#name', name);
      await page.click('#sign-in');
      await page.waitForSelector('#lobby-section:not([hidden])');
    }
    step('both signed in');
    if (opts.room) {
      for (const page of [alice, bob]) {
        const shown = await page.textContent('#room-shown');
        if (shown !== 'room ' + opts.room) throw new Error('the page shows "' + shown + '", not room ' + opts.room);
      }
      step('both pages show room ' + opts.room);
    }
    await alice.waitForSelector('#peers li:has-text("bob")');
    await bob.waitForSelector('#peers li:has-text("alice")');
    step('each sees the other in the peer list');

    await alice.click('#peers li:has-text("bob") button');
    await alice.waitForSelector('#call-state.connected');
    await bob.waitForSelector('#call-state.connected');
    step('data channel open on both sides');

    await alice.fill('#chat-text', 'hello from alice');
    await alice.click('#chat-send');
    await bob.waitForSelector('#log p.them:has-text("alice: hello from alice")');
    await bob.fill('#chat-text', 'hello from bob');
    await bob.click('#chat-send');
    await alice.waitForSelector('#log p.them:has-text("bob: hello from bob")');
    step('a message went each way over the data channel');

    summary.pairs.alice = await alice.evaluate(selectedPair);
    summary.pairs.bob = await bob.evaluate(selectedPair);
    for (const [who, pair] of Object.entries(summary.pairs)) {
      if (!pair || !pair.local.startsWith('127.') || !pair.remote.startsWith('127.')) {
        throw new Error(who + "'s selected candidate pair is not on loopback: " + JSON.stringify(pair));
      }
    }
    step('both selected a loopback candidate pair: ' + JSON.stringify(summary.pairs));
    await shot(alice, 'alice-in-call');
    await shot(bob, 'bob-in-call');

    await alice.click('#hang-up');
    await bob.waitForSelector('#call-section', { state: 'hidden' });
    await bob.waitForSelector('#status:has-text("alice hung up")');
    step('alice hung up and bob saw the BYE');

    await bob.click('#sign-out');
    await bob.waitForSelector('#sign-in-section:not([hidden])');
    await alice.waitForSelector('#peers li:has-text("bob")', { state: 'detached' });
    step('bob signed out and alice saw him leave');
    await alice.click('#sign-out');
    await alice.waitForSelector('#sign-in-section:not([hidden])');
    step('alice signed out');
    await shot(alice, 'alice-signed-out');
    await shot(bob, 'bob-signed-out');

    if (opts.room) {
      const peerRequests = requests.filter((request) => /\/(sign_in|wait|message|sign_out)\?/.test(request.url));
      const prefix = '/rooms/' + opts.room + '/';
      if (!peerRequests.length || peerRequests.some((request) => !new URL(request.url).pathname.startsWith(prefix))) {
        throw new Error('a peer request did not go under ' + prefix);
      }
      step('every peer request went under ' + prefix);
    }
    if (opts.tokens) {
      const peerRequests = requests.filter((request) => /\/(sign_in|wait|message|sign_out)\?/.test(request.url));
      for (const [index, who] of [[0, 'alice'], [1, 'bob']]) {
        const own = peerRequests.filter((request) => request.who === who);
        if (!own.length || own.some((request) => request.authorization !== 'Bearer ' + tokens[index])) {
          throw new Error(who + "'s page sent a peer request without its token in Authorization");
        }
      }
      if (requests.some((request) => tokens.some((token) => request.url.includes(token)))) {
        throw new Error('a token went into a URL the browser fetched');
      }
      step('every peer request carried its page\'s token in Authorization, and no URL carried one');
    }
    if (errors.length) throw new Error('the pages reported errors: ' + errors.join(' | '));
    summary.ok = true;
  } catch (error) {
    summary.error = error.message;
    for (const [page, name] of [[alice, 'alice'], [bob, 'bob']]) {
      if (page) await shot(page, name + '-failure').catch(() => {});
    }
  } finally {
    await Promise.all(browsers.map((browser) => browser.close().catch(() => {})));
  }
  console.log('summary: ' + JSON.stringify(summary));
  return summary.ok ? 0 : 1;
}

const deadline = setTimeout(() => {
  console.log('summary: ' + JSON.stringify({ ok: false, error: 'the run took longer than ' + RUN_TIMEOUT_MS + ' ms' }));
  process.exit(2);
}, RUN_TIMEOUT_MS);
main().then((code) => {
  clearTimeout(deadline);
  process.exit(code);
}, (error) => {
  console.log('summary: ' + JSON.stringify({ ok: false, error: String(error && error.stack || error) }));
  process.exit(1);
});
