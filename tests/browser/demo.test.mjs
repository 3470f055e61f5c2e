// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
// demo.test.mjs: the quick-start demo (scripts/demo.sh, demo/) as a new user
// meets it in Chromium: sign in with any name, watch the session, press
// "Stay signed in". The demo's page script (demo/htdocs/app/app.js) is the
// README's example of a keep-alive of one's own, so it must keep working
// when the status handler's rules tighten.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { TOP_SRCDIR, TOP_BUILDDIR, freePort } from './harness.mjs';

const CHROMIUM = process.env.MST_CHROMIUM || '/usr/bin/chromium';
const DEMO = path.join(TOP_SRCDIR, 'scripts', 'demo.sh');
let demo;
let browser;
const pageErrors = [];

function demoSh(args, env = {}) {
    return execFileSync(DEMO, args, {
        encoding: 'utf8', timeout: 60000,
        env: { ...process.env, DEMO_NO_BUILD: '1', DEMO_BUILDDIR: TOP_BUILDDIR, ...env }
    });
}

before(async () => {
    const port = await freePort();
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'mst-demo-test-'));
    const out = demoSh(['--background', String(port)],
        { DEMO_STATE_FILE: path.join(state, 'state') });
    process.on('exit', () => fs.rmSync(state, { recursive: true, force: true }));
    demo = Object.fromEntries(out.split('\n').filter((l) => /^DEMO_[A-Z]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.ok(demo.DEMO_URL && demo.DEMO_ROOT, out);
    browser = await chromium.launch({
        executablePath: CHROMIUM, headless: true, timeout: 30000,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
    });
});

after(async () => {
    if (browser) {
        await browser.close();
    }
    if (demo && demo.DEMO_ROOT) {
        demoSh(['--stop', demo.DEMO_ROOT]);
    }
    assert.deepEqual(pageErrors, [], 'no script errors in the demo\'s pages');
});

test('the demo: sign in with any name, the page shows the session, "Stay signed in" renews it',
    { timeout: 60000 }, async () => {
        const ctx = await browser.newContext();
        ctx.setDefaultTimeout(15000);
        const page = await ctx.newPage();
        page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
        try {
            await page.goto(`${demo.DEMO_URL.replace(/\/$/, '')}/app/`);
            assert.match(page.url(), /\/login\/\?return_to=/, 'sent to sign in');
            await page.fill('input[name="user"]', 'alice');
            await Promise.all([page.waitForNavigation(), page.click('input[type="submit"]')]);
            assert.equal(new URL(page.url()).pathname, '/app/');
            await page.waitForFunction(() => document.getElementById('user').textContent === 'alice');
            const before = (await ctx.cookies()).find((c) => c.name === 'session_timeout');

            // one second later, so the renewed cookie differs from the first
            await page.waitForTimeout(1100);
            const [res] = await Promise.all([
                page.waitForResponse((r) => r.request().method() === 'POST' &&
                    new URL(r.url()).pathname === '/session/status'),
                page.click('#keepalive')
            ]);
            assert.equal(res.status(), 200, `keep-alive: ${await res.text()}`);
            await page.waitForFunction(() =>
                /kept alive at/.test(document.getElementById('keepalive_result').textContent));
            assert.ok(await page.isHidden('#ended'), 'the page does not say the session ended');
            const after = (await ctx.cookies()).find((c) => c.name === 'session_timeout');
            assert.ok(after && after.value !== before.value, 'the cookie was renewed');

            // a refused keep-alive (here answered for the server) is not the
            // end of the session: the page says what the server answered
            await page.route((u) => u.pathname === '/session/status', (route) =>
                route.request().method() === 'POST'
                    ? route.fulfill({ status: 400, contentType: 'application/json',
                        body: '{"error":"no_scope"}' })
                    : route.continue());
            await page.click('#keepalive');
            await page.waitForFunction(() => document.getElementById('keepalive_result')
                .textContent === 'the server answered 400 (no_scope)');
            assert.ok(await page.isHidden('#ended'), 'a refused keep-alive does not end the session');
        } finally {
            await ctx.close();
        }
    });
