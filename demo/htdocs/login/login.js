// Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
/* login.js: fills the demo login form's hidden return_to field from the
 * ?return_to= the module appended when it redirected here, and shows the
 * error the login CGI reports. Demo only; the CGI checks return_to again. */
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var target = params.get('return_to');
  if (target && target.charAt(0) === '/' && target.charAt(1) !== '/' && target.indexOf('\\') < 0) {
    document.getElementById('return_to').value = target;
    document.getElementById('target').textContent = target;
  }
  if (params.get('error')) {
    document.getElementById('error').classList.remove('hidden');
  }
}());
