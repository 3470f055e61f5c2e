// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
// dokuwiki.test.mjs: the module in front of a real application, end to end
// (issue 13 item 6): Debian's DokuWiki on php-fpm behind a private httpd
// (harness.mjs) with mod_deflate on, driven in Debian's chromium. alice signs
// in through the module's redirect to DokuWiki's own login page, browses,
// edits and saves a page; a graceful restart in the middle keeps her signed
// in; an idle session (the cookie backdated, never a sleep) signs her out of
// DokuWiki too, its cookies on /dokuwiki/ cleared; signing in again returns
// her to the page she asked for. DokuWiki's own AJAX (the sitemap's
// lib/exe/ajax.php) works through the module and gets the 401 JSON once the
// session is over; the warning dialog in DokuWiki's pages extends the
// session, signs her out at zero and through its Sign out button. after()
// fails on any [warn] or worse in the error log, a child's crash above all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from '../browser/node_modules/playwright-core/index.mjs';

import { startDokuwiki, mint, DW_COOKIE, USER, PASSWORD } from './harness.mjs';

const CHROMIUM = process.env.MST_CHROMIUM || '/usr/bin/chromium';
let site;
let browser;
const pageErrors = [];

before(async () => {
    site = await startDokuwiki();
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        timeout: 30000,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
});

after(async () => {
    if (browser) {
        await browser.close();
    }
    if (site) {
        const { bad } = await site.stop();
        assert.deepEqual(bad, [], 'no [warn] or worse in the error log (no child crashed), ' +
            'no PHP warnings');
    }
    assert.deepEqual(pageErrors, [], 'no script errors in DokuWiki\'s pages');
});

const url = (p) => `${site.base}${p}`;
const names = async (ctx) => (await ctx.cookies()).map((c) => c.name).sort();

async function signIn(page) {
    assert.match(page.url(), /\/dokuwiki\/doku\.php\?do=login&return_to=/, 'at the login page');
    await page.fill('input[name="u"]', USER);
    await page.fill('input[name="p"]', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('#dw__login button[type="submit"]')]);
}

// A new browser whose first load of `target` is sent to DokuWiki's login
// form and comes back there signed in.
async function signedIn(target) {
    const ctx = await browser.newContext();
    ctx.setDefaultTimeout(15000);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
    await page.goto(url(target));
    await signIn(page);
    assert.match(await page.textContent('body'), /Logged in as:\s*Alice/);
    return { ctx, page };
}

const nowSec = () => Math.floor(Date.now() / 1000);

// Our cookie as it would be after `idle` seconds without a request.
async function idleFor(ctx, idle) {
    const now = nowSec();
    await ctx.addCookies([{
        name: 'session_timeout', value: mint({ user: USER, created: now - idle - 600, last: now - idle }),
        url: site.base, httpOnly: true, sameSite: 'Lax'
    }]);
}

// The tab comes back into view: the event the browser fires then (a headless
// tab is never hidden), on which the dialog's script asks the status handler.
async function backInView(page) {
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
}

const DIALOG = '[role=alertdialog]';
const INACTIVITY = 1800; // SessionTimeoutInactivity 30m of httpd.conf.in

async function statusOf(page) {
    return page.evaluate(async () => {
        const res = await fetch('/session/status?scope=%2Fdokuwiki%2F', { cache: 'no-store' });
        return { code: res.status, json: await res.json() };
    });
}

