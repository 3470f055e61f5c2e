// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
/* app.js: the demo page's live session display. Plain JavaScript, no
 * framework. Demo only.
 *
 * - Every STATUS_EVERY ms: GET /session/status (passive: never counts as
 *   activity) and show the remaining times, counting down locally between
 *   polls.
 * - "Stay signed in": POST /session/status (a keep-alive: counts as activity
 *   and renews the cookie). Both send the page's path as ?scope=.
 * - Every POLL_EVERY ms: GET /app/poll, a protected endpoint configured with
 *   SessionTimeoutActivity Off, showing its Session-Timeout-Warning header and
 *   handling the module's 401 JSON answer once the session has ended. */
(function () {
  'use strict';

  /* The page's path as ?scope=: the status handler (at server level here)
   * judges with the limits of this page's scope, and refuses a keep-alive
   * that names no enforced scope. */
  var STATUS_URL = '/session/status?scope=' + encodeURIComponent(window.location.pathname);
  var POLL_URL = '/app/poll';
  var STATUS_EVERY = 5000;
  var POLL_EVERY = 10000;
  var DEFAULT_LOGIN = '/login/?return_to=' + encodeURIComponent(window.location.pathname);

  var current = null; /* {data: status JSON, at: Date.now() when received} */
  var ended = false;

  function el(id) { return document.getElementById(id); }
  function setText(id, text) { el(id).textContent = text; }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return 'no limit'; }
    var s = Math.max(0, Math.round(seconds));
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var r = s % 60;
    var mm = (h > 0 && m < 10 ? '0' : '') + m;
    return (h > 0 ? h + ':' : '') + mm + ':' + (r < 10 ? '0' : '') + r;
  }

  function clock(unixSeconds) {
    return unixSeconds ? new Date(unixSeconds * 1000).toLocaleTimeString() : '-';
  }

  /* seconds left now, from a value the server gave at the last poll */
  function left(value) {
    if (value === null || value === undefined || current === null) { return null; }
    return value - (Date.now() - current.at) / 1000;
  }

  function render() {
    if (current === null || ended) { return; }
    var d = current.data;
    setText('user', d.user);
    setText('sid', d.session_id);
    setText('expires_in', duration(left(d.expires_in)));
    setText('limit', d.limit ? '(' + d.limit + ' limit)' : '');
    setText('lifetime_remaining', duration(left(d.lifetime_remaining)));
    setText('inactivity_remaining', duration(left(d.inactivity_remaining)));
    setText('created', clock(d.created));
    setText('last_activity', clock(d.last_activity));
    el('warning').classList.toggle('hidden', !d.warning);
    var rest = left(d.expires_in);
    if (rest !== null && rest <= 0) { refreshStatus('GET'); }
  }

  function showEnded(reason, loginUrl) {
    ended = true;
    setText('reason', reason || 'unknown');
    el('login_again').href = loginUrl || DEFAULT_LOGIN;
    el('session').classList.add('hidden');
    el('ended').classList.remove('hidden');
  }

  function getJson(url, method) {
    return fetch(url, {
      method: method,
      /* X-Requested-With: a keep-alive counts only from a script of this
       * site (a page of another origin cannot send it without a CORS
       * preflight); without it the POST is refused with 403. */
      headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
      credentials: 'same-origin',
      cache: 'no-store'
    }).then(function (resp) {
      return resp.json().then(function (body) {
        return { status: resp.status, body: body, headers: resp.headers };
      });
    });
  }

  function refreshStatus(method) {
    return getJson(STATUS_URL, method).then(function (r) {
      if (r.status === 200 && r.body.active) {
        current = { data: r.body, at: Date.now() };
        ended = false;
        render();
      } else if (r.status === 401) {
        showEnded(r.body.reason, null);
      } else {
        /* a refused keep-alive or a store that is down: the session is
         * not over, say what happened */
        setText('keepalive_result', 'the server answered ' + r.status +
          (r.body && r.body.error ? ' (' + r.body.error + ')' : ''));
      }
      return r;
    }).catch(function (err) {
      setText('poll', 'server not reachable (' + err + ')');
    });
  }

  function pollApp() {
    if (ended) { return; }
    getJson(POLL_URL, 'GET').then(function (r) {
      setText('poll_warning', r.headers.get('Session-Timeout-Warning') || 'none');
      if (r.status === 401) {
        /* the module's answer to a scripted request without a valid session:
         * {"error":"session_expired","reason":"inactivity","login_url":"..."} */
        showEnded(r.body.reason, r.body.login_url);
        return;
      }
      setText('poll', 'server time ' + r.body.server_time + ', the backend sees user "' +
              r.body.user + '", ' + duration(r.body.expires_in) + ' left (' + r.body.limit + ')');
    }).catch(function (err) {
      setText('poll', 'server not reachable (' + err + ')');
    });
  }

  el('keepalive').addEventListener('click', function () {
    refreshStatus('POST').then(function (r) {
      if (r && r.status === 200) {
        setText('keepalive_result', 'kept alive at ' + new Date().toLocaleTimeString());
      }
    });
  });

  refreshStatus('GET');
  pollApp();
  window.setInterval(function () { refreshStatus('GET'); }, STATUS_EVERY);
  window.setInterval(pollApp, POLL_EVERY);
  window.setInterval(render, 1000);
}());
