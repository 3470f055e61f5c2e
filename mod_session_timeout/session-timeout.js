// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
/* session-timeout.js: the warning dialog of mod_session_timeout.
 *
 * Served by `SetHandler session-timeout-script` (compiled into the module)
 * and added to HTML pages by `SessionTimeoutInjectScript On`. Plain ES2017,
 * no framework, no build step, no dependencies. Configuration comes from the
 * data- attributes of its own <script> tag (see docs/browser-dialog.md):
 * data-status-url, data-login-url, data-logout-url, data-return-param,
 * data-warning (seconds), data-warning-header, data-text-title,
 * data-text-inactivity, data-text-lifetime, data-text-stay, data-text-signout,
 * data-text-ok ({time} in a text is the m:ss countdown).
 *
 * It polls the status handler with passive GETs (never counted as activity;
 * ?scope= names the page's path, whose limits the handler then applies),
 * more often as expiry nears, and reads the warning header of the page's own
 * fetch/XHR responses. Within the warning window it shows an accessible
 * dialog; "Stay signed in" POSTs a keep-alive to the status URL. Tabs of the
 * same origin stay in step through BroadcastChannel (localStorage events where
 * that is missing). When the session is over it goes to the login URL with the
 * return path. Styles are set through the CSSOM, so a Content-Security-Policy
 * without 'unsafe-inline' for styles does not block them. */
