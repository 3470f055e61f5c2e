// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
// harness.mjs: a private DokuWiki behind a private httpd with the built
// module (tests/app). startDokuwiki() copies Debian's DokuWiki
// (/usr/share/dokuwiki, its config /etc/dokuwiki and data
// /var/lib/dokuwiki/data) into a temporary root, so the test never writes
// the system's copies; adds the sessiontimeout plugin and the user alice;
// starts php-fpm (private pool on a unix socket) and Debian's apache2 on a
// free 127.0.0.1 port, both in the foreground in their own process groups.
// graceful() restarts httpd gracefully (SIGUSR1, as `apache2 -k graceful`)
// and waits for the new generation. stop() ends both, gracefully first
// (httpd's SIGWINCH, php-fpm's SIGQUIT), and returns the [warn]-or-worse
// lines of their logs; a child killed by a signal ("exit signal",
// AH00051/AH00052) is reported with its core files (CoreDumpDirectory cores/
// of the root, run with the core size limit raised, or where
// kernel.core_pattern puts them), and the root is then kept.
//
// `node harness.mjs` starts the same site for poking at by hand.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { freePort, KEY, MODULE_SO, mint } from '../browser/harness.mjs';

export { mint };
export const HERE = path.dirname(fileURLToPath(import.meta.url));
// HTTPD as for the browser tests: the sanitizer run points it at a wrapper
// that preloads libasan into Debian's apache2.
const APACHE2 = process.env.HTTPD && path.isAbsolute(process.env.HTTPD) &&
    !/apxs2?$/.test(process.env.HTTPD) ? process.env.HTTPD : '/usr/sbin/apache2';
const MODULE_DIR = process.env.MST_HTTPD_MODULEDIR || '/usr/lib/apache2/modules';
export const PHP_FPM = process.env.MST_PHP_FPM || '/usr/sbin/php-fpm8.2';
export const DOKUWIKI = '/usr/share/dokuwiki';
export const USER = 'alice';
export const PASSWORD = 'alice-test-password';
// DokuWiki's login cookie: DW + md5(DOKU_REL) with securecookie off (inc/init.php)
export const DW_COOKIE = 'DW' + crypto.createHash('md5').update('/dokuwiki/').digest('hex');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// A bound on waiting for a process: unref'd, so that once the process is gone
// the pending timer does not keep node (and the test run) alive.
const bound = (ms) => new Promise((r) => setTimeout(r, ms).unref());
const ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' };

function sh(cmd, args) {
    return execFileSync(cmd, args, { env: ENV, encoding: 'utf8' });
}

function fill(file, subs) {
    let text = fs.readFileSync(path.join(HERE, file), 'utf8');
    for (const [k, v] of Object.entries(subs)) {
        text = text.replaceAll(k, v);
    }
    return text;
}

