// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
// harness.mjs: the private httpd of the browser tests and a token minter.
//
// startHttpd() builds a temporary ServerRoot from httpd.conf.in (or another
// template), the test
// site (site/) and the demo's login page and DEMO-ONLY login CGI (demo/), on
// a free 127.0.0.1 port, starts Debian's apache2 in the foreground in its own
// process group and waits (bounded) until it answers. stop() ends that group
// (SIGTERM, bounded wait, SIGKILL) and returns the error log lines of
// [warn] or worse, which the tests treat as failures. mint() makes a v1
// token (SPEC section 2) with the test key, for backdated sessions.
//
// `node harness.mjs` starts the same server for poking at by hand and
// prints its URL; Ctrl-C stops it.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const TOP_SRCDIR = process.env.top_srcdir || path.resolve(HERE, '..', '..');
export const TOP_BUILDDIR = process.env.top_builddir || TOP_SRCDIR;
export const MODULE_SO = path.join(TOP_BUILDDIR, '.libs', 'mod_session_timeout.so');
export const SITE = path.join(HERE, 'site');
export const SCRIPT_JS = path.join(TOP_SRCDIR, 'mod_session_timeout', 'session-timeout.js');
const APACHE2 = process.env.HTTPD && path.isAbsolute(process.env.HTTPD) &&
    !/apxs2?$/.test(process.env.HTTPD) ? process.env.HTTPD : '/usr/sbin/apache2';
const MODULE_DIR = process.env.MST_HTTPD_MODULEDIR || '/usr/lib/apache2/modules';
export const KEY = Buffer.from('browser-test-key-0123456789abcdefghijklmnopqrstuv');

function b64u(buf) {
    return Buffer.from(buf).toString('base64').replace(/=+$/, '').replace(/\+/g, '-')
        .replace(/\//g, '_');
}

// A v1 token: v1.KID.SID.CREATED.LAST.USER.MAC (times in Unix seconds).
export function mint({ user = 'alice', created, last, secret = KEY } = {}) {
    const now = Math.floor(Date.now() / 1000);
    created = created ?? now;
    last = last ?? created;
    const kid = crypto.createHash('sha256').update(secret).digest().subarray(0, 4).toString('hex');
    const body = ['v1', kid, b64u(crypto.randomBytes(16)), created, last,
        b64u(Buffer.from(user, 'utf8'))].join('.');
    return body + '.' + b64u(crypto.createHmac('sha256', secret).update(body).digest());
}

export function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

function copyTree(from, to, mode) {
    fs.mkdirSync(to, { recursive: true, mode: 0o755 });
    for (const ent of fs.readdirSync(from, { withFileTypes: true })) {
        const src = path.join(from, ent.name);
        const dst = path.join(to, ent.name);
        if (ent.isDirectory()) {
            copyTree(src, dst, mode);
        } else {
            fs.copyFileSync(src, dst);
            fs.chmodSync(dst, ent.name.endsWith('.cgi') ? 0o755 : (mode ?? 0o644));
        }
    }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitUp(url, deadlineMs) {
    const end = Date.now() + deadlineMs;
    let last = null;
    while (Date.now() < end) {
        try {
            const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(1000) });
            if (res.status > 0) {
                return;
            }
        } catch (e) {
            last = e;
        }
        await sleep(100);
    }
    throw new Error(`httpd did not answer ${url} within ${deadlineMs} ms: ${last}`);
}

