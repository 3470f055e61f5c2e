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
    // the same POST from our own origin's script counts
    const ka = await ctx.request.post('/session/status', {
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
    const ka = await ctx.request.post('/session/status', {
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

test('no page errors, and no warnings or crashes in the error log', async (t) => {
    assert.deepEqual(pageErrors, []);
    const bad = srv.errorLog().split('\n').filter((l) =>
        /exit signal|Segmentation|AH00052/.test(l) || /\[(?:[\w.-]+:)?(warn|error|crit|alert|emerg)\]/.test(l));
    assert.deepEqual(bad, []);
    t.diagnostic(`screenshots: ${path.join(SHOT_DIR, 'dialog-inactivity.png')}, ${path.join(SHOT_DIR, 'dialog-lifetime.png')}`);
});