// The private copy: code (with the system's templates and plugins linked,
// read-only), config and data.
function copyDokuwiki(root) {
    const dw = path.join(root, 'dokuwiki');
    sh('cp', ['-a', DOKUWIKI, dw]);
    for (const l of ['.htaccess', 'lib/tpl', 'lib/plugins']) {
        fs.rmSync(path.join(dw, l), { force: true });
    }
    fs.symlinkSync('/var/lib/dokuwiki/lib/tpl', path.join(dw, 'lib', 'tpl'));
    const plugins = path.join(dw, 'lib', 'plugins');
    fs.mkdirSync(plugins);
    for (const p of fs.readdirSync('/var/lib/dokuwiki/lib/plugins')) {
        fs.symlinkSync(path.join('/var/lib/dokuwiki/lib/plugins', p), path.join(plugins, p));
    }
    sh('cp', ['-r', path.join(HERE, 'sessiontimeout'), path.join(plugins, 'sessiontimeout')]);
    const conf = path.join(root, 'dwconf');
    sh('cp', ['-a', '/etc/dokuwiki', conf]);
    sh('cp', ['-a', '/var/lib/dokuwiki/data', path.join(root, 'dwdata')]);
    // Debian's preload points at /etc/dokuwiki: ours at the private copy.
    fs.writeFileSync(path.join(dw, 'inc', 'preload.php'),
        `<?php\nif (!defined('DOKU_CONF')) define('DOKU_CONF', '${conf}/');\n`);
    fs.writeFileSync(path.join(conf, 'local.php'), `<?php
$conf['title'] = 'mst test wiki';
$conf['savedir'] = '${root}/dwdata';
$conf['useacl'] = 1;
$conf['authtype'] = 'authplain';
$conf['superuser'] = '@admin';
$conf['securecookie'] = 0;
$conf['userewrite'] = 0;
$conf['lang'] = 'en';
$conf['license'] = '0';
$conf['updatecheck'] = 0;
$conf['locktime'] = 900;
`);
    const hash = sh('php', ['-r', `echo password_hash('${PASSWORD}', PASSWORD_BCRYPT);`]);
    fs.writeFileSync(path.join(conf, 'users.auth.php'),
        `# users.auth.php (tests/app)\n${USER}:${hash}:Alice:alice@example.org:admin,user\n`);
    fs.writeFileSync(path.join(conf, 'acl.auth.php'),
        '# acl.auth.php (tests/app)\n*\t@ALL\t0\n*\t@user\t8\n');
    fs.writeFileSync(path.join(conf, 'plugins.local.php'), '<?php\n');
    fs.mkdirSync(path.join(root, 'dwdata', 'pages', 'test'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dwdata', 'pages', 'test', 'notes.txt'),
        '====== Notes ======\n\nThe first version of the notes.\n');
}

async function waitFor(fn, what, ms) {
    const end = Date.now() + ms;
    let last;
    while (Date.now() < end) {
        try {
            if (await fn()) {
                return;
            }
        } catch (e) {
            last = e;
        }
        await sleep(100);
    }
    throw new Error(`${what} not up within ${ms} ms ${last ?? ''}`);
}

// Through sh to raise the core size limit (up to the hard one), exec'd so
// the pid is the command's.
const CORE_LIMIT_SH = ['-c',
    'ulimit -c unlimited 2>/dev/null || ulimit -c "$(ulimit -H -c)" 2>/dev/null; exec "$@"',
    'mst-app'];

function readProc(f) {
    try {
        return fs.readFileSync(f, 'utf8').trim();
    } catch {
        return null;
    }
}

// What became of the core of each child the error log says died by a signal.
export function coreReport(log, coreDir) {
    const pattern = readProc('/proc/sys/kernel/core_pattern') ?? 'core';
    const out = [];
    for (const m of log.matchAll(/child pid (\d+) exit signal/g)) {
        const pid = m[1];
        const cores = fs.existsSync(coreDir)
            ? fs.readdirSync(coreDir).map((f) => path.join(coreDir, f)) : [];
        if (pattern.startsWith('/')) {
            const dir = path.dirname(pattern);
            const re = new RegExp('^' + path.basename(pattern)
                .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
                .replace(/%[pP]/g, pid).replace(/%%/g, '%').replace(/%./g, '.*') + '$');
            if (fs.existsSync(dir)) {
                for (const f of fs.readdirSync(dir)) {
                    if (re.test(f) && (/%[pP]/.test(pattern) || f.includes(pid))) {
                        cores.push(path.join(dir, f));
                    }
                }
            }
        }
        out.push(cores.length
            ? `core files of child ${pid} (CoreDumpDirectory ${coreDir}, kernel.core_pattern ` +
              `${pattern}): ${cores.join(', ')}`
            : `no core file of child ${pid} in ${coreDir} (CoreDumpDirectory) or where ` +
              `kernel.core_pattern ${pattern} puts it; fs.suid_dumpable is ` +
              `${readProc('/proc/sys/fs/suid_dumpable')}: children that switched to www-data ` +
              'dump only with `sysctl fs.suid_dumpable=2` (and then only to an absolute ' +
              'core_pattern or a pipe)');
    }
    return out;
}

function startProcess(cmd, args, { cores = false } = {}) {
    const [file, argv] = cores ? ['/bin/sh', CORE_LIMIT_SH.concat([cmd], args)] : [cmd, args];
    const child = spawn(file, argv, { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: ENV });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const kill = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
    process.on('exit', () => kill('SIGKILL'));
    const running = () => child.exitCode === null && child.signalCode === null;
    // graceful: a signal to the parent alone that stops it in order (httpd's
    // SIGWINCH, php-fpm's SIGQUIT). SIGTERM to the whole group sends every
    // httpd child down the forced-shutdown path, where httpd itself has been
    // seen to fault (AH00052, no module frame in the core).
    async function stop(graceful) {
        if (graceful && running()) {
            try { process.kill(child.pid, graceful); } catch { /* gone */ }
            await Promise.race([exited, bound(10000)]);
        }
        if (running()) {
            kill('SIGTERM');
            if (await Promise.race([exited.then(() => 'exited'), bound(5000)]) !== 'exited') {
                kill('SIGKILL');
                await Promise.race([exited, bound(2000)]);
            }
        }
    }
    return { child, exited, stop, stderr: () => stderr };
}

export async function startDokuwiki() {
    for (const f of [MODULE_SO, APACHE2, PHP_FPM, path.join(DOKUWIKI, 'doku.php')]) {
        if (!fs.existsSync(f)) {
            throw new Error(`${f} is missing`);
        }
    }
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mst-app-dokuwiki-'));
    fs.chmodSync(root, 0o755);
    for (const d of ['conf', 'logs', 'run', 'htdocs', 'cores']) {
        fs.mkdirSync(path.join(root, d), { mode: 0o755 });
    }
    fs.chmodSync(path.join(root, 'run'), 0o777);
    fs.chmodSync(path.join(root, 'cores'), 0o1777); // the children run as www-data
    copyDokuwiki(root);
    fs.writeFileSync(path.join(root, 'conf', 'mime.types'),
        'text/html html\ntext/css css\napplication/javascript js\nimage/png png\n' +
        'image/svg+xml svg\nimage/gif gif\n');
    const secret = path.join(root, 'conf', 'secret');
    fs.writeFileSync(secret, KEY.toString() + '\n', { mode: 0o600 });
    const port = await freePort();
    const asRoot = process.getuid && process.getuid() === 0;
    const subs = {
        '@ROOT@': root, '@PORT@': String(port), '@MODULEDIR@': MODULE_DIR, '@MODULE@': MODULE_SO,
        '@SECRET@': secret, '@DWCOOKIE@': DW_COOKIE,
        '@RUNAS@': asRoot ? 'User www-data\nGroup www-data' : ''
    };
    const httpdConf = path.join(root, 'conf', 'httpd.conf');
    fs.writeFileSync(httpdConf, fill('httpd.conf.in', subs));
    const fpmConf = path.join(root, 'conf', 'php-fpm.conf');
    fs.writeFileSync(fpmConf, fill('php-fpm.conf.in', subs));

    // php-fpm runs as the test's user (root in CI: -R allows that), which
    // owns the private data; httpd's children only talk to its socket.
    const fpm = startProcess(PHP_FPM, ['-F', '-R', '-y', fpmConf, '-p', root]);
    const httpd = startProcess(APACHE2, ['-d', root, '-f', httpdConf, '-DFOREGROUND'],
        { cores: true });
    const base = `http://127.0.0.1:${port}`;
    const stopAll = async () => { await httpd.stop('SIGWINCH'); await fpm.stop('SIGQUIT'); };
    try {
        await Promise.race([
            waitFor(() => fs.existsSync(path.join(root, 'run', 'php-fpm.sock')), 'php-fpm', 10000)
                .then(() => waitFor(async () => (await fetch(`${base}/dokuwiki/doku.php?do=login`,
                    { redirect: 'manual', signal: AbortSignal.timeout(2000) })).status === 200,
                'DokuWiki', 15000)),
            fpm.exited.then((c) => { throw new Error(`php-fpm exited (${c}): ${fpm.stderr()}`); }),
            httpd.exited.then((c) => { throw new Error(`httpd exited (${c}): ${httpd.stderr()}`); })
        ]);
    } catch (e) {
        await stopAll();
        throw e;
    }

    const errorLog = path.join(root, 'logs', 'error.log');
    const restarts = () => (fs.readFileSync(errorLog, 'utf8').match(/resuming normal operations/g) ||
        []).length;

    // A graceful restart (apache2 -k graceful: SIGUSR1 to the parent), as a
    // package upgrade or a logrotate does in the middle of users' sessions;
    // resolves once the new generation answers.
    async function graceful() {
        const before = restarts();
        process.kill(httpd.child.pid, 'SIGUSR1');
        await waitFor(() => restarts() > before, 'the graceful restart', 15000);
        await waitFor(async () => (await fetch(`${base}/dokuwiki/doku.php?do=login`,
            { redirect: 'manual', signal: AbortSignal.timeout(2000) })).status === 200,
        'DokuWiki after the graceful restart', 15000);
    }

    async function stop() {
        await stopAll();
        const read = (f) => fs.existsSync(path.join(root, 'logs', f))
            ? fs.readFileSync(path.join(root, 'logs', f), 'utf8') : '';
        const log = read('error.log');
        const bad = log.split('\n').filter((l) =>
            /exit signal|Segmentation|AH00052/.test(l) ||
            /\[(?:[\w.-]+:)?(warn|error|crit|alert|emerg)\]/.test(l));
        const php = read('php-error.log').split('\n').filter((l) => /PHP (Fatal|Warning|Parse)/.test(l));
        const cores = coreReport(log, path.join(root, 'cores'));
        if (cores.length) {
            cores.push(`root kept: ${root}`);
        } else if (!process.env.MST_KEEP_ROOT) {
            fs.rmSync(root, { recursive: true, force: true });
        }
        return { log, bad: bad.concat(php, cores) };
    }
    return { base, port, root, stop, graceful };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
    const site = await startDokuwiki();
    console.log(`${site.base}/dokuwiki/  (root ${site.root}, ${USER} / ${PASSWORD}); Ctrl-C stops it`);
    process.on('SIGINT', async () => { console.log(await site.stop()); process.exit(0); });
}