test('sign in, browse, edit and save, a graceful restart, idle expiry signs out of DokuWiki, ' +
    'sign in again returns', { timeout: 90000 }, async () => {
        const ctx = await browser.newContext();
        const page = await ctx.newPage();
        page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
        try {
            // anonymous: the module sends the page load to DokuWiki's login
            let res = await page.goto(url('/dokuwiki/doku.php?id=test:notes'));
            assert.equal(res.status(), 200);
            assert.ok(!(await names(ctx)).includes('session_timeout'));
            await signIn(page);
            assert.equal(new URL(page.url()).search, '?id=test:notes', 'back at the page');
            assert.match(await page.textContent('body'), /Logged in as:\s*Alice/);
            assert.match(await page.textContent('body'), /The first version of the notes/);
            const cookies = await names(ctx);
            for (const n of ['session_timeout', 'DokuWiki', DW_COOKIE]) {
                assert.ok(cookies.includes(n), `${n} set after sign-in: ${cookies}`);
            }

            // browse
            res = await page.goto(url('/dokuwiki/doku.php?id=start'));
            assert.equal(res.status(), 200);
            assert.match(await page.textContent('body'), /Logged in as:\s*Alice/);
            // mod_deflate compressed the page after the dialog's tag went in
            assert.equal(res.headers()['content-encoding'], 'gzip');
            assert.equal(await page.locator('script[data-session-timeout]').count(), 1,
                'the dialog\'s script tag, once');

            // edit and save
            await page.goto(url('/dokuwiki/doku.php?id=test:notes&do=edit'));
            await page.fill('#wiki__text', '====== Notes ======\n\nSaved through the module.\n');
            await Promise.all([page.waitForNavigation(), page.click('button[name="do[save]"]')]);
            assert.match(await page.textContent('body'), /Saved through the module\./);
            assert.match(page.url(), /id=test:notes/);

            // a graceful restart (a package upgrade, logrotate) while she works:
            // still signed in, to both, across the restart
            await site.graceful();
            res = await page.goto(url('/dokuwiki/doku.php?id=test:notes'));
            assert.equal(res.status(), 200);
            assert.match(await page.textContent('body'), /Logged in as:\s*Alice/);
            assert.match(await page.textContent('body'), /Saved through the module\./);

            // idle for an hour (inactivity limit 30m): the cookie as it would be
            const now = Math.floor(Date.now() / 1000);
            await ctx.addCookies([{
                name: 'session_timeout', value: mint({ user: USER, created: now - 5400, last: now - 3600 }),
                url: site.base, httpOnly: true, sameSite: 'Lax'
            }]);
            res = await page.goto(url('/dokuwiki/doku.php?id=test:notes'));
            assert.equal(res.status(), 200);
            assert.ok(page.url().endsWith('/dokuwiki/doku.php?do=login&return_to=' +
                '/dokuwiki/doku.php%3Fid%3Dtest%3Anotes'), page.url());
            const body = await page.textContent('body');
            assert.doesNotMatch(body, /Logged in as/, 'signed out of DokuWiki too');
            const after = await names(ctx);
            assert.ok(!after.includes(DW_COOKIE) && !after.includes('session_timeout'),
                `DokuWiki's login cookie and ours are gone: ${after}`);

            // sign in again: back at the page, with the saved text
            await signIn(page);
            assert.equal(new URL(page.url()).search, '?id=test:notes');
            assert.match(await page.textContent('body'), /Logged in as:\s*Alice/);
            assert.match(await page.textContent('body'), /Saved through the module\./);

            // sign out through DokuWiki: the module's session ends with it
            await Promise.all([page.waitForNavigation(), page.click('a[href*="do=logout"]')]);
            assert.doesNotMatch(await page.textContent('body'), /Logged in as/);
            assert.ok(!(await names(ctx)).includes('session_timeout'), 'our cookie ended too');
        } finally {
            await ctx.close();
        }
    });

test('DokuWiki\'s AJAX through the module: the sitemap opens a namespace; once the session ' +
    'is over its AJAX gets the 401 JSON and the page goes to sign in', { timeout: 60000 }, async () => {
    const sitemap = '/dokuwiki/doku.php?id=start&do=index';
    const { ctx, page } = await signedIn(sitemap);
    try {
        assert.equal(new URL(page.url()).search, '?id=start&do=index', 'back at the sitemap');
        // the body is read as it arrives: the page may leave right after it
        const bodies = new Map();
        const ajax = () => page.waitForResponse(async (r) => {
            if (!r.url().endsWith('/dokuwiki/lib/exe/ajax.php')) {
                return false;
            }
            bodies.set(r, await r.text());
            return true;
        });

        // DokuWiki's index.js posts call=index with jQuery (X-Requested-With)
        let [res] = await Promise.all([ajax(), page.click('#index__tree a[href*="idx=test"]')]);
        assert.equal(res.status(), 200);
        assert.equal(res.request().method(), 'POST');
        assert.equal(res.request().headers()['x-requested-with'], 'XMLHttpRequest');
        await page.waitForSelector('#index__tree a[href*="id=test:notes"]');

        // idle for an hour: the next AJAX call is refused as a scripted request
        await idleFor(ctx, 3600);
        [res] = await Promise.all([
            ajax(),
            page.waitForURL(/\/dokuwiki\/doku\.php\?do=login&return_to=/),
            page.click('#index__tree a[href*="idx=wiki"]')
        ]);
        assert.equal(res.status(), 401);
        assert.match(res.headers()['content-type'], /^application\/json/);
        const body = JSON.parse(bodies.get(res));
        assert.equal(body.error, 'session_expired');
        assert.equal(body.reason, 'inactivity');
        const login = new URL(body.login_url, site.base);
        assert.equal(login.pathname, '/dokuwiki/doku.php');
        assert.equal(login.searchParams.get('do'), 'login');
        assert.equal(login.searchParams.get('return_to'), sitemap, 'back to the page that asked');
        // the dialog's script saw the 401 and sent the page to sign in
        assert.equal(new URL(page.url()).searchParams.get('return_to'), sitemap);
        assert.doesNotMatch(await page.textContent('body'), /Logged in as/);
        assert.ok(!(await names(ctx)).includes(DW_COOKIE), 'DokuWiki\'s login cookie is gone');
        await signIn(page);
        assert.equal(new URL(page.url()).search, '?id=start&do=index');
        assert.match(await page.textContent('body'), /Logged in as:\s*Alice/);
    } finally {
        await ctx.close();
    }
});

