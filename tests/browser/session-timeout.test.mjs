// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
// session-timeout.test.mjs: the warning dialog and the script injection of
// mod_session_timeout in a real browser (issue 5).
//
// Debian's chromium (/usr/bin/chromium, or $MST_CHROMIUM), driven by
// playwright-core, headless, against a private httpd (harness.mjs) whose
// limits are seconds: lifetime 40s, inactivity 12s, warning 8s, refresh 0.
// Each scenario is one named test; every wait has a bound. Screenshots of the
// two dialogs go to $MST_SHOT_DIR (default: a directory under the system
// temp dir, printed at the end); docs/dialog-*.png are copies of them.
// Run by run.sh: node --test --test-reporter=spec session-timeout.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

import { startHttpd, mint, SITE, SCRIPT_JS } from './harness.mjs';

const CHROMIUM = process.env.MST_CHROMIUM || '/usr/bin/chromium';
const SHOT_DIR = process.env.MST_SHOT_DIR || path.join(os.tmpdir(), 'mst-browser-shots');
const INACTIVITY = 12; // seconds, as in httpd.conf.in
const LIFETIME = 40;
const WARNING = 8;
const INACTIVITY_TEXT = /^Your session will end in 0:0[0-8] because of inactivity\.$/;
const LIFETIME_TEXT = /^Your session ends in 0:(0\d|10); save your work, you will need to sign in again\.$/;

let srv;
let browser;
const contexts = [];
const pageErrors = [];

before(async () => {
    srv = await startHttpd();
    // launch() gives every run a fresh, empty user data dir of its own.
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        timeout: 30000,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
    fs.mkdirSync(SHOT_DIR, { recursive: true });
});

after(async () => {
    for (const c of contexts) {
        await c.close().catch(() => {});
    }
    if (browser) {
        await browser.close();
    }
    if (srv) {
        await srv.stop();
    }
});

// ---- helpers ----------------------------------------------------------------

async function newContext() {
    const ctx = await browser.newContext({
        baseURL: srv.base, viewport: { width: 880, height: 560 }, deviceScaleFactor: 1
    });
    ctx.setDefaultTimeout(15000);
    ctx.setDefaultNavigationTimeout(15000);
    ctx.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
    contexts.push(ctx);
    return ctx;
}

function nowSec() {
    return Math.floor(Date.now() / 1000);
}

// A session minted with the test key, as a login application could.
async function addSession(ctx, { created, last, user = 'alice' } = {}) {
    await ctx.addCookies([{
        name: 'session_timeout', value: mint({ user, created, last }), domain: '127.0.0.1',
        path: '/', httpOnly: true, sameSite: 'Lax'
    }]);
}

// Signs in through the demo's login page, which the page is on already.
async function signInOnLoginPage(page, user, expectPath) {
    assert.equal(new URL(page.url()).pathname, '/login/');
    await page.fill('input[name=user]', user);
    await Promise.all([
        page.waitForURL((u) => u.pathname + u.search === expectPath, { timeout: 10000 }),
        page.click('input[type=submit]')
    ]);
}

async function status(ctx) {
    const res = await ctx.request.get('/session/status', { failOnStatusCode: false });
    return { code: res.status(), json: await res.json() };
}

function dialogSel(limit) {
    return `[data-session-timeout-dialog="${limit}"] [role=alertdialog]`;
}

async function waitDialog(page, limit, timeout) {
    return page.waitForSelector(dialogSel(limit), { state: 'visible', timeout });
}

async function dialogInfo(page) {
    return page.evaluate(() => {
        const d = document.querySelector('[role=alertdialog]');
        if (!d) {
            return null;
        }
        const byId = (id) => (document.getElementById(id) || {}).textContent;
        return {
            modal: d.getAttribute('aria-modal'),
            title: byId(d.getAttribute('aria-labelledby')),
            text: byId(d.getAttribute('aria-describedby')),
            buttons: [...d.querySelectorAll('button')].map((b) => b.textContent),
            focused: document.activeElement && d.contains(document.activeElement)
                ? document.activeElement.textContent : null
        };
    });
}

async function focusedText(page) {
    return page.evaluate(() => document.activeElement && document.activeElement.textContent);
}

// Headless Chromium keeps every page visible (minimising its window does
// not hide it): emulate a hidden tab and its return as the page sees them.
async function setVisibility(page, state) {
    await page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
    }, state);
}

// Times (Date.now()) of the page's passive polls of the status handler.
function recordPolls(page) {
    const polls = [];
    page.on('request', (r) => {
        if (r.method() === 'GET' && new URL(r.url()).pathname === '/session/status') {
            polls.push(Date.now());
        }
    });
    return polls;
}

function injectedTags(html) {
    return html.match(/<script src="[^"]*session-timeout\.js[^"]*"[^>]*><\/script>/g) || [];
}

// A raw GET through node's http client: headers and undecoded body bytes.
function rawGet(urlPath, headers = {}) {
    return new Promise((resolve, reject) => {
        const req = http.get(`${srv.base}${urlPath}`, { headers, timeout: 10000 }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
        });
        req.on('timeout', () => req.destroy(new Error(`GET ${urlPath}: timeout`)));
        req.on('error', reject);
    });
}

