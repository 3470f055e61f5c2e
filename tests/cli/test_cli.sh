#!/bin/sh
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
# test_cli.sh: tests of the admin CLI session-timeout-token (SPEC section 8):
# mint reproduces the SPEC section 2 vectors, keygen writes a 0600 key that
# mint and inspect accept, inspect reports valid/lifetime/inactivity/bad MAC
# with exit 0 or 1, usage errors exit 2 and I/O errors 3; inspect takes a
# token from standard input (-) and as pasted (NAME=..., Cookie:,
# Set-Cookie:); --version. Token v2: mint --format v2
# reproduces README's vectors, inspect decrypts the user only when the MAC
# verifies, and check_token_v2.py (an independent Python implementation)
# checks README's vectors and the CLI's tokens. Prints "ok - ..." or
# "not ok - ..." per check and a final "N passed, N failed" (tests/lib/tap.sh);
# exits non-zero if any check failed.
top_srcdir="${top_srcdir:-$(dirname "$0")/../..}"
top_builddir="${top_builddir:-$(dirname "$0")/../..}"
. "$top_srcdir/tests/lib/tap.sh"
bin="$top_builddir/session-timeout-token"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mst-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

SID=AAECAwQFBgcICQoLDA0ODw
V1=v1.3eb1bd43.$SID.1764000000.1764000600.YWxpY2U.Zi7qamM2XmI3LM7DNnjdJYOl4vtEBECTq3ZZmDLelew
V2=v1.3eb1bd43.$SID.1764000000.1764000000..Ku2HO_jgU1SdpIyOmBNooVJroxG9OMuUlFtcJFiL5aw
V3=v1.3eb1bd43.$SID.1700000000.1700003600.asO2cmdAZXhhbXBsZS5vcmc.B0T0zyl1w9VXoAV-LgRMi5rCciRWZ3Bf5joE7W_gVMs
# README "Token format" v2 vectors (nonces 0x10.., 0x20.., 0x30..)
W1=v2.3eb1bd43.$SID.1764000000.1764000600.EBESExQVFhcYGRob-S17wMdbKIJOd8KAwfbBI3U7uFu0.ArIEq9nMgSEEpoHo8yoJXBm7FQZlw92W_FtKM2RV03E
W2=v2.3eb1bd43.$SID.1764000000.1764000000.ICEiIyQlJicoKSor5OnA5xC-nsHSovoOTaJCkQ.zSafz4PBLFM4sUAbRhkpK4GC7X7r0LdqWXMTfOddUC4
W3=v2.3eb1bd43.$SID.1700000000.1700003600.MDEyMzQ1Njc4OTo7NF30dySJtuGJKFkElJpVdeNLoaM99SF4YkhTWynZi2xG.4ebR_9bOxXDy0IL4vcfe6s8ijY2wPR0s7LsTSNd3I9s
KEY="$tmp/spec.key"
printf '0123456789abcdef0123456789abcdef\n' >"$KEY"

# run CMD...: runs the CLI, output (stdout and stderr) in $tmp/out, status in $rc.
run() {
    "$bin" "$@" >"$tmp/out" 2>&1
    rc=$?
}

# fail DESCRIPTION: a failed check, shown with the last run's output.
fail() {
    not_ok "$1" "$(cat "$tmp/out")"
}

# expect STATUS PATTERN DESCRIPTION: checks the last run's status and that its
# output matches PATTERN (a grep -E expression; empty for none).
expect() {
    if [ "$rc" -eq "$1" ] && { [ -z "$2" ] || grep -Eq -- "$2" "$tmp/out"; }; then
        ok "$3"
    else
        fail "$3 (exit $rc, wanted $1${2:+ and /$2/})"
    fi
}

# expect_output TEXT DESCRIPTION: the last run exited 0 and printed exactly TEXT.
expect_output() {
    if [ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")" = "$1" ]; then
        ok "$2"
    else
        fail "$2 (exit $rc)"
    fi
}

if [ ! -x "$bin" ]; then
    tap_bail "$bin is not built"
fi