test('the warning dialog in DokuWiki: Stay signed in extends the session (also across a ' +
    'graceful restart); at zero it signs out of DokuWiki; Sign out ends both sessions',
{ timeout: 90000 }, async () => {
    const notes = '/dokuwiki/doku.php?id=test:notes';
    const { ctx, page } = await signedIn(notes);
    try {
        // 28 minutes idle in a tab left open: back in view, the warning
        await idleFor(ctx, INACTIVITY - 120);
        await backInView(page);
        await page.waitForSelector(DIALOG);
        assert.match(await page.textContent(DIALOG),
            /Your session will end in [12]:\d\d because of inactivity/);
        assert.deepEqual(await page.locator(`${DIALOG} button`).allTextContents(),
            ['Stay signed in', 'Sign out']);
        // the server restarts gracefully while the dialog is open
        await site.graceful();
        await page.click(`${DIALOG} button:has-text("Stay signed in")`);
        await page.waitForSelector(DIALOG, { state: 'detached' });
        const st = await statusOf(page);
        assert.equal(st.code, 200);
        assert.ok(st.json.inactivity_remaining >= INACTIVITY - 5, JSON.stringify(st.json));
        let res = await page.reload();
        assert.equal(res.status(), 200);
        assert.equal(new URL(page.url()).search, '?id=test:notes');
        assert.match(await page.textContent('body'), /Logged in as:\s*Alice/);

        // 6 seconds left (room for a slow sanitizer build to show the dialog
        // first): the countdown runs out and the page goes to sign in
        await idleFor(ctx, INACTIVITY - 6);
        await backInView(page);
        await page.waitForSelector(DIALOG);
        await page.waitForURL(/\/dokuwiki\/doku\.php\?do=login&return_to=/, { timeout: 15000 });
        assert.equal(new URL(page.url()).searchParams.get('return_to'), notes);
        assert.doesNotMatch(await page.textContent('body'), /Logged in as/, 'signed out of DokuWiki');
        let after = await names(ctx);
        assert.ok(!after.includes(DW_COOKIE) && !after.includes('session_timeout'),
            `DokuWiki's login cookie and ours are gone: ${after}`);
        await signIn(page);
        assert.equal(new URL(page.url()).search, '?id=test:notes');

        // Sign out in the dialog: the logout handler ends ours and DokuWiki's
        await idleFor(ctx, INACTIVITY - 120);
        await backInView(page);
        await page.waitForSelector(DIALOG);
        await Promise.all([
            page.waitForURL(/\/dokuwiki\/doku\.php\?do=login/),
            page.click(`${DIALOG} button:has-text("Sign out")`)
        ]);
        assert.doesNotMatch(await page.textContent('body'), /Logged in as/);
        after = await names(ctx);
        assert.ok(!after.includes(DW_COOKIE) && !after.includes('session_timeout'),
            `signed out of both: ${after}`);
        res = await page.goto(url(notes));
        assert.match(page.url(), /do=login&return_to=/, 'the page needs a sign-in again');
        assert.equal(res.status(), 200);
    } finally {
        await ctx.close();
    }
});