// conf: the template, a file next to this one (dialog-config.test.mjs uses
// its own, dialog-config.conf.in).
export async function startHttpd({ conf: template = 'httpd.conf.in' } = {}) {
    for (const f of [MODULE_SO, APACHE2]) {
        if (!fs.existsSync(f)) {
            throw new Error(`${f} is missing (build first: scripts/build.sh)`);
        }
    }
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mst-browser-'));
    fs.chmodSync(root, 0o755); // httpd's children run as www-data
    for (const d of ['conf', 'logs', 'run', 'htdocs', 'cgi-bin']) {
        fs.mkdirSync(path.join(root, d), { mode: 0o755 });
    }
    copyTree(SITE, path.join(root, 'htdocs'));
    // split.html with a ^P after every byte: mod_bucketeer then passes one
    // brigade per byte, so every possible split of the markup is exercised.
    const split = fs.readFileSync(path.join(SITE, 'app', 'split.html'));
    const every = Buffer.alloc(split.length * 2);
    split.forEach((c, i) => { every[2 * i] = c; every[2 * i + 1] = 0x10; });
    fs.writeFileSync(path.join(root, 'htdocs', 'app', 'split-all.html'), every, { mode: 0o644 });
    // The demo's login page and its DEMO-ONLY login CGI.
    const demo = path.join(TOP_SRCDIR, 'demo');
    copyTree(path.join(demo, 'htdocs', 'login'), path.join(root, 'htdocs', 'login'));
    fs.copyFileSync(path.join(demo, 'htdocs', 'demo.css'), path.join(root, 'htdocs', 'demo.css'));
    fs.copyFileSync(path.join(demo, 'cgi-bin', 'login.cgi'), path.join(root, 'cgi-bin', 'login.cgi'));
    fs.chmodSync(path.join(root, 'cgi-bin', 'login.cgi'), 0o755);
    fs.chmodSync(path.join(root, 'run'), 0o777);
    const secret = path.join(root, 'conf', 'secret');
    fs.writeFileSync(secret, KEY.toString() + '\n', { mode: 0o600 });

    const port = await freePort();
    // a second port: the same site (ports do not count), another origin
    const port2 = await freePort();
    const asRoot = process.getuid && process.getuid() === 0;
    const conf = fs.readFileSync(path.join(HERE, template), 'utf8')
        .replaceAll('@ROOT@', root).replaceAll('@PORT@', String(port))
        .replaceAll('@PORT2@', String(port2))
        .replaceAll('@MODULEDIR@', MODULE_DIR).replaceAll('@MODULE@', MODULE_SO)
        .replaceAll('@SECRET@', secret)
        .replaceAll('@RUNAS@', asRoot ? 'User www-data\nGroup www-data' : '');
    const confFile = path.join(root, 'conf', 'httpd.conf');
    fs.writeFileSync(confFile, conf);

    const child = spawn(APACHE2, ['-d', root, '-f', confFile, '-DFOREGROUND'], {
        detached: true, stdio: ['ignore', 'ignore', 'pipe'],
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' }
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // never leave httpd behind, whatever happens to the test process
    const reap = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } };
    process.on('exit', reap);
    const base = `http://127.0.0.1:${port}`;
    try {
        await Promise.race([
            waitUp(`${base}/login/`, 10000),
            exited.then((code) => { throw new Error(`httpd exited (${code}): ${stderr}`); })
        ]);
    } catch (e) {
        reap();
        await Promise.race([exited, sleep(2000)]);
        if (!process.env.MST_KEEP_ROOT) {
            fs.rmSync(root, { recursive: true, force: true });
        }
        throw e;
    }

    async function stop() {
        if (child.exitCode === null && child.signalCode === null) {
            try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
            const t = await Promise.race([exited.then(() => 'exited'), sleep(5000)]);
            if (t !== 'exited') {
                try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
                await Promise.race([exited, sleep(2000)]);
            }
        }
        const log = fs.existsSync(path.join(root, 'logs', 'error.log'))
            ? fs.readFileSync(path.join(root, 'logs', 'error.log'), 'utf8') : '';
        const bad = log.split('\n').filter((l) =>
            /exit signal|Segmentation|AH00052/.test(l) ||
            /\[(?:[\w.-]+:)?(warn|error|crit|alert|emerg)\]/.test(l));
        if (!process.env.MST_KEEP_ROOT) {
            fs.rmSync(root, { recursive: true, force: true });
        }
        return { log, bad };
    }
    return { base, port, port2, root, stop, errorLog: () => fs.readFileSync(path.join(root, 'logs', 'error.log'), 'utf8') };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
    const srv = await startHttpd();
    console.log(`${srv.base}/app/  (ServerRoot ${srv.root}); Ctrl-C stops it`);
    const quit = async () => {
        const { bad } = await srv.stop();
        if (bad.length) {
            console.log(bad.join('\n'));
        }
        process.exit(0);
    };
    process.on('SIGINT', quit);
    process.on('SIGTERM', quit);
    setInterval(() => {}, 1 << 30);
}