async function cookieHeader(ctx) {
    return (await ctx.cookies(srv.base)).map((c) => `${c.name}=${c.value}`).join('; ');
}

function disk(rel) {
    return fs.readFileSync(path.join(SITE, rel));
}

// ---- scenarios -----------------------------------------------------------------

test('login through the demo login page reaches the protected page with the script', async () => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    await page.goto('/app/');
    const u = new URL(page.url());
    assert.equal(u.pathname, '/login/', 'no session: sent to the login page');
    assert.equal(u.searchParams.get('return_to'), '/app/');
    await signInOnLoginPage(page, 'alice', '/app/');
    assert.equal(await page.textContent('h1'), 'Protected page');
    const tags = await page.evaluate(() =>
        [...document.querySelectorAll('script[data-session-timeout]')].map((s) => s.parentNode.nodeName));
    assert.deepEqual(tags, ['HEAD'], 'exactly one script tag, in <head>');
    await page.waitForFunction(() => window.__sessionTimeout &&
        window.__sessionTimeout.state.limit === 'inactivity', null, { timeout: 5000 });
    const s = await status(ctx);
    assert.equal(s.code, 200);
    assert.equal(s.json.user, 'alice');
    assert.equal(s.json.limit, 'inactivity');
    await ctx.close();
});

test('cookies set by the module: HttpOnly (not in document.cookie), SameSite=Lax, Path=/', async () => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    await page.goto('/login/');
    await signInOnLoginPage(page, 'carol', '/app/');
    const docCookie = await page.evaluate(() => document.cookie);
    assert.ok(!docCookie.includes('session_timeout'), `document.cookie shows it: ${docCookie}`);
    const c = (await ctx.cookies(srv.base)).find((k) => k.name === 'session_timeout');
    assert.ok(c, 'the browser stored the session cookie');
    assert.equal(c.httpOnly, true);
    assert.equal(c.sameSite, 'Lax');
    assert.equal(c.path, '/');
    assert.equal(c.secure, false, 'plain http: no Secure');
    assert.equal(c.expires, -1, 'a browser-session cookie (no Max-Age/Expires)');
    assert.match(c.value, /^v1\.[0-9a-f]{8}\.[\w-]{22}\.\d+\.\d+\.Y2Fyb2w\.[\w-]{43}$/);
    await ctx.close();
});

test('SameSite=Lax is honoured: a cross-site POST carries no session, a cross-site link does', async () => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    await page.goto('/login/');
    await signInOnLoginPage(page, 'dave', '/app/');
    // http://localhost:PORT is another site than http://127.0.0.1:PORT.
    const cross = `http://localhost:${srv.port}/cross/index.html?target=${encodeURIComponent(srv.base)}`;
    await page.goto(cross);
    await Promise.all([page.waitForURL(/\/login\//, { timeout: 10000 }), page.click('#postbtn')]);
    assert.equal(new URL(page.url()).host, `127.0.0.1:${srv.port}`);
    await page.goto(cross);
    await Promise.all([page.waitForURL(/\/app\/echo\.cgi$/, { timeout: 10000 }), page.click('#link')]);
    assert.equal(await page.textContent('#user'), 'dave', 'a top-level GET from another site keeps the session');
    await ctx.close();
});

test('a page of another origin of the same site cannot keep the session alive', async () => {
    const ctx = await newContext();
    const last = nowSec() - 5;
    await addSession(ctx, { created: nowSec() - 20, last });
    const cookie = async () => (await ctx.cookies(srv.base)).find((c) => c.name === 'session_timeout').value;
    const before = await cookie();
    const page = await ctx.newPage();
    // http://127.0.0.1:PORT2: the same site (the cookie goes along), another origin
    await page.goto(`http://127.0.0.1:${srv.port2}/cross/keepalive.html?target=${encodeURIComponent(srv.base)}`);
    const done = await page.waitForSelector('body[data-done]', { timeout: 5000 });
    assert.equal(await done.getAttribute('data-done'), 'sent');
    assert.equal(await cookie(), before, 'the cross-origin POST re-issued no cookie');
    const s = await status(ctx);
    assert.equal(s.code, 200);
    assert.equal(s.json.last_activity, last, 'nor moved LAST');
    // the same POST from our own origin's script counts (with the page's
    // scope, as the dialog's script sends it)
    const ka = await ctx.request.post('/session/status?scope=%2Fapp%2Findex.html', {
        headers: { 'X-Requested-With': 'XMLHttpRequest' }
    });
    assert.equal(ka.status(), 200);
    assert.ok((await ka.json()).last_activity >= nowSec() - 1);
    assert.notEqual(await cookie(), before, 're-issued');
    await ctx.close();
});

test('idle warning dialog: alertdialog, focus on "Stay signed in", keyboard Tab and Enter extend the session', async (t) => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    await page.goto('/login/?return_to=/app/index.html');
    await signInOnLoginPage(page, 'alice', '/app/index.html');
    const shownAt = Date.now();
    await waitDialog(page, 'inactivity', (INACTIVITY - WARNING + 3) * 1000);
    t.diagnostic(`dialog after ${((Date.now() - shownAt) / 1000).toFixed(1)} s`);
    let d = await dialogInfo(page);
    assert.equal(d.modal, 'true');
    assert.equal(d.title, 'Session timeout');
    assert.match(d.text, INACTIVITY_TEXT);
    assert.deepEqual(d.buttons, ['Stay signed in', 'Sign out']);
    assert.equal(d.focused, 'Stay signed in', 'focus moved to the primary button');
    await page.screenshot({ path: path.join(SHOT_DIR, 'dialog-inactivity.png') });
    // the countdown moves every second
    await page.waitForFunction((before) => {
        const d = document.querySelector('[role=alertdialog]');
        return d && document.getElementById(d.getAttribute('aria-describedby')).textContent !== before;
    }, d.text, { timeout: 3000 });
    const before = await status(ctx);
    assert.ok(before.json.inactivity_remaining <= WARNING, JSON.stringify(before.json));
    // keyboard only: Tab cycles inside the dialog, Enter activates
    await page.keyboard.press('Tab');
    assert.equal(await focusedText(page), 'Sign out');
    await page.keyboard.press('Tab');
    assert.equal(await focusedText(page), 'Stay signed in', 'Tab wraps around inside the dialog');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedText(page), 'Sign out');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedText(page), 'Stay signed in');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role=alertdialog]', { state: 'detached', timeout: 5000 });
    const afterKa = await status(ctx);
    assert.equal(afterKa.code, 200);
    assert.ok(afterKa.json.inactivity_remaining >= INACTIVITY - 2,
        `keep-alive restored the inactivity time: ${JSON.stringify(afterKa.json)}`);
    assert.equal(new URL(page.url()).pathname, '/app/index.html', 'still on the page');
    d = await dialogInfo(page);
    assert.equal(d, null);
    await ctx.close();
});