# ---- mint: the SPEC vectors ----
run mint --key "$KEY" --user alice --created 1764000000 --last 1764000600 --sid "$SID"
expect_output "$V1" "mint reproduces SPEC vector 1 (alice)"
run mint --key "$KEY" --user '' --created 1764000000 --sid "$SID"
expect_output "$V2" "mint reproduces SPEC vector 2 (empty user, --last defaults to --created)"
run mint --key "file:$KEY" --user 'jörg@example.org' --created=1700000000 --last=1700003600 --sid="$SID"
expect_output "$V3" "mint reproduces SPEC vector 3 (UTF-8 user, file: and --opt=value)"
MST_CLI_TEST_SECRET=0123456789abcdef0123456789abcdef
export MST_CLI_TEST_SECRET
run mint --key env:MST_CLI_TEST_SECRET --user alice --created 1764000000 --last 1764000600 --sid "$SID"
expect_output "$V1" "mint with an env: key"

# ---- mint: defaults ----
before=$(date +%s)
run mint --key "$KEY" --user bob
after=$(date +%s)
minted=$(cat "$tmp/out")
created=$(printf '%s\n' "$minted" | cut -d. -f4)
last=$(printf '%s\n' "$minted" | cut -d. -f5)
sid=$(printf '%s\n' "$minted" | cut -d. -f3)
case "$created" in '' | *[!0-9]*) created=0 ;; esac
if [ "$rc" -eq 0 ] && [ "$created" -ge "$before" ] && [ "$created" -le "$after" ] &&
    [ "$last" = "$created" ] && [ ${#sid} -eq 22 ] && [ "$sid" != "$SID" ]; then
    ok "mint defaults: created = last = now, random SID"
else
    fail "mint defaults: created = last = now, random SID (exit $rc)"
fi
run inspect --key "$KEY" "$minted"
expect 0 "^verdict: +valid" "inspect accepts a freshly minted token"

# ---- keygen ----
run keygen -o "$tmp/new.key"
perms=$(ls -l "$tmp/new.key" 2>/dev/null | cut -c1-10)
if [ "$rc" -eq 0 ] && [ "$perms" = "-rw-------" ] &&
    grep -Eq '^[A-Za-z0-9_-]{43}$' "$tmp/new.key" && [ "$(wc -l <"$tmp/new.key")" -eq 1 ]; then
    ok "keygen -o writes 43 base64url characters to a 0600 file"
else
    fail "keygen -o writes 43 base64url characters to a 0600 file (exit $rc, mode $perms)"
fi
cp "$tmp/new.key" "$tmp/new.copy" 2>/dev/null
run keygen -o "$tmp/new.key"
if [ "$rc" -eq 3 ] && cmp -s "$tmp/new.key" "$tmp/new.copy" && grep -q exists "$tmp/out"; then
    ok "keygen refuses to overwrite an existing file"
else
    fail "keygen refuses to overwrite an existing file (exit $rc)"
fi
run mint --key "$tmp/new.key" --user carol --created 1764000000 --sid "$SID"
new_token=$(cat "$tmp/out")
expect 0 "^v1\.[0-9a-f]{8}\.$SID\.1764000000\.1764000000\.Y2Fyb2w\." "mint accepts the keygen file"
run inspect --key "$tmp/new.key" --now 1764000001 "$new_token"
expect 0 "^verdict: +valid" "inspect verifies a token minted with the keygen file"
run keygen
expect 0 '^[A-Za-z0-9_-]{43}$' "keygen without -o prints a key"
first=$(cat "$tmp/out")
run keygen
if [ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")" != "$first" ]; then
    ok "two keygen runs give different keys"
else
    fail "two keygen runs give different keys"
fi

# ---- inspect: verdicts ----
run inspect --key "$KEY" --now 1764000700 "$V1"
expect 0 "^verdict: +valid" "inspect vector 1 inside the limits: exit 0, valid"
expect 0 '^user: +"alice"' "inspect prints the decoded user"
expect 0 "^mac: +verifies with KID 3eb1bd43" "inspect says the MAC verifies and with which KID"
expect 0 "^created: +1764000000 \(2025-11-24T16:00:00Z\)" "inspect prints CREATED as a date"
expect 0 "^lifetime_remaining: +85700 s" "inspect prints the seconds remaining"
run inspect --key "$KEY" --now 1764086399 "$V1"
expect 0 "^expires_in: +1 s \(lifetime\)" "inspect 1 s before the 24h default lifetime: valid"
run inspect --key "$KEY" --now 1764086400 "$V1"
expect 1 "^verdict: +expired \(lifetime\) 0 s ago" "inspect exactly at 24h: exit 1, lifetime"
run inspect --key "$KEY" --now 1764090000 "$V1"
expect 1 "^verdict: +expired \(lifetime\)" "inspect after 24h: exit 1, lifetime"
run inspect --key "$KEY" --lifetime 1h --now 1764003600 "$V1"
expect 1 "^verdict: +expired \(lifetime\)" "inspect with --lifetime 1h: exit 1, lifetime"
run inspect --key "$KEY" --inactivity 5m --now 1764000899 "$V1"
expect 0 "^verdict: +valid" "inspect with --inactivity 5m, 1 s before: valid"
run inspect --key "$KEY" --inactivity 5m --now 1764000900 "$V1"
expect 1 "^verdict: +expired \(inactivity\)" "inspect with --inactivity 5m and a later --now: inactivity"
run inspect --key "$KEY" --lifetime Off --inactivity Off --now 999999999999 "$V1"
expect 0 "^expires_in: +Off" "inspect with both limits Off: valid forever"
run inspect --key "$KEY" --now 1764000000 "$V1"
expect 0 "^clock: +LAST 1764000600 is more than the skew ahead" "inspect before LAST - skew: LAST repaired, as the module does"
run inspect --key "$KEY" --now 1763999969 "$V1"
expect 1 "^verdict: +invalid \(timestamp in the future\)" "inspect before CREATED - skew: invalid"
run inspect --key "$KEY" --skew 10m --now 1764000000 "$V1"
expect 0 "^verdict: +valid" "inspect with a wider --skew: valid"

# ---- inspect: tampering, unknown keys, rotation ----
tampered=$(printf '%s\n' "$V1" | sed 's/\.YWxpY2U\./.Ym9i./')
run inspect --key "$KEY" --now 1764000700 "$tampered"
expect 1 "^mac: +does not verify" "a tampered user: exit 1, MAC does not verify"
expect 1 "^verdict: +invalid \(bad mac\)" "a tampered user: verdict invalid"
flipped=$(printf '%s\n' "$V1" | sed 's/Zi7q/Zi7r/')
run inspect --key "$KEY" --now 1764000700 "$flipped"
expect 1 "^mac: +does not verify" "a flipped MAC character: exit 1, MAC does not verify"
run inspect --key "$KEY" --now 1764000700 "${V1}x"
expect 1 "^verdict: +invalid \(malformed mac\)" "a malformed token: exit 1, invalid"
run inspect --key "$KEY" --now 1764000700 "not-a-token"
expect 1 "^verdict: +invalid" "garbage: exit 1, invalid"
run inspect --key "$tmp/new.key" --now 1764000700 "$V1"
expect 1 "^mac: +not checked: no --key has KID 3eb1bd43" "an unknown KID: exit 1"
run inspect --key "$tmp/new.key" --key "$KEY" --now 1764000700 "$V1"
expect 0 "^mac: +verifies with KID 3eb1bd43 \(key 2 of 2\)" "rotation: the second --key verifies"

# ---- token v2 ----
run mint --key "$KEY" --format v2 --nonce 101112131415161718191a1b --user alice --created 1764000000 --last 1764000600 --sid "$SID"
expect_output "$W1" "mint --format v2 reproduces README v2 vector 1 (alice)"
run mint --key "$KEY" --format=v2 --nonce=202122232425262728292A2B --user '' --created 1764000000 --sid "$SID"
expect_output "$W2" "mint --format v2 reproduces README v2 vector 2 (empty user, upper-case --nonce)"
run mint --key "$KEY" --format v2 --nonce 303132333435363738393a3b --user 'jörg@example.org' --created 1700000000 --last 1700003600 --sid "$SID"
expect_output "$W3" "mint --format v2 reproduces README v2 vector 3 (UTF-8 user)"
run mint --key "$KEY" --format v1 --user alice --created 1764000000 --last 1764000600 --sid "$SID"
expect_output "$V1" "mint --format v1: the v1 vector, as without --format"
run mint --key "$KEY" --format v2 --user alice --created 1764000000 --last 1764000600 --sid "$SID"
first=$(cat "$tmp/out")
run mint --key "$KEY" --format v2 --user alice --created 1764000000 --last 1764000600 --sid "$SID"
case "$first" in
v2.3eb1bd43.$SID.1764000000.1764000600.*) v2_shape=yes ;;
*) v2_shape=no ;;
esac
if [ "$rc" -eq 0 ] && [ "$v2_shape" = yes ] && [ "$(cat "$tmp/out")" != "$first" ] &&
    [ "$first" != "$W1" ] && ! printf '%s' "$first" | grep -q YWxpY2U; then
    ok "mint --format v2 without --nonce: a random nonce per token, no cleartext user"
