// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
// dialog-config.test.mjs: the warning dialog where README puts its pieces
// (issue 12 items 2 to 6) in a real browser.
//
// Its own httpd (dialog-config.conf.in): the limits are set on the protected
// location /cfg/ only (inactivity 12s, warning 8s; the server level keeps
// lifetime 24h and no inactivity limit); the status handler is a
// server-level <Location>; the script has no SetHandler; /solo/ has only
// SessionTimeoutInjectScript On. The minimal application there has its own
// cookie (app_session) and a login page that honours it. Debian's chromium
// through playwright-core, as session-timeout.test.mjs; every wait has a
// bound. Run by run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { startHttpd, mint, SITE } from './harness.mjs';

const CHROMIUM = process.env.MST_CHROMIUM || '/usr/bin/chromium';
const INACTIVITY = 12; // seconds, as in dialog-config.conf.in
const TITLE = 'Sitzung läuft ab';

let srv;
let browser;
const contexts = [];
const pageErrors = [];

before(async () => {
    srv = await startHttpd({ conf: 'dialog-config.conf.in' });
    // httpd gives a file changed within the last second a weak ETag of its
    // own: date the pages back, so a weak tag is the module's doing.
    const past = new Date(Date.now() - 3600 * 1000);
    for (const f of ['cfg/range.html', 'cfg/index.html']) {
        fs.utimesSync(path.join(srv.root, 'htdocs', f), past, past);
    }
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        timeout: 30000,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
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

async function addSession(ctx, { created, last, user = 'alice' } = {}) {
    await ctx.addCookies([{
        name: 'session_timeout', value: mint({ user, created, last }), domain: '127.0.0.1',
        path: '/', httpOnly: true, sameSite: 'Lax'
    }]);
}

async function cookieMap(ctx) {
    return Object.fromEntries((await ctx.cookies(srv.base)).map((c) => [c.name, c.value]));
}

function dialogSel(limit) {
    return `[data-session-timeout-dialog="${limit}"] [role=alertdialog]`;
}

async function dialogInfo(page) {
    return page.evaluate(() => {
        const d = document.querySelector('[role=alertdialog]');
        if (!d) {
            return null;
        }
        const byId = (id) => (document.getElementById(id) || {}).textContent;
        return {
            title: byId(d.getAttribute('aria-labelledby')),
            text: byId(d.getAttribute('aria-describedby')),
            buttons: [...d.querySelectorAll('button')].map((b) => b.textContent)
        };
    });
}

function injectedTag(html) {
    const m = html.match(/<script src="[^"]*"[^>]*data-session-timeout[^>]*><\/script>/);
    return m ? m[0] : null;
}

// A raw request through node's http client: status, headers, body bytes.
function raw(urlPath, headers = {}) {
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

function disk(rel) {
    return fs.readFileSync(path.join(SITE, rel));
}

// ---- item 2: ranges and validators ---------------------------------------------

test('a 206 passes unmodified: a Range request for a static page, a backend\'s 206 with Content-Range', async () => {
    const ctx = await newContext();
    await addSession(ctx, { last: nowSec() });
    const page = await ctx.newPage();
    await page.goto('/cfg/');
    const parts = await page.evaluate(async () => {
        const get = async (url, range) => {
            const res = await fetch(url, { cache: 'no-store', headers: range ? { Range: range } : {} });
            return {
                status: res.status, range: res.headers.get('Content-Range'),
                etag: res.headers.get('ETag'), bytes: [...new Uint8Array(await res.arrayBuffer())]
            };
        };
        return {
            head: await get('/cfg/range.html', 'bytes=0-199'),
            middle: await get('/cfg/range.html', 'bytes=1000-1099'),
            backend: await get('/cfg/partial.cgi')
        };
    });
    const file = disk('cfg/range.html');
    assert.equal(parts.head.status, 206);
    assert.equal(parts.head.range, `bytes 0-199/${file.length}`);
    assert.deepEqual(Buffer.from(parts.head.bytes), file.subarray(0, 200));
    assert.match(parts.head.etag, /^"/, 'the file\'s own strong ETag: the bytes are the file\'s');
    assert.equal(parts.middle.status, 206);
    assert.deepEqual(Buffer.from(parts.middle.bytes), file.subarray(1000, 1100));
    const body = '<html><head><title>part</title></head><body><p>first bytes';
    assert.equal(parts.backend.status, 206);
    assert.equal(parts.backend.range, `bytes 0-${body.length - 1}/4096`);
    assert.equal(Buffer.from(parts.backend.bytes).toString(), body, 'no tag in a part');
    assert.equal(parts.backend.etag, '"part-1"');
    await ctx.close();
});

test('a page with the tag has a weak ETag; If-None-Match still answers 304, If-Range sends it whole', async () => {
    const cookie = `session_timeout=${mint({ last: nowSec() })}`;
    const plain = await raw('/cfg/range.html', {});
    assert.equal(plain.res.statusCode, 302, 'without a session: to login');
    const full = await raw('/cfg/range.html', { Cookie: cookie });
    assert.equal(full.res.statusCode, 200);
    assert.ok(injectedTag(full.body.toString()), 'the tag is in');
    const etag = full.res.headers.etag;
    assert.match(etag, /^W\/"[^"]+"$/, `weak: ${etag}`);
    const again = await raw('/cfg/range.html', { Cookie: cookie, 'If-None-Match': etag });
    assert.equal(again.res.statusCode, 304);
    assert.equal(again.res.headers.etag, etag, 'the 304 carries the weak tag too');
    // Resuming with the weak tag: If-Range compares strongly, so the whole page.
    const resumed = await raw('/cfg/range.html', { Cookie: cookie, Range: 'bytes=10-20', 'If-Range': etag });
    assert.equal(resumed.res.statusCode, 200);
    // The page without a tag keeps its strong tag: the static file under the
    // strong tag is exactly what a Range request cuts from.
    const part = await raw('/cfg/range.html', { Cookie: cookie, Range: 'bytes=10-20' });
    assert.equal(part.res.statusCode, 206);
    assert.equal(part.res.headers.etag, etag.slice(2));
});

// ---- items 3 and 4: the dialog with README's layout, in German ----------------------

test('German umlauts (UTF-8 dialog texts) reach the tag and the script unchanged', async () => {
    const cookie = `session_timeout=${mint({ last: nowSec() })}`;
    const tag = injectedTag((await raw('/cfg/', { Cookie: cookie })).body.toString());
    assert.ok(tag, 'the tag is in');
    assert.ok(tag.includes(` data-text-title="${TITLE}"`), `UTF-8 kept as it is: ${tag}`);
    assert.ok(tag.includes(' data-warning="8"'), tag);
    assert.ok(tag.includes(' data-status-url="/session/status"'), tag);
    const ctx = await newContext();
    await addSession(ctx, { last: nowSec() });
    const page = await ctx.newPage();
    await page.goto('/cfg/');
    await page.waitForFunction(() => window.__sessionTimeout, null, { timeout: 5000 });
    assert.equal(await page.evaluate(() => window.__sessionTimeout.config.text.title), TITLE);
    await ctx.close();
});

test('limits on the location, status handler at server level (README): the dialog comes in time', async () => {
    // What the status handler says depends on the page's scope. 4 s of the
    // 12 s are gone: the 8 s warning window is open.
    const ctx = await newContext();
    await addSession(ctx, { created: nowSec() - 60, last: nowSec() - 4 });
    const own = await (await ctx.request.get('/session/status')).json();
    assert.equal(own.inactivity_remaining, null, 'the handler\'s own scope: no inactivity limit');
    const scoped = await (await ctx.request.get('/session/status?scope=%2Fcfg%2F')).json();
    assert.equal(scoped.limit, 'inactivity');
    assert.ok(scoped.expires_in > 0 && scoped.expires_in <= INACTIVITY - 3, JSON.stringify(scoped));
    assert.equal(scoped.warning, true);
    // A path that is not local, or where nothing is enforced, is ignored.
    for (const bad of ['%2F%2Fevil.example%2Fcfg%2F', 'cfg%2F', '%2Fcfg-login%2F']) {
        const j = await (await ctx.request.get(`/session/status?scope=${bad}`)).json();
        assert.equal(j.inactivity_remaining, null, bad);
    }

    // The page itself is activity (LAST = now): the window opens after 4 s.
    const page = await ctx.newPage();
    await page.goto('/cfg/');
    await page.waitForSelector(dialogSel('inactivity'), { state: 'visible', timeout: 10000 });
    const d = await dialogInfo(page);
    assert.equal(d.title, TITLE);
    assert.match(d.text, /^Ihre Sitzung endet in 0:0[0-8], weil Sie inaktiv waren\.$/);
    assert.deepEqual(d.buttons, ['Angemeldet bleiben', 'Abmelden']);
    const shot = await page.screenshot();
    assert.ok(shot.length > 1000, 'a screenshot of the German dialog');

    // "Stay signed in": the keep-alive, judged with the page's limits, moves LAST.
    await page.click('text=Angemeldet bleiben');
    await page.waitForSelector('[data-session-timeout-dialog]', { state: 'detached', timeout: 5000 });
    const later = await (await ctx.request.get('/session/status?scope=%2Fcfg%2F')).json();
    assert.ok(later.inactivity_remaining >= INACTIVITY - 3, JSON.stringify(later));
    await ctx.close();
});

// ---- item 5: SessionTimeoutInjectScript On alone ----------------------------------

test('SessionTimeoutInjectScript On alone: script and status served at their URLs, the dialog shows', async () => {
    const js = await raw('/solo/dialog.js');
    assert.equal(js.res.statusCode, 200, 'the script, public, inside the enforced scope');
    assert.match(js.res.headers['content-type'], /^text\/javascript/);
    assert.equal(js.res.headers['set-cookie'], undefined);
    const def = await raw('/session-timeout.js');
    assert.equal(def.res.statusCode, 200, 'the default script URL of /cfg/, with no SetHandler');
    assert.deepEqual(def.body, js.body);
    const none = await raw('/solo/status');
    assert.equal(none.res.statusCode, 401, 'the status handler, not a login redirect');
    assert.equal(JSON.parse(none.body.toString()).reason, 'missing');

    const ctx = await newContext();
    await addSession(ctx, { created: nowSec() - 60, last: nowSec() - 4 });
    const st = await ctx.request.get('/solo/status?scope=%2Fsolo%2F');
    assert.equal(st.status(), 200);
    assert.equal((await st.json()).limit, 'inactivity');
    const page = await ctx.newPage();
    await page.goto('/solo/');
    await page.waitForSelector(dialogSel('inactivity'), { state: 'visible', timeout: 10000 });
    const d = await dialogInfo(page);
    assert.equal(d.title, 'Session timeout');
    await ctx.close();
});

// ---- item 6: the end of the countdown signs the user out of the application ---------

test('after the countdown the application\'s own cookie is gone, its login page says signed out, signing in returns', async () => {
    const ctx = await newContext();
    await addSession(ctx, { created: nowSec() - 60, last: nowSec() - 5 });
    await ctx.addCookies([{ name: 'app_session', value: 'alice', domain: '127.0.0.1', path: '/' }]);
    const page = await ctx.newPage();
    await page.goto('/cfg/app.cgi?doc=notes');
    assert.equal(await page.textContent('#app-user'), 'alice');
    // The page was activity: 12 s left, the dialog after 4 s, then no click:
    // the countdown runs out and the script leaves.
    await page.waitForSelector(dialogSel('inactivity'), { state: 'visible', timeout: 10000 });
    await page.waitForURL((u) => u.pathname === '/cfg-login/login.cgi', { timeout: 15000 });
    assert.equal(new URL(page.url()).searchParams.get('return_to'), '/cfg/app.cgi?doc=notes');
    assert.equal(await page.textContent('#state'), 'Signed out');
    const jar = await cookieMap(ctx);
    assert.ok(!jar.app_session, `the application's cookie is gone: ${JSON.stringify(jar)}`);
    assert.ok(!jar.session_timeout, 'ours too');

    await page.fill('input[name=user]', 'bob');
    await Promise.all([
        page.waitForURL((u) => u.pathname + u.search === '/cfg/app.cgi?doc=notes', { timeout: 10000 }),
        page.click('input[type=submit]')
    ]);
    assert.equal(await page.textContent('#app-user'), 'bob');
    await ctx.close();
});

test('no page errors, and no warnings or crashes in the error log', async () => {
    assert.deepEqual(pageErrors, []);
    const bad = srv.errorLog().split('\n').filter((l) =>
        /exit signal|Segmentation|AH00052/.test(l) ||
        /\[(?:[\w.-]+:)?(warn|error|crit|alert|emerg)\]/.test(l));
    assert.deepEqual(bad, []);
});