test("the page's own fetch and XHR: the warning header is read, activity closes the dialog", async () => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    for (const how of ['fetch', 'xhr']) {
        // LAST 4 s ago on a passive page: 8 s left, inside the warning window
        await ctx.clearCookies();
        await addSession(ctx, { created: nowSec() - 4, last: nowSec() - 4 });
        await page.goto('/app/passive/');
        await waitDialog(page, 'inactivity', 4000);
        const send = (url) => page.evaluate(([kind, u]) => {
            if (kind === 'fetch') {
                return fetch(u).then((r) => r.status);
            }
            return new Promise((resolve) => {
                const x = new XMLHttpRequest();
                x.open('GET', u);
                x.onloadend = () => resolve(x.status);
                x.send();
            });
        }, [how, url]);
        // a passive request: its warning header updates the countdown
        await page.evaluate(() => { window.__sessionTimeout.state.source = null; });
        // (unique URLs: a response from the browser cache reaches no server)
        assert.equal(await send(`/app/passive/data.json?${how}=${Date.now()}`), 200);
        await page.waitForFunction(() => window.__sessionTimeout.state.source === 'header',
            null, { timeout: 2000 });
        assert.ok(await page.$('[role=alertdialog]'), `${how}: still warning`);
        // a request that counts as activity: no warning header, the dialog goes
        assert.equal(await send(`/app/data.json?${how}=${Date.now()}`), 200);
        await page.waitForSelector('[role=alertdialog]', { state: 'detached', timeout: 3000 });
        const s = await status(ctx);
        assert.ok(s.json.inactivity_remaining >= INACTIVITY - 2, `${how}: ${JSON.stringify(s.json)}`);
    }
    await ctx.close();
});

test('letting the session lapse lands on the login page with return_to; signing in again returns there', async (t) => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    await page.goto('/login/');
    await signInOnLoginPage(page, 'erin', '/app/');
    const start = Date.now();
    await page.goto('/app/other.html?from=lapse');
    await waitDialog(page, 'inactivity', (INACTIVITY - WARNING + 3) * 1000);
    await page.waitForURL((u) => u.pathname === '/login/', { timeout: (WARNING + 6) * 1000 });
    t.diagnostic(`on the login page ${((Date.now() - start) / 1000).toFixed(1)} s after the last request`);
    assert.equal(new URL(page.url()).searchParams.get('return_to'), '/app/other.html?from=lapse');
    const s = await status(ctx);
    assert.equal(s.code, 401);
    assert.equal(s.json.active, false);
    await signInOnLoginPage(page, 'erin', '/app/other.html?from=lapse');
    assert.equal(await page.textContent('h1'), 'Another protected page');
    await ctx.close();
});