else
    fail "mint --format v2 without --nonce: a random nonce per token, no cleartext user (exit $rc)"
fi
run inspect --key "$KEY" --now 1764000700 "$first"
expect 0 "^verdict: +valid" "inspect accepts a v2 token minted with a random nonce"
run inspect --key "$KEY" --now 1764000700 "$W1"
expect 0 "^version: +v2$" "inspect a v2 token: version v2"
expect 0 '^user: +"alice"$' "inspect a v2 token: the decrypted user"
expect 0 "^mac: +verifies with KID 3eb1bd43" "inspect a v2 token: the MAC verifies"
expect 0 "^verdict: +valid" "inspect a v2 token inside the limits: valid"
run inspect --key "$KEY" --now 1764000700 "$V1"
expect 0 "^version: +v1$" "inspect a v1 token: version v1"
run inspect --key "$KEY" --now 1700003700 "$W3"
expect 0 '^user: +"j' "inspect README v2 vector 3: the UTF-8 user"
run inspect --key "$KEY" --inactivity 5m --now 1764000900 "$W1"
expect 1 "^verdict: +expired \(inactivity\)" "inspect a v2 token: the limits apply as for v1"
run inspect --key "$tmp/new.key" --now 1764000700 "$W1"
expect 1 "^user: +\(encrypted\)$" "inspect a v2 token with an unknown KID: user (encrypted), exit 1"
flipped=$(printf '%s\n' "$W1" | sed 's/ArIE/ArIF/')
run inspect --key "$KEY" --now 1764000700 "$flipped"
expect 1 "^user: +\(encrypted\)$" "inspect a v2 token whose MAC fails: user (encrypted)"
expect 1 "^verdict: +invalid \(bad mac\)" "inspect a v2 token whose MAC fails: invalid"
# A correct MAC over a changed nonce (re-signed as the README shell example does).
body=$(printf '%s\n' "$W1" | sed 's/\.EBES/.EBET/; s/\.[^.]*$//')
mac=$(printf '%s' "$body" | openssl dgst -sha256 -mac HMAC -macopt "key:0123456789abcdef0123456789abcdef" -binary |
    base64 -w0 | tr '+/' '-_' | tr -d '=')
