// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
/* keepalive.js: POSTs to the status handler of the origin given as ?target=
 * like a hostile page of the same site would (a simple request: text/plain,
 * mode no-cors, so no preflight), then marks the body data-done
 * (tests/browser). */
(function () {
    'use strict';
    var target = new URLSearchParams(location.search).get('target');
    fetch(target + '/session/status', {
        method: 'POST',
        mode: 'no-cors',
        credentials: 'include',
        headers: { 'Content-Type': 'text/plain' },
        body: 'stay'
    }).then(function () {
        document.body.setAttribute('data-done', 'sent');
    }, function () {
        document.body.setAttribute('data-done', 'failed');
    });
}());