test('lifetime warning: only OK, Escape dismisses it, a keep-alive cannot extend it', async (t) => {
    const ctx = await newContext();
    // A session that started LIFETIME - 10 s ago: 10 s of lifetime left.
    await addSession(ctx, { created: nowSec() - (LIFETIME - 10), last: nowSec() });
    const page = await ctx.newPage();
    await page.goto('/app/index.html');
    await waitDialog(page, 'lifetime', 6000);
    const d = await dialogInfo(page);
    assert.equal(d.modal, 'true');
    assert.match(d.text, LIFETIME_TEXT);
    assert.deepEqual(d.buttons, ['OK'], 'nothing to extend: only OK');
    assert.equal(d.focused, 'OK');
    await page.screenshot({ path: path.join(SHOT_DIR, 'dialog-lifetime.png') });
    // what the dialog script sends (a keep-alive counts only from our origin)
    const ka = await ctx.request.post('/session/status?scope=%2Fapp%2Findex.html', {
        headers: { 'X-Requested-With': 'XMLHttpRequest' }
    });
    const kj = await ka.json();
    assert.equal(kj.limit, 'lifetime');
    assert.ok(kj.expires_in <= 10 && kj.lifetime_remaining <= 10, JSON.stringify(kj));
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role=alertdialog]', { state: 'detached', timeout: 3000 });
    await page.waitForTimeout(1500);
    assert.equal(await dialogInfo(page), null, 'a dismissed lifetime dialog stays closed');
    await page.waitForURL((u) => u.pathname === '/login/', { timeout: 15000 });
    assert.equal(new URL(page.url()).searchParams.get('return_to'), '/app/index.html');
    t.diagnostic('sent to the login page when the lifetime ran out');
    await ctx.close();
});

test('dialog texts set by SessionTimeoutDialogText (a German site), escaped into the tag', async () => {
    const ctx = await newContext();
    await addSession(ctx, { created: nowSec() - (LIFETIME - 10), last: nowSec() });
    const raw = (await ctx.request.get('/app/de/')).text();
    const tag = injectedTags(await raw)[0];
    assert.match(tag, / data-status-url="\/session\/status\?lang=de" /);
    assert.match(tag, / data-text-title="Hinweis: &quot;Sitzung&quot; &amp; Zeit" /);
    const page = await ctx.newPage();
    await page.goto('/app/de/');
    await waitDialog(page, 'lifetime', 6000);
    const d = await dialogInfo(page);
    assert.equal(d.title, 'Hinweis: "Sitzung" & Zeit');
    assert.match(d.text, /^Ihre Sitzung endet in 0:(0\d|10)\. Bitte speichern Sie Ihre Arbeit\.$/);
    assert.deepEqual(d.buttons, ['Verstanden']);
    assert.equal(d.focused, 'Verstanden');
    await ctx.close();
});

test('two tabs stay in step: a keep-alive in one closes the dialog in the other; sign-out signs out both', async () => {
    const ctx = await newContext();
    const a = await ctx.newPage();
    await a.goto('/login/');
    await signInOnLoginPage(a, 'frank', '/app/');
    const b = await ctx.newPage();
    await b.goto('/app/other.html');
    await a.goto('/app/index.html');
    const bound = (INACTIVITY - WARNING + 3) * 1000;
    await Promise.all([waitDialog(a, 'inactivity', bound), waitDialog(b, 'inactivity', bound)]);
    await a.click('[role=alertdialog] button:has-text("Stay signed in")');
    await a.waitForSelector('[role=alertdialog]', { state: 'detached', timeout: 3000 });
    await b.waitForSelector('[role=alertdialog]', { state: 'detached', timeout: 3000 });
    const s = await status(ctx);
    assert.ok(s.json.inactivity_remaining >= INACTIVITY - 3, JSON.stringify(s.json));
    // both warn again; sign-out in A signs B out too
    await Promise.all([waitDialog(a, 'inactivity', bound), waitDialog(b, 'inactivity', bound)]);
    await Promise.all([
        a.waitForURL((u) => u.pathname === '/login/', { timeout: 5000 }),
        b.waitForURL((u) => u.pathname === '/login/', { timeout: 5000 }),
        a.click('[role=alertdialog] button:has-text("Sign out")')
    ]);
    assert.equal(new URL(b.url()).searchParams.get('return_to'), '/app/other.html');
    const left = (await ctx.cookies(srv.base)).filter((c) => c.name === 'session_timeout' && c.value);
    assert.deepEqual(left, [], 'the logout handler expired the cookie');
    await ctx.close();
});

test('tabs stay in step without BroadcastChannel too (localStorage storage events)', async () => {
    const ctx = await newContext();
    await ctx.addInitScript(() => { delete window.BroadcastChannel; });
    await addSession(ctx, {});
    const a = await ctx.newPage();
    const b = await ctx.newPage();
    await b.goto('/app/other.html');
    await a.goto('/app/index.html');
    assert.equal(await a.evaluate(() => typeof window.BroadcastChannel), 'undefined');
    const bound = (INACTIVITY - WARNING + 3) * 1000;
    await Promise.all([waitDialog(a, 'inactivity', bound), waitDialog(b, 'inactivity', bound)]);
    await a.focus('[role=alertdialog] button:has-text("Stay signed in")');
    await a.keyboard.press('Enter');
    await b.waitForSelector('[role=alertdialog]', { state: 'detached', timeout: 3000 });
    await ctx.close();
});

