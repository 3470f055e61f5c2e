#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# build.sh: configures (once) and builds the module, the CLI and the tests in
# the source tree. Extra arguments go to ./configure.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f Makefile ] || [ configure.ac -nt Makefile ] || [ Makefile.am -nt Makefile ]; then
    autoreconf -fi
    ./configure --enable-werror "$@"
fi
make -j"$(nproc)"