(function () {
    'use strict';
    if (window.__sessionTimeout) {
        return; /* loaded twice: the first instance does the work */
    }
    var script = document.currentScript || document.querySelector('script[data-session-timeout]');
    if (!script) {
        return;
    }
    var data = script.dataset;
    var cfg = {
        statusUrl: data.statusUrl || '/session/status',
        loginUrl: data.loginUrl || '',
        logoutUrl: data.logoutUrl || '',
        returnParam: data.returnParam || '',
        warning: Math.max(0, parseInt(data.warning, 10) || 0),
        warningHeader: data.warningHeader || 'Session-Timeout-Warning',
        text: {
            title: data.textTitle || 'Session timeout',
            inactivity: data.textInactivity || 'Your session will end in {time} because of inactivity.',
            lifetime: data.textLifetime ||
                'Your session ends in {time}; save your work, you will need to sign in again.',
            stay: data.textStay || 'Stay signed in',
            signout: data.textSignout || 'Sign out',
            ok: data.textOk || 'OK'
        }
    };
    var CHANNEL = 'session-timeout';
    var MIN_POLL = 5000;
    var MAX_POLL = 60000;

    var origFetch = window.fetch ? window.fetch.bind(window) : null;
    var state = {
        expiresAt: null,   /* performance.now() ms of the earliest expiry, null: none */
        limit: null,       /* 'inactivity' | 'lifetime' */
        window: cfg.warning,
        over: false,       /* expired or signed out: leaving the page */
        dismissed: false,  /* the lifetime dialog was acknowledged */
        pollTimer: null,
        tickTimer: null,
        polling: null,     /* the poll in flight */
        again: false,      /* poll once more when it is answered */
        source: null,      /* where the last remaining time came from: 'status' or 'header' */
        skew: null,        /* server clock minus ours in seconds (learnClock), null: not known */
        clockLo: null,     /* bounds of that difference, narrowed by every answer */
        clockHi: null
    };
    var dialog = null;
    var tabId = Math.random().toString(36).slice(2);
    window.__sessionTimeout = { state: state, config: cfg };

    /* ---- time and text ---- */

    function nowMs() {
        return window.performance && performance.now ? performance.now() : Date.now();
    }

    /* The status handler states times in whole seconds of its clock (`now`),
     * read while it handled our request: between sentMs and recvMs of our
     * clock (Date.now()). Each answer bounds the server's clock minus ours;
     * the bounds of all answers together narrow it below a second. A
     * contradiction means a clock was set: start again from this answer. */
    function learnClock(serverSec, sentMs, recvMs) {
        var lo = serverSec - recvMs / 1000;
        var hi = serverSec + 1 - sentMs / 1000;
        if (state.clockLo === null || lo > state.clockHi || hi < state.clockLo) {
            state.clockLo = lo;
            state.clockHi = hi;
        } else {
            state.clockLo = Math.max(state.clockLo, lo);
            state.clockHi = Math.min(state.clockHi, hi);
        }
        /* Clocks in step (NTP) are the rule: 0 when the bounds allow it. */
        state.skew = state.clockLo > 0 ? state.clockLo : state.clockHi < 0 ? state.clockHi : 0;
    }

    /* When the session ends, in nowMs() time: `remaining` seconds after the
     * server's clock read serverSec, i.e. at serverSec + remaining on its
     * clock. Without a server time (a warning header: the Date next to it
     * may come from a proxied backend's clock), from the middle of the
     * request, taken as the middle of a server second. */
    function deadline(remaining, serverSec, sentMs, recvMs) {
        var end;
        if (typeof serverSec === 'number' && isFinite(serverSec)) {
            learnClock(serverSec, sentMs, recvMs);
            end = (serverSec + remaining - state.skew) * 1000;
        } else {
            end = (sentMs + recvMs) / 2 + (remaining - 0.5) * 1000;
        }
        return nowMs() + end - Date.now();
    }

    function remainingSec() {
        if (state.expiresAt === null) {
            return null;
        }
        return Math.max(0, Math.ceil((state.expiresAt - nowMs()) / 1000));
    }

    function mmss(sec) {
        var s = Math.max(0, sec | 0);
        var m = Math.floor(s / 60);
        var r = s % 60;
        return m + ':' + (r < 10 ? '0' : '') + r;
    }

    function fill(template, sec) {
        return template.split('{time}').join(mmss(sec));
    }

    /* ---- state updates ---- */

    /* timing: {server: whole seconds of the server's clock or null, sent,
     * recv: Date.now() around the request}. */
    function applyRemaining(expiresIn, limit, fromHeader, timing) {
        var wasInDialog = dialog !== null;
        state.source = fromHeader ? 'header' : 'status';
        if (expiresIn === null || expiresIn === undefined || expiresIn < 0 || !limit) {
            state.expiresAt = null;
            state.limit = null;
        } else {
            var newAt = timing ? deadline(expiresIn, timing.server, timing.sent, timing.recv)
                : nowMs() + expiresIn * 1000;
            /* A header that agrees with the status handler's deadline keeps
             * it: that one is the more precise. */
            if (fromHeader && state.expiresAt !== null && Math.abs(newAt - state.expiresAt) < 1000) {
                newAt = state.expiresAt;
            }
            /* A longer time means activity somewhere: a new warning may come. */
            if (state.expiresAt === null || newAt > state.expiresAt + 1500) {
                state.dismissed = false;
            }
            state.expiresAt = newAt;
            state.limit = limit;
        }
        if (wasInDialog && (!inWindow() || dialog.limit !== state.limit)) {
            closeDialog(); /* tick() opens the right one again if needed */
        }
        if (!fromHeader) {
            schedulePoll();
        }
        tick();
    }

    /* answer: {json, sent, recv} from statusRequest (or another tab). */
    function applyStatus(answer) {
        var json = answer && answer.json;
        if (!json || json.active !== true) {
            return;
        }
        if (!cfg.warning && json.warning === true && typeof json.expires_in === 'number') {
            state.window = Math.max(state.window, json.expires_in);
        }
        var timing = typeof answer.sent === 'number' && typeof answer.recv === 'number'
            ? { server: typeof json.now === 'number' ? json.now : null, sent: answer.sent,
                recv: answer.recv } : null;
        applyRemaining(typeof json.expires_in === 'number' ? json.expires_in : null, json.limit,
            false, timing);
    }

    function inWindow() {
        var rem = remainingSec();
        return rem !== null && state.window > 0 && rem <= state.window;
    }

    /* ---- talking to the status handler ---- */

    /* The status URL with this page's path as ?scope=: the status handler
     * judges with the limits of the page's own scope, wherever it is placed. */
    function statusUrl() {
        var url = cfg.statusUrl;
        var hash = '';
        var h = url.indexOf('#');
        if (h >= 0) {
            hash = url.slice(h);
            url = url.slice(0, h);
        }
        return url + (url.indexOf('?') >= 0 ? '&' : '?') + 'scope=' +
            encodeURIComponent(location.pathname) + hash;
    }

    /* Resolves to {json, sent, recv} (Date.now() around the request), or null
     * when the session is over. */
    function statusRequest(method) {
        if (!origFetch) {
            return Promise.reject(new Error('no fetch'));
        }
        /* A 401 answer has expired the session's cookies, the application's
         * (SessionTimeoutClearCookie) too: expired() then signs in afresh. */
        var sent = Date.now();
        return origFetch(statusUrl(), {
            method: method,
            credentials: 'same-origin',
            cache: 'no-store',
            headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' }
        }).then(function (res) {
            var recv = Date.now();
            if (res.status === 401) {
                expired();
                return null;
            }
            if (!res.ok) {
                throw new Error('status ' + res.status);
            }
            return res.json().then(function (json) {
                return { json: json, sent: sent, recv: recv };
            });
        });
    }

    function poll() {
        if (state.over) {
            return Promise.resolve(null);
        }
        if (state.polling) {
            /* The answer in flight may predate what made us ask: ask again. */
            state.again = true;
            return state.polling.then(function () {
                return state.again ? poll() : null;
            });
        }
        state.again = false;
        state.polling = statusRequest('GET').then(function (answer) {
            state.polling = null;
            applyStatus(answer);
            return answer && answer.json;
        }, function () {
            state.polling = null;
            schedulePoll(MIN_POLL); /* network trouble: try again soon */
            return null;
        });
        return state.polling;
    }

    function schedulePoll(delay) {
        if (state.over) {
            return;
        }
        if (delay === undefined) {
            var rem = remainingSec();
            if (rem === null) {
                delay = MAX_POLL;
            } else {
                /* Far from expiry: rarely; near it: every 5 s. Never later than
                 * the start of the warning window. */
                delay = Math.min(Math.max(rem * 250, MIN_POLL), MAX_POLL);
                var toWindow = (rem - state.window) * 1000;
                if (toWindow > 0 && toWindow < delay) {
                    delay = Math.max(toWindow, 1000);
                }
            }
        }
        clearTimeout(state.pollTimer);
        state.pollTimer = setTimeout(poll, delay);
    }

    function keepAlive() {
        return statusRequest('POST').then(function (answer) {
            if (answer && answer.json && answer.json.active) {
                state.dismissed = false;
                closeDialog();
                applyStatus(answer);
                broadcast({ type: 'keepalive', status: answer.json, sent: answer.sent,
                    recv: answer.recv });
            }
        }, function () {
            poll();
        });
    }

    /* The module's rule for a return path (mst_local_path_is_safe): a local
     * path starting with exactly one '/', without backslashes, spaces,
     * control or non-ASCII characters; anything else returns to '/', as the
     * server's own redirect does. A page answered at //evil.example/ (a
     * front controller or an SPA fallback answers any path) must not send
     * return_to=//evil.example/ to the login page. */
    function safeReturnTarget(target) {
        if (typeof target !== 'string' || target.charAt(0) !== '/' ||
            target.charAt(1) === '/' || target.charAt(1) === '\\') {
            return '/';
        }
        for (var i = 0; i < target.length; i++) {
            var c = target.charCodeAt(i);
            if (c <= 0x20 || c >= 0x7f || c === 0x5c) {
                return '/';
            }
        }
        return target;
    }

    function withReturn(url) {
        if (!cfg.returnParam) {
            return url;
        }
        var target = safeReturnTarget(location.pathname + location.search);
        var hash = '';
        var h = url.indexOf('#');
        if (h >= 0) {
            hash = url.slice(h);
            url = url.slice(0, h);
        }
        return url + (url.indexOf('?') >= 0 ? '&' : '?') + encodeURIComponent(cfg.returnParam) +
            '=' + encodeURIComponent(target) + hash;
    }

    function expired() {
        if (state.over) {
            return;
        }
        state.over = true;
        clearTimeout(state.pollTimer);
        clearTimeout(state.tickTimer);
        if (cfg.loginUrl) {
            location.assign(withReturn(cfg.loginUrl));
        } else {
            location.reload();
        }
    }

    function signOut() {
        if (state.over) {
            return;
        }
        broadcast({ type: 'signout' });
        state.over = true;
        clearTimeout(state.pollTimer);
        clearTimeout(state.tickTimer);
        location.assign(cfg.logoutUrl || cfg.loginUrl || location.href);
    }

    /* ---- the clock: countdown, dialog, expiry ---- */

    var confirming = false;

    /* The next tick comes just after the shown second changes: when the time
     * left passes a whole second (the countdown shows it rounded up). */
    function scheduleTick() {
        clearTimeout(state.tickTimer);
        if (state.over) {
            return;
        }
        var delay = 1000;
        if (state.expiresAt !== null) {
            var left = state.expiresAt - nowMs();
            if (left > 0) {
                delay = (left % 1000 || 1000) + 15;
            }
        }
        state.tickTimer = setTimeout(tick, delay);
    }

    function tick() {
        if (state.over) {
            return;
        }
        scheduleTick();
        var rem = remainingSec();
        if (rem === null) {
            closeDialog();
            return;
        }
        if (rem <= 0) {
            /* Confirm with the server before leaving: another tab may have
             * kept the session alive. */
            if (!confirming) {
                confirming = true;
                poll().then(function (json) {
                    confirming = false;
                    if (json && json.active && json.expires_in <= 0) {
                        expired();
                    }
                });
            }
            updateDialog(0);
            return;
        }
        if (inWindow()) {
            if (!dialog && !(state.limit === 'lifetime' && state.dismissed)) {
                openDialog();
            }
            updateDialog(rem);
        } else if (dialog) {
            closeDialog();
        }
    }

    /* ---- the dialog ---- */

    function style(el, props) {
        for (var k in props) {
            if (Object.prototype.hasOwnProperty.call(props, k)) {
                el.style[k] = props[k];
            }
        }
        return el;
    }

    function makeButton(label, primary, onClick) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = label;
        style(b, {
            font: 'inherit', fontSize: '1rem', fontWeight: '600', lineHeight: '1.25',
            margin: '0', borderRadius: '6px', cursor: 'pointer', minHeight: '2.75rem',
            border: '2px solid #0b3d91', textAlign: 'center',
            background: primary ? '#0b3d91' : '#ffffff', color: primary ? '#ffffff' : '#0b3d91'
        });
        b.addEventListener('focus', function () {
            style(b, { outline: '3px solid #111111', outlineOffset: '2px' });
        });
        b.addEventListener('blur', function () {
            style(b, { outline: 'none' });
        });
        b.addEventListener('click', onClick);
        return b;
    }

    function openDialog() {
        var limit = state.limit;
        var id = 'session-timeout-' + tabId;
        var overlay = style(document.createElement('div'), {
            position: 'fixed', top: '0', left: '0', right: '0', bottom: '0', zIndex: '2147483647',
            background: 'rgba(0, 0, 0, 0.55)', display: 'flex', alignItems: 'center',
            justifyContent: 'center', padding: '1rem', boxSizing: 'border-box'
        });
        overlay.setAttribute('data-session-timeout-dialog', limit);
        var box = style(document.createElement('div'), {
            background: '#ffffff', color: '#111111', maxWidth: '28rem', width: '100%',
            borderRadius: '8px', padding: '1.5rem', boxSizing: 'border-box',
            boxShadow: '0 10px 30px rgba(0, 0, 0, 0.35)', textAlign: 'left',
            font: '16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif'
        });
        box.setAttribute('role', 'alertdialog');
        box.setAttribute('aria-modal', 'true');
        box.setAttribute('aria-labelledby', id + '-title');
        box.setAttribute('aria-describedby', id + '-text');
        var title = style(document.createElement('h2'), {
            font: 'inherit', margin: '0 0 0.5rem', fontSize: '1.25rem', lineHeight: '1.3',
            fontWeight: '700', color: '#111111'
        });
        title.id = id + '-title';
        title.textContent = cfg.text.title;
        var text = style(document.createElement('p'), {
            margin: '0 0 1.25rem', fontSize: '1rem', color: '#111111'
        });
        text.id = id + '-text';
        var row = style(document.createElement('div'), {
            display: 'flex', flexWrap: 'wrap', gap: '0.75rem', justifyContent: 'flex-end'
        });
        var buttons = [];
        if (limit === 'lifetime') {
            buttons.push(makeButton(cfg.text.ok, true, dismiss));
        } else {
            buttons.push(makeButton(cfg.text.stay, true, keepAlive));
            if (cfg.logoutUrl) {
                buttons.push(makeButton(cfg.text.signout, false, signOut));
            }
        }
        buttons.forEach(function (b) { row.appendChild(b); });
        /* Wide: the buttons at their own size, at the right. Narrow (a phone):
         * side by side, sharing the whole row in proportion to their texts,
         * with a little less padding around them; a text too long even so
         * wraps inside its button, which never leaves the dialog. */
        var narrow = window.matchMedia ? window.matchMedia('(max-width: 30rem)') : null;
        var layout = function () {
            var n = !!(narrow && narrow.matches);
            style(overlay, { padding: n ? '0.75rem' : '1rem' });
            style(box, { padding: n ? '1.25rem 1rem 1rem' : '1.5rem' });
            style(row, { flexWrap: n ? 'nowrap' : 'wrap', gap: n ? '0.5rem' : '0.75rem' });
            buttons.forEach(function (b) {
                style(b, n ? { flex: '1 1 auto', minWidth: '0', padding: '0.6em 0.5em' }
                    : { flex: '0 0 auto', minWidth: '7em', padding: '0.6em 1.2em' });
            });
        };
        layout();
        if (narrow) {
            if (narrow.addEventListener) {
                narrow.addEventListener('change', layout);
            } else if (narrow.addListener) {
                narrow.addListener(layout);
            }
        }
        box.appendChild(title);
        box.appendChild(text);
        box.appendChild(row);
        overlay.appendChild(box);
        box.addEventListener('keydown', function (ev) {
            if (ev.key === 'Tab') {
                /* keep focus inside the dialog */
                var i = buttons.indexOf(document.activeElement);
                var next = ev.shiftKey ? (i <= 0 ? buttons.length - 1 : i - 1)
                    : (i < 0 || i === buttons.length - 1 ? 0 : i + 1);
                ev.preventDefault();
                buttons[next].focus();
            } else if (ev.key === 'Escape' && limit === 'lifetime') {
                ev.preventDefault();
                dismiss();
            }
        });
        dialog = {
            overlay: overlay, text: text, limit: limit, buttons: buttons,
            restore: document.activeElement, shown: -1, narrow: narrow, layout: layout
        };
        (document.body || document.documentElement).appendChild(overlay);
        updateDialog(remainingSec());
        buttons[0].focus();
    }

    function updateDialog(sec) {
        if (!dialog || sec === null || dialog.shown === sec) {
            return;
        }
        dialog.shown = sec;
        dialog.text.textContent = fill(dialog.limit === 'lifetime' ? cfg.text.lifetime
            : cfg.text.inactivity, sec);
    }

    function closeDialog() {
        if (!dialog) {
            return;
        }
        var d = dialog;
        dialog = null;
        if (d.narrow) {
            if (d.narrow.removeEventListener) {
                d.narrow.removeEventListener('change', d.layout);
            } else if (d.narrow.removeListener) {
                d.narrow.removeListener(d.layout);
            }
        }
        if (d.overlay.parentNode) {
            d.overlay.parentNode.removeChild(d.overlay);
        }
        if (d.restore && d.restore.focus && document.contains(d.restore)) {
            d.restore.focus();
        }
    }

    function dismiss() {
        state.dismissed = true;
        closeDialog();
    }

    /* ---- other tabs ---- */

    var channel = null;
    function onMessage(msg) {
        if (!msg || msg.from === tabId || state.over) {
            return;
        }
        if (msg.type === 'keepalive') {
            state.dismissed = false;
            closeDialog();
            if (msg.status) {
                applyStatus({ json: msg.status, sent: msg.sent, recv: msg.recv });
            } else {
                poll();
            }
        } else if (msg.type === 'signout') {
            expired();
        }
    }

    function broadcast(msg) {
        msg.from = tabId;
        try {
            if (channel) {
                channel.postMessage(msg);
            } else if (window.localStorage) {
                msg.t = Date.now();
                localStorage.setItem(CHANNEL, JSON.stringify(msg));
            }
        } catch (e) {
            /* private mode or storage full: the other tabs poll anyway */
        }
    }

    try {
        if (typeof BroadcastChannel === 'function') {
            channel = new BroadcastChannel(CHANNEL);
            channel.onmessage = function (ev) { onMessage(ev.data); };
        }
    } catch (e) {
        channel = null;
    }
    if (!channel) {
        window.addEventListener('storage', function (ev) {
            if (ev.key === CHANNEL && ev.newValue) {
                try {
                    onMessage(JSON.parse(ev.newValue));
                } catch (e) { /* not ours */ }
            }
        });
    }

    /* ---- the page's own requests ---- */

    function sameOrigin(url) {
        try {
            return new URL(url, location.href).origin === location.origin;
        } catch (e) {
            return false;
        }
    }

    var pokeTimer = null;
    /* A response from the browser's cache carries the warning header of its
     * time: its Date (on the server's clock) tells. */
    function fresh(date) {
        var t = date ? Date.parse(date) : NaN;
        return isNaN(t) || state.skew === null || Date.now() / 1000 + state.skew - t / 1000 < 3;
    }

    /* sent, recv: Date.now() around the request. */
    function sawResponse(status, header, date, sent, recv) {
        if (state.over) {
            return;
        }
        if (header && !fresh(date)) {
            header = null;
        }
        var m = header && /(?:^|[,;\s])remaining=(\d+)/.exec(header);
        var l = header && /(?:^|[,;\s])limit=(inactivity|lifetime)/.exec(header);
        if (m && l) {
            applyRemaining(parseInt(m[1], 10), l[1], true, { server: null, sent: sent, recv: recv });
            return;
        }
        /* No warning: maybe the request counted as activity. Check soon,
         * once for a burst of requests, when it matters. */
        if (status === 401 || dialog || inWindow()) {
            clearTimeout(pokeTimer);
            pokeTimer = setTimeout(poll, 300);
        }
    }

    if (origFetch) {
        window.fetch = function (input, init) {
            var sent = Date.now();
            var p = origFetch(input, init);
            try {
                var url = typeof input === 'string' ? input : (input && input.url) || String(input);
                if (sameOrigin(url)) {
                    p.then(function (res) {
                        try {
                            sawResponse(res.status, res.headers.get(cfg.warningHeader),
                                res.headers.get('Date'), sent, Date.now());
                        } catch (e) { /* never break the page */ }
                    }, function () {});
                }
            } catch (e) { /* never break the page */ }
            return p;
        };
    }

    if (window.XMLHttpRequest && XMLHttpRequest.prototype) {
        var xhrOpen = XMLHttpRequest.prototype.open;
        var xhrSend = XMLHttpRequest.prototype.send;
        XMLHttpRequest.prototype.open = function (method, url) {
            try {
                this.__stUrl = url;
            } catch (e) { /* never break the page */ }
            return xhrOpen.apply(this, arguments);
        };
        XMLHttpRequest.prototype.send = function () {
            try {
                if (sameOrigin(this.__stUrl)) {
                    var xhr = this;
                    var sent = Date.now();
                    var recv = null;
                    xhr.addEventListener('readystatechange', function () {
                        if (xhr.readyState >= 2 && recv === null) {
                            recv = Date.now(); /* the headers are in */
                        }
                    });
                    xhr.addEventListener('loadend', function () {
                        try {
                            if (xhr.status) {
                                sawResponse(xhr.status, xhr.getResponseHeader(cfg.warningHeader),
                                    xhr.getResponseHeader('Date'), sent, recv || Date.now());
                            }
                        } catch (e) { /* never break the page */ }
                    });
                }
            } catch (e) { /* never break the page */ }
            return xhrSend.apply(this, arguments);
        };
    }

    /* ---- start ---- */

    document.addEventListener('visibilitychange', function () {
        if (document.visibilityState === 'visible') {
            poll(); /* timers of hidden tabs are throttled */
        }
    });
    scheduleTick();
    poll();
})();