run inspect --key "$KEY" --now 1764000700 "$body.$mac"
expect 1 "^mac: +verifies with KID 3eb1bd43" "a v2 token re-signed over a changed nonce: the MAC verifies"
expect 1 "^verdict: +invalid \(user does not decrypt\)" "... but the user does not decrypt: invalid"
expect 1 "^user: +\(encrypted\)$" "... and no user is shown"
run mint --key "$tmp/new.key" --format v2 --user carol --created 1764000000 --sid "$SID"
new_v2=$(cat "$tmp/out")
run inspect --key "$KEY" --key "$tmp/new.key" --now 1764000001 "$new_v2"
expect 0 '^user: +"carol"$' "rotation: a v2 token of the second --key decrypts with it"
run inspect --key "$KEY" --now 1764000700 "${W1}x"
expect 1 "^verdict: +invalid \(malformed mac\)" "a malformed v2 token: exit 1, invalid"
run mint --key "$KEY" --format v3 --user alice
expect 2 "--format 'v3' is not a token format" "mint --format v3: exit 2"
run mint --key "$KEY" --user alice --nonce 101112131415161718191a1b
expect 2 "--nonce needs --format v2" "mint --nonce without --format v2: exit 2"
run mint --key "$KEY" --format v2 --user alice --nonce 101112131415161718191a
expect 2 "is not a nonce: 24 hex digits" "mint --nonce of 11 bytes: exit 2"
run mint --key "$KEY" --format v2 --user alice --nonce 101112131415161718191a1g
expect 2 "is not a nonce" "mint --nonce with a non-hex digit: exit 2"
python=${PYTHON3:-python3}
if "$python" "$(dirname "$0")/check_token_v2.py" "${top_srcdir:-$(dirname "$0")/../..}/README.md" \
    "$bin" >"$tmp/out" 2>&1 && ! grep -q '^not ok' "$tmp/out"; then
    ok "check_token_v2.py: $(grep -c '^ok' "$tmp/out") independent checks of README's v2 vectors and the CLI"
else
    fail "check_token_v2.py: an independent implementation agrees with README and the CLI"
