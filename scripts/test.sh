#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# test.sh: the project's test command (README, .ci/run). On a fresh Debian 12
# machine as root it installs what is missing, builds with warnings as errors
# and runs the whole suite: core purity, CUnit under valgrind, the CLI tests
# and the integration tests against a real httpd.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
make check