test('the script is not injected into non-HTML responses (bytes equal the files on disk)', async () => {
    const ctx = await newContext();
    await addSession(ctx, {});
    for (const [rel, type] of [['app/data.json', 'application/json'], ['app/notes.txt', 'text/plain']]) {
        const res = await ctx.request.get('/' + rel);
        assert.equal(res.status(), 200, rel);
        assert.ok(res.headers()['content-type'].startsWith(type), res.headers()['content-type']);
        assert.ok((await res.body()).equals(disk(rel)), `${rel} changed`);
    }
    // and as the page's own fetch() sees it
    const page = await ctx.newPage();
    await page.goto('/app/index.html');
    const fetched = await page.evaluate(() => fetch('/app/data.json').then((r) => r.text()));
    assert.equal(fetched, disk('app/data.json').toString());
    await ctx.close();
});

test('with SessionTimeoutInjectScript Off (the default) a page is byte-for-byte the file on disk', async () => {
    const ctx = await newContext();
    await addSession(ctx, {});
    const page = await ctx.newPage();
    const res = await page.goto('/plain/page.html');
    assert.equal(res.status(), 200);
    assert.ok((await res.body()).equals(disk('plain/page.html')), 'browser saw a changed page');
    const raw = await rawGet('/plain/page.html', { Cookie: await cookieHeader(ctx) });
    assert.equal(raw.res.statusCode, 200);
    assert.ok(raw.body.equals(disk('plain/page.html')), 'raw bytes changed');
    assert.equal(raw.res.headers['content-length'], String(disk('plain/page.html').length));
    assert.equal(await page.evaluate(() => window.__sessionTimeout), undefined);
    await ctx.close();
});

test('injection: before </head>, else before </body>, never twice, across split brigades, streamed, gzip, CSP nonce', async () => {
    const ctx = await newContext();
    await addSession(ctx, {});
    const cookie = await cookieHeader(ctx);

    // exactly the file with one tag before </head>; Content-Length matches
    const idx = await rawGet('/app/index.html', { Cookie: cookie });
    const body = idx.body.toString();
    const tags = injectedTags(body);
    assert.equal(tags.length, 1);
    // (the first "</head>" of the file is in a comment, which the injector skips)
    assert.equal(body, disk('app/index.html').toString().replace('\n</head>\n', '\n' + tags[0] + '</head>\n'));
    assert.equal(idx.res.headers['content-length'], String(idx.body.length));
    const v = /\?v=([0-9a-f]{16})"/.exec(tags[0]);
    assert.ok(v, tags[0]);
    assert.match(tags[0], / defer data-session-timeout data-status-url="\/session\/status" data-logout-url="\/logout" data-login-url="\/login\/" data-return-param="return_to" data-warning="8" /);
    const head = await new Promise((resolve, reject) => {
        http.request(`${srv.base}/app/index.html`, { method: 'HEAD', headers: { Cookie: cookie } },
            resolve).on('error', reject).end();
    });
    assert.equal(head.headers['content-length'], String(idx.body.length), 'HEAD length = GET length');

    // no </head>: before </body>
    const nohead = (await rawGet('/app/nohead.html', { Cookie: cookie })).body.toString();
    const t2 = injectedTags(nohead);
    assert.equal(t2.length, 1);
    assert.equal(nohead, disk('app/nohead.html').toString().replace('\n</body>\n', '\n' + t2[0] + '</body>\n'));

    // the page has our tag already: untouched
    const has = await rawGet('/app/has-tag.html', { Cookie: cookie });
    assert.ok(has.body.equals(disk('app/has-tag.html')));

    const page = await ctx.newPage();
    const count = () => page.evaluate(() =>
        [...document.querySelectorAll('script[data-session-timeout]')].map((s) => s.parentNode.nodeName));

    // mod_bucketeer splits "</he" + "ad>" over two brigades; the "</head>"
    // in a comment, an inline script and a style do not count
    await page.goto('/app/split.html');
    assert.deepEqual(await count(), ['HEAD']);
    assert.equal(await page.evaluate(() => window.split), '</head>');
    assert.equal(await page.textContent('#after'), 'after');

    // one brigade per byte: the same page, the tag in the same place
    const plain = disk('app/split.html').toString().replace(/\x10/g, '');
    const all = (await rawGet('/app/split-all.html', { Cookie: cookie })).body.toString();
    const t3 = injectedTags(all);
    assert.equal(t3.length, 1);
    assert.equal(all, plain.replace('</head>\n<body>', t3[0] + '</head>\n<body>'));

    // a CGI that writes "</he", pauses, then "ad>": chunked, still one tag
    const stream = await rawGet('/app/stream.cgi', { Cookie: cookie });
    assert.equal(stream.res.headers['transfer-encoding'], 'chunked');
    assert.equal(injectedTags(stream.body.toString()).length, 1);
    assert.match(stream.body.toString(), /<title>Stream<\/title><script [^>]+><\/script><\/head><body>/);
    await page.goto('/app/stream.cgi');
    assert.deepEqual(await count(), ['HEAD']);

    // mod_deflate compresses after the injector (the browser asked for gzip)
    const res = await page.goto('/app/index.html');
    assert.equal((await res.allHeaders())['content-encoding'], 'gzip');
    assert.deepEqual(await count(), ['HEAD']);
    const gz = await rawGet('/app/index.html', { Cookie: cookie, 'Accept-Encoding': 'gzip' });
    assert.equal(gz.res.headers['content-encoding'], 'gzip');
    assert.equal(injectedTags(zlib.gunzipSync(gz.body).toString()).length, 1);

    // a body the backend compressed itself is left alone
    const pre = await rawGet('/app/gz.cgi', { Cookie: cookie, 'Accept-Encoding': 'gzip' });
    assert.equal(pre.res.headers['content-encoding'], 'gzip');
    assert.equal(injectedTags(zlib.gunzipSync(pre.body).toString()).length, 0);

    // CSP with a nonce: the tag carries it and the script runs
    const csp = [];
    page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) csp.push(m.text()); });
    await page.goto('/app/csp.cgi');
    assert.equal(await page.evaluate(() =>
        document.querySelector('script[data-session-timeout]').nonce), 'dGVzdC1ub25jZS0xMjM0');
    await page.waitForFunction(() => window.__sessionTimeout !== undefined, null, { timeout: 5000 });
    assert.deepEqual(csp, [], 'no CSP violation');
    await ctx.close();
});