fi

# ---- usage errors ----
run
expect 2 "command is needed" "no command: exit 2"
run frobnicate
expect 2 "unknown command" "unknown command: exit 2"
run mint --key "$KEY" --user alice --bogus 1
expect 2 "unknown option '--bogus'" "unknown option: exit 2"
run mint --key "$KEY" --user
expect 2 "needs a value" "option without its value: exit 2"
run mint --user alice
expect 2 "--key is required" "mint without --key: exit 2"
run mint --key "$KEY"
expect 2 "--user is required" "mint without --user: exit 2"
run mint --key "$tmp/missing.key" --user alice
expect 3 "cannot read" "unreadable key file: exit 3 (I/O)"
run mint --key env:MST_CLI_TEST_UNSET_VARIABLE --user alice
expect 2 "not set" "unset env: key: exit 2"
printf 'short\n' >"$tmp/short.key"
run mint --key "$tmp/short.key" --user alice
expect 2 "at least 32" "a key shorter than 32 bytes: exit 2"
run mint --key "$KEY" --user alice --sid short
expect 2 "session id" "bad --sid: exit 2"
run mint --key "$KEY" --user alice --created 1764000600 --last 1764000000
expect 2 "before" "--last before --created: exit 2"
run mint --key "$KEY" --user alice --created -5
expect 2 "not a time" "negative --created: exit 2"
run mint --key "$KEY" --user alice --created 1000000000000
expect 2 "not a time" "13-digit --created: exit 2"
run mint --key "$KEY" --user "$(printf 'a\tb')"
expect 2 "--user" "control character in --user: exit 2"
run inspect --key "$KEY" --lifetime 5x "$V1"
expect 2 "--lifetime: '5x' is not a duration" "bad --lifetime: exit 2"
run inspect --key "$KEY" --inactivity 1.5h "$V1"
expect 2 "--inactivity" "bad --inactivity: exit 2"
run inspect --key "$KEY" --now yesterday "$V1"
expect 2 "--now" "bad --now: exit 2"
run inspect --key "$KEY"
expect 2 "exactly one TOKEN" "inspect without a token: exit 2"
run inspect --key "$KEY" "$V1" "$V2"
expect 2 "exactly one TOKEN" "inspect with two tokens: exit 2"
run inspect --key "$tmp/missing.key" "$V1"
expect 3 "cannot read" "inspect with an unreadable key: exit 3 (I/O)"
run keygen extra
expect 2 "no arguments" "keygen with an argument: exit 2"
run keygen -o "$tmp/no/such/dir/key"
expect 3 "cannot write" "keygen into a missing directory: exit 3 (I/O)"
if [ -w /dev/full ]; then
    "$bin" keygen >/dev/full 2>"$tmp/out"
    rc=$?
    expect 3 "cannot write to standard output" "keygen to a full standard output: exit 3 (I/O)"
fi

# ---- inspect: the token as a user has it ----
INSPECT="inspect --key $KEY --lifetime 8h --inactivity 30m --now 1764000900"
run $INSPECT "session_timeout=$V1"
expect 0 "^verdict: +valid" "inspect NAME=TOKEN as pasted from the browser"
run $INSPECT "Cookie: lang=en; session_timeout=$V1; other=x"
expect 0 "^verdict: +valid" "inspect a pasted Cookie header takes our cookie"
run $INSPECT "Set-Cookie: session_timeout=$V1; Path=/; HttpOnly; SameSite=Lax"
expect 0 "^verdict: +valid" "inspect a pasted Set-Cookie value ignores its attributes"
run $INSPECT "my_session=$V1"
expect 0 "^verdict: +valid" "inspect OTHERNAME=TOKEN (another cookie name)"
run $INSPECT "  $V1  "
expect 0 "^verdict: +valid" "inspect a token with surrounding spaces"
printf '%s\n' "$V1" | "$bin" $INSPECT - >"$tmp/out" 2>&1
rc=$?
expect 0 "^verdict: +valid" "inspect - reads the token from standard input"
printf 'session_timeout=%s\r\n' "$V1" | "$bin" $INSPECT - >"$tmp/out" 2>&1
rc=$?
expect 0 "^verdict: +valid" "inspect - takes a pasted NAME=TOKEN line with CRLF"
"$bin" $INSPECT - </dev/null >"$tmp/out" 2>&1
rc=$?
expect 1 "^verdict: +invalid" "inspect - with empty standard input: invalid"
if [ -d /proc/self ]; then
    "$bin" $INSPECT - <"$tmp" >"$tmp/out" 2>&1
    rc=$?
    expect 3 "cannot read the token from standard input" "inspect - with unreadable standard input: exit 3 (I/O)"
