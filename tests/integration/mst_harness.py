# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""mst_harness.py: everything the integration tests need to drive a real
httpd, under one name (`import mst_harness as H`). It only re-exports the
public names of the modules that do the work, one job each:

- mst_server:  Httpd (one Debian apache2: private tree, config writing,
               start/stop, configtest, its logs), running, RUNNING,
               free_port, APACHE2, MODULE_SO, TOP_SRCDIR, ...
- mst_content: BASE_CONF, BASE_MODULES, the docroot CGIs and pages
               (write_docroot), MIME_TYPES
- mst_tokens:  the test keys KEY1.. ENV_KEY, mint(), parse_token(),
               verifies(), kid_of(), mac_of(), new_sid(), now(), b64u()
- mst_log:     ErrorLog (marks, lines, scanning), crash and severity
               patterns, CURRENT_EXPECTED, MINTED_MACS / forbid_in_log(),
               LOG_STATS
- mst_client:  request(), KeepAlive, send_raw(), Response, SetCookie, the
               header sets NAV/XHR/FETCH/JSON_ACCEPT, cookie_hdr(), the
               Location helpers, COOKIE and EXPIRED_COOKIE
- mst_backend: Backend, the proxied Python backend
- mst_asserts: assertions shared by the test modules (assert_redirect(),
               assert_cleared(), assert_valid_token(), warning_of(), ...)

REQUESTS_SENT (a counter that mst_client updates) is read through this
module's __getattr__, so H.REQUESTS_SENT is always the current count.
"""

import mst_client
from mst_asserts import *  # noqa: F401,F403
from mst_asserts import __all__ as _asserts_all
from mst_backend import *  # noqa: F401,F403
from mst_backend import __all__ as _backend_all
from mst_client import *  # noqa: F401,F403
from mst_client import __all__ as _client_all
from mst_content import *  # noqa: F401,F403
from mst_content import __all__ as _content_all
from mst_log import *  # noqa: F401,F403
from mst_log import __all__ as _log_all
from mst_server import *  # noqa: F401,F403
from mst_server import __all__ as _server_all
from mst_tokens import *  # noqa: F401,F403
from mst_tokens import __all__ as _tokens_all

__all__ = (_server_all + _content_all + _tokens_all + _log_all + _client_all + _backend_all
           + _asserts_all + ["REQUESTS_SENT"])


def __getattr__(name):
    if name == "REQUESTS_SENT":
        return mst_client.REQUESTS_SENT
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