test('the script handler: text/javascript, immutable caching, content-hash ETag, 304; never a session cookie, even where enforced', async () => {
    const ctx = await newContext();
    const res = await ctx.request.get('/session-timeout.js');
    const h = res.headers();
    assert.equal(res.status(), 200);
    assert.equal(h['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(h['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(h.etag, /^"[0-9a-f]{16}"$/);
    assert.ok((await res.body()).equals(fs.readFileSync(SCRIPT_JS)), 'serves session-timeout.js as built');
    const again = await ctx.request.get('/session-timeout.js', { headers: { 'If-None-Match': h.etag } });
    assert.equal(again.status(), 304);
    const other = await ctx.request.get('/session-timeout.js', { headers: { 'If-None-Match': '"0000"' } });
    assert.equal(other.status(), 200);
    // inside an enforced scope: no redirect without a session, and never a
    // (refreshed) session cookie on this publicly cacheable response
    const noSession = await ctx.request.get('/app/session-timeout.js', { maxRedirects: 0 });
    assert.equal(noSession.status(), 200);
    await addSession(ctx, { created: nowSec() - 5, last: nowSec() - 5 });
    const withSession = await ctx.request.get('/app/session-timeout.js', { maxRedirects: 0 });
    assert.equal(withSession.status(), 200);
    assert.equal(withSession.headers()['set-cookie'], undefined);
    assert.equal(withSession.headers()['session-timeout-warning'], undefined);
    // the injected tag names the same version
    const page = await (await ctx.request.get('/app/index.html')).text();
    assert.ok(page.includes(`/session-timeout.js?v=${h.etag.slice(1, -1)}"`), 'tag has ?v=<ETag>');
    await ctx.close();
});

test('page text cannot turn the injected tag into markup: og:description with "</head><img onerror>", quotes, title, script (issue 12)', async () => {
    const ctx = await newContext();
    await addSession(ctx, {});
    const cookie = await cookieHeader(ctx);
    // the bytes: the file, with one tag before the real </head> only
    const raw = (await rawGet('/app/og.html', { Cookie: cookie })).body.toString();
    const tags = injectedTags(raw);
    assert.equal(tags.length, 1, 'one tag, although the page names data-session-timeout in text');
    assert.equal(raw, disk('app/og.html').toString().replace('</script>\n</head>\n',
        '</script>\n' + tags[0] + '</head>\n'));
    const page = await ctx.newPage();
    const alerts = [];
    page.on('dialog', (d) => { alerts.push(d.message()); d.dismiss().catch(() => {}); });
    await page.goto('/app/og.html');
    await page.waitForFunction(() => window.__sessionTimeout !== undefined, null, { timeout: 5000 });
    await page.waitForTimeout(300); // an <img src=x> would have failed to load by now
    const seen = await page.evaluate(() => ({
        xss: window.xssFired === true,
        imgs: document.querySelectorAll('img').length,
        bold: document.getElementById('single') !== null,
        og: document.querySelector('meta[property="og:description"]').content,
        title: document.title,
        inline: window.inline,
        tags: [...document.querySelectorAll('script[data-session-timeout]')]
            .map((t) => t.parentNode.nodeName),
        after: document.getElementById('after').textContent
    }));
    assert.equal(seen.xss, false, 'the onerror handler never ran');
    assert.deepEqual(alerts, [], 'no alert()');
    assert.equal(seen.imgs, 0, 'no <img> element was made from attribute text');
    assert.equal(seen.bold, false, 'no <b> from a single-quoted value');
    assert.equal(seen.og, '</head><img src=x onerror=window.xssFired=true;alert(1)>');
    assert.equal(seen.title, 'Text </head> in a title </head> stays text');
    assert.equal(seen.inline, '</head>');
    assert.deepEqual(seen.tags, ['HEAD'], 'the tag is in <head>, once');
    assert.equal(seen.after, 'Text with data-session-timeout in it.');
    await ctx.close();
});

test('the return path follows the server\'s safe-path rule: a page at //evil.example/ or /\\evil.example/ returns to / (issue 12)', async () => {
    // [URL of the page, return_to both sides must give]
    const cases = [
        [`${srv.base}//evil.example/`, '/'],
        [`${srv.base}/\\evil.example/`, '/'], // Chromium sends //evil.example/
        [`${srv.base}///evil.example/x?y=1`, '/'],
        [`${srv.base}/app/index.html?q=a\\b`, '/'], // a backslash stays raw in a query
        [`${srv.base}/app/index.html?q=1&r=%2F%2Fx`, '/app/index.html?q=1&r=%2F%2Fx']
    ];
    for (const [url, want] of cases) {
        // the server's redirect of a navigation without a session
        const anon = await newContext();
        const p0 = await anon.newPage();
        await p0.goto(url);
        assert.equal(new URL(p0.url()).pathname, '/login/', url);
        const server = new URL(p0.url()).searchParams.get('return_to');
        await anon.close();
        // the script's, when the session ends while the page is open
        const ctx = await newContext();
        await addSession(ctx, {});
        const page = await ctx.newPage();
        await page.goto(url);
        await page.waitForFunction(() => window.__sessionTimeout &&
            window.__sessionTimeout.state.limit !== null, null, { timeout: 5000 });
        const pathname = await page.evaluate(() => location.pathname + location.search);
        await ctx.clearCookies();
        await Promise.all([
            page.waitForURL((u) => u.pathname === '/login/', { timeout: 5000 }),
            // the page's own request answers 401: the script asks, and leaves
            page.evaluate(() => fetch('/app/data.json?gone').then((r) => r.status))
        ]);
        const script = new URL(page.url()).searchParams.get('return_to');
        assert.equal(server, want, `${url} (location ${pathname}): server`);
        assert.equal(script, want, `${url} (location ${pathname}): script`);
        await ctx.close();
    }
});

test('the countdown shows the true remaining time, rounded up, and changes on the second (issue 12)', async () => {
    const ctx = await newContext();
    // LAST 3 s ago: the session ends at LAST + 12 s exactly (the server's
    // clock is this machine's)
    const last = nowSec() - 3;
    const end = last + INACTIVITY;
    await addSession(ctx, { created: last, last });
    const page = await ctx.newPage();
    await page.goto('/app/passive/');
    await waitDialog(page, 'inactivity', 4000);
    // samples at fixed phases after a second boundary of the deadline, in
    // the page: [shown seconds, ceil(deadline - now), phase in ms]
    const samples = await page.evaluate(async (endMs) => {
        const shown = () => {
            const d = document.querySelector('[role=alertdialog]');
            const m = /(\d+):(\d\d)/.exec(document.getElementById(d.getAttribute('aria-describedby')).textContent);
            return Number(m[1]) * 60 + Number(m[2]);
        };
        const out = [];
        for (const phase of [60, 500, 920, 150, 700]) {
            const intoSecond = 1000 - ((endMs - Date.now()) % 1000);
            await new Promise((r) => setTimeout(r, (phase - intoSecond + 1000) % 1000));
            const left = endMs - Date.now();
            out.push([shown(), Math.ceil(left / 1000), Math.round(1000 - (left % 1000))]);
        }
        return out;
    }, end * 1000);
    for (const [shown, want, phase] of samples) {
        assert.equal(shown, want, `shown ${shown} s, ${want} s left (${phase} ms into the second): ${JSON.stringify(samples)}`);
    }
    assert.ok(samples[samples.length - 1][1] > 0, 'sampled before the end');
    await ctx.close();
});

test('on a narrow screen (360x640) the buttons sit side by side and share the row; wide, they keep their size (issue 12)', async () => {
    const ctx = await browser.newContext({
        baseURL: srv.base, viewport: { width: 360, height: 640 }, deviceScaleFactor: 1
    });
    contexts.push(ctx);
    ctx.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
    await addSession(ctx, { created: nowSec() - 4, last: nowSec() - 4 });
    const page = await ctx.newPage();
    await page.goto('/app/passive/');
    await waitDialog(page, 'inactivity', 4000);
    await page.screenshot({ path: path.join(SHOT_DIR, 'dialog-narrow.png') });
    const geometry = () => page.evaluate(() => {
        const d = document.querySelector('[role=alertdialog]');
        const rect = (e) => { const b = e.getBoundingClientRect(); return { l: b.left, r: b.right, t: b.top, w: b.width, h: b.height }; };
        const cs = getComputedStyle(d);
        return {
            box: rect(d), padL: parseFloat(cs.paddingLeft), padR: parseFloat(cs.paddingRight),
            buttons: [...d.querySelectorAll('button')].map((b) => ({ ...rect(b), overflow: b.scrollWidth > b.clientWidth }))
        };
    });
    let g = await geometry();
    const [stay, out] = g.buttons;
    const rowL = g.box.l + g.padL;
    const rowR = g.box.r - g.padR;
    assert.ok(g.box.l >= 0 && g.box.r <= 360, `the dialog fits the screen: ${JSON.stringify(g.box)}`);
    assert.ok(Math.abs(stay.t - out.t) < 1, `one row: ${JSON.stringify(g.buttons)}`);
    for (const b of g.buttons) {
        assert.ok(b.w < 0.75 * (rowR - rowL), `no button spans the dialog: ${JSON.stringify(b)}`);
        assert.ok(b.h >= 44 && b.h < 56, `a 44 px touch target on one line: ${JSON.stringify(b)}`);
        assert.equal(b.overflow, false, 'the label fits its button');
    }
    assert.ok(Math.abs(stay.l - rowL) < 1 && Math.abs(out.r - rowR) < 1 && out.l > stay.r,
        `together they fill the row: ${JSON.stringify(g)}`);
    // wide again (the media query changes while the dialog is open): the
    // buttons keep their own size at the right
    await page.setViewportSize({ width: 880, height: 560 });
    await page.waitForFunction(() => {
        const b = document.querySelector('[role=alertdialog] button');
        return b && getComputedStyle(b).flexGrow === '0';
    }, null, { timeout: 2000 });
    g = await geometry();
    assert.ok(g.buttons[0].l > g.box.l + g.padL + 50, `wide: at the right, ${JSON.stringify(g)}`);
    assert.ok(Math.abs(g.buttons[1].r - (g.box.r - g.padR)) < 1);
    await ctx.close();
});

test('keyboard: Escape leaves the inactivity dialog open, Space keeps the session, Enter on Sign out signs out, Space on OK closes the lifetime dialog', async () => {
    const ctx = await newContext();
    await addSession(ctx, { created: nowSec() - 4, last: nowSec() - 4 });
    const page = await ctx.newPage();
    await page.goto('/app/passive/');
    await waitDialog(page, 'inactivity', 4000);
    assert.equal(await focusedText(page), 'Stay signed in');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    assert.ok(await page.$('[role=alertdialog]'), 'the inactivity dialog needs a decision');
    await page.keyboard.press('Space');
    await page.waitForSelector('[role=alertdialog]', { state: 'detached', timeout: 3000 });
    const s = await status(ctx);
    assert.ok(s.json.inactivity_remaining >= INACTIVITY - 2, `Space kept the session: ${JSON.stringify(s.json)}`);
    // Enter on Sign out
    await ctx.clearCookies();
    await addSession(ctx, { created: nowSec() - 4, last: nowSec() - 4 });
    await page.reload();
    await waitDialog(page, 'inactivity', 4000);
    await page.keyboard.press('Tab');
    assert.equal(await focusedText(page), 'Sign out');
    await Promise.all([
        page.waitForURL((u) => u.pathname === '/login/', { timeout: 5000 }),
        page.keyboard.press('Enter')
    ]);
    assert.equal((await status(ctx)).code, 401, 'signed out');
    // Space on OK
    await addSession(ctx, { created: nowSec() - (LIFETIME - 7), last: nowSec() });
    await page.goto('/app/index.html');
    await waitDialog(page, 'lifetime', 4000);
    assert.equal(await focusedText(page), 'OK');
    await page.keyboard.press('Space');
    await page.waitForSelector('[role=alertdialog]', { state: 'detached', timeout: 3000 });
    await ctx.close();
});

test('a hidden tab polls again when it becomes visible, and no sooner', async () => {
    const ctx = await newContext();
    await addSession(ctx, { created: nowSec() - 4, last: nowSec() - 4 });
    const page = await ctx.newPage();
    const polls = recordPolls(page);
    await page.goto('/app/passive/');
    await waitDialog(page, 'inactivity', 4000);
    await setVisibility(page, 'hidden');
    const hiddenAt = polls.length;
    // activity elsewhere while the tab is hidden: the page is not told
    const ka = await ctx.request.post('/session/status?scope=%2Fapp%2Findex.html',
        { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    assert.equal(ka.status(), 200);
    await page.waitForTimeout(700);
    assert.equal(polls.length, hiddenAt, 'hiding the tab does not poll');
    assert.ok(await page.$('[role=alertdialog]'), 'the hidden tab still shows its dialog');
    const previous = polls[polls.length - 1];
    const shownAt = Date.now();
    await setVisibility(page, 'visible');
    await page.waitForSelector('[role=alertdialog]', { state: 'detached', timeout: 1500 });
    assert.ok(polls.length > hiddenAt, 'visible again: a poll');
    const poll = polls[hiddenAt];
    assert.ok(poll >= shownAt && poll - shownAt < 1000, `the poll followed at once (${poll - shownAt} ms)`);
    // the regular polls near expiry are 5 s apart: this one is not one of them
    assert.ok(poll - previous < 4000, `${poll - previous} ms after the previous poll`);
    await ctx.close();
});

test('no page errors, and no warnings or crashes in the error log', async (t) => {
    assert.deepEqual(pageErrors, []);
    const bad = srv.errorLog().split('\n').filter((l) =>
        /exit signal|Segmentation|AH00052/.test(l) || /\[(?:[\w.-]+:)?(warn|error|crit|alert|emerg)\]/.test(l));
    assert.deepEqual(bad, []);
    t.diagnostic(`screenshots: ${['dialog-inactivity.png', 'dialog-lifetime.png', 'dialog-narrow.png']
        .map((f) => path.join(SHOT_DIR, f)).join(', ')}`);
});