fi

# ---- revoke and store-check against a private redis-server ----
run revoke --store redis://127.0.0.1:1 --all --sid "$SID"
expect 2 "exactly one of" "revoke with two targets: exit 2"
run revoke --store redis://127.0.0.1:1
expect 2 "exactly one of" "revoke without a target: exit 2"
run revoke --store socache:shmcb --all
expect 2 "admin handler" "revoke into a socache store: exit 2"
run revoke --store redis://127.0.0.1:1 --user alice
expect 2 "--key is required" "revoke --user without --key: exit 2"
run revoke --store redis://127.0.0.1:1 --sid short
expect 2 "not a session id" "revoke --sid with a bad id: exit 2"
run revoke --all=1 --store redis://127.0.0.1:1
expect 2 "takes no value" "--all with a value: exit 2"
run store-check
expect 2 "--store is required" "store-check without --store: exit 2"
redis_server=$(command -v redis-server || true)
if [ -z "$redis_server" ]; then
    skip "revoke and store-check against redis-server" "redis-server is not installed"
else
    rport=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$redis_server" --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        --requirepass cli-pw --dir "$tmp" >"$tmp/redis.log" 2>&1 &
    rpid=$!
    trap 'kill "$rpid" 2>/dev/null; rm -rf "$tmp"' EXIT
    printf 'cli-pw\n' >"$tmp/auth"
    i=0
    while [ $i -lt 50 ]; do
        run store-check --store "redis://127.0.0.1:$rport" --store-auth "file:$tmp/auth"
        [ "$rc" -eq 0 ] && break
        sleep 0.1
        i=$((i + 1))
    done
    expect 0 "^store: up" "store-check of a running redis: exit 0"
    run store-check --store "redis://127.0.0.1:$rport"
    expect 1 "store: down" "store-check without the password: exit 1"
    run revoke --store "redis://127.0.0.1:$rport/2" --store-auth "file:$tmp/auth" --sid "$SID"
    expect 0 "revoked: sid $SID" "revoke --sid: exit 0"
    run revoke --store "redis://127.0.0.1:$rport/2" --store-auth "file:$tmp/auth" --key "$KEY" --user alice
    expect 0 "user \"alice\" created before" "revoke --user: exit 0"
    run revoke --store "redis://127.0.0.1:$rport/2" --store-auth "file:$tmp/auth" --context shop --all --ttl 8h
    expect 0 "every session created before" "revoke --all --context: exit 0"
    keys=$(REDISCLI_AUTH=cli-pw redis-cli -p "$rport" -n 2 --no-auth-warning keys 'mst:*' 2>&1 | sort | tr '\n' ' ')
    want="mst:v1:session_timeout:s:$SID mst:v1:session_timeout:u:yZX39PDe8tsduieJsm0AT0iuYbJpFojwSbnMkR-BZUM mst:v1:shop:a "
    if [ "$keys" = "$want" ]; then ok "revoke wrote the module's keys (user as HMAC) into db 2"; else not_ok "revoke wrote the module's keys" "$keys"; fi
    ttl=$(REDISCLI_AUTH=cli-pw redis-cli -p "$rport" -n 2 --no-auth-warning ttl mst:v1:shop:a 2>&1)
    if [ "$ttl" -gt 28800 ] && [ "$ttl" -le 28831 ]; then ok "revoke --ttl 8h: the entry lives 8h + 31s"; else not_ok "revoke --ttl" "ttl $ttl"; fi
    kill "$rpid" 2>/dev/null
    wait "$rpid" 2>/dev/null
    run store-check --store "redis://127.0.0.1:$rport"
    expect 1 "store: down" "store-check of a stopped redis: exit 1"
    run revoke --store "redis://127.0.0.1:$rport" --all
    expect 1 "cannot connect" "revoke into a stopped redis: exit 1"
fi

# ---- help ----
run --help
expect 0 "^usage: session-timeout-token" "--help: exit 0 and usage"
run inspect --help
expect 0 "inspect --key KEY" "inspect --help: exit 0"
run --version
expect 0 "^session-timeout-token [0-9]+\.[0-9]+" "--version: exit 0 and the version"

tap_summary
