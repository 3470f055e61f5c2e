// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
// dokuwiki.test.mjs: the module in front of a real application, end to end
// (issue 13 item 6): Debian's DokuWiki on php-fpm behind a private httpd
// (harness.mjs), driven in Debian's chromium. alice signs in through the
// module's redirect to DokuWiki's own login page, browses, edits and saves a
// page; an idle session (the cookie backdated, never a sleep) signs her out
// of DokuWiki too, its cookies on /dokuwiki/ cleared; signing in again
// returns her to the page she asked for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from '../browser/node_modules/playwright-core/index.mjs';

import { startDokuwiki, mint, DW_COOKIE, USER, PASSWORD } from './harness.mjs';

const CHROMIUM = process.env.MST_CHROMIUM || '/usr/bin/chromium';
let site;
let browser;

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
        assert.deepEqual(bad, [], 'no [warn] or worse in the error log, no PHP warnings');
    }
});

const url = (p) => `${site.base}${p}`;
const names = async (ctx) => (await ctx.cookies()).map((c) => c.name).sort();

async function signIn(page) {
    assert.match(page.url(), /\/dokuwiki\/doku\.php\?do=login&return_to=/, 'at the login page');
    await page.fill('input[name="u"]', USER);
    await page.fill('input[name="p"]', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('#dw__login button[type="submit"]')]);
}

test('sign in, browse, edit and save, idle expiry signs out of DokuWiki, sign in again returns',
    { timeout: 90000 }, async () => {
        const ctx = await browser.newContext();
        const page = await ctx.newPage();
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

            // edit and save
            await page.goto(url('/dokuwiki/doku.php?id=test:notes&do=edit'));
            await page.fill('#wiki__text', '====== Notes ======\n\nSaved through the module.\n');
            await Promise.all([page.waitForNavigation(), page.click('button[name="do[save]"]')]);
            assert.match(await page.textContent('body'), /Saved through the module\./);
            assert.match(page.url(), /id=test:notes/);

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
