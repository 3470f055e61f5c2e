// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
/* cross.js: points the form and the link of cross/index.html at the app on
 * the origin given as ?target= (tests/browser). */
(function () {
    'use strict';
    var target = new URLSearchParams(location.search).get('target');
    document.getElementById('post').action = target + '/app/echo.cgi';
    document.getElementById('link').href = target + '/app/echo.cgi';
}());
