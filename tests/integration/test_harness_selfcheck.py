"""Checks of the harness itself: the error-log guard flags what it must (so a
passing run means something) and honours declared expectations."""
import os

import mst_harness as H


def fake_log(lines):
    s = H.Httpd("", name="selfcheck", load_module=False)
    os.makedirs(os.path.dirname(s.log_path), exist_ok=True)
    with open(s.log_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return s


def test_scanner_flags_crashes_and_warnings():
    s = fake_log([
        "[Sun Nov 29 21:00:00.000000 2026] [core:notice] [pid 1] AH00052: child pid 7 exit signal Segmentation fault (11)",
        "[Sun Nov 29 21:00:00.000000 2026] [session_timeout:warn] [pid 1] MST00099: something odd",
        "[Sun Nov 29 21:00:00.000000 2026] [proxy:error] [pid 1] AH00957: connect failed",
        "[Sun Nov 29 21:00:00.000000 2026] [session_timeout:info] [pid 1] MST00006: session rejected: reason=missing",
        "[Sun Nov 29 21:00:00.000000 2026] [mpm_event:notice] [pid 1] AH00489: configured",
    ])
    try:
        problems = s.scan_log()
        assert len(problems) == 3, problems
        assert problems[0].startswith("[selfcheck] CRASH:")
        # scanning again finds nothing new
        assert s.scan_log() == []
    finally:
        s.cleanup()


def test_scanner_honours_expectations_but_never_for_crashes():
    s = fake_log([
        "[x] [session_timeout:warn] [pid 1] MST00099: something odd",
        "[x] [core:error] [pid 1] AH00052: child pid 7 exit signal Aborted (6)",
    ])
    try:
        problems = s.scan_log([r"MST00099", r"AH00052"])
        assert len(problems) == 1 and "CRASH" in problems[0], problems
    finally:
        s.cleanup()


def test_minter_registers_macs_for_the_log_check():
    tok = H.mint()
    assert tok.rsplit(".", 1)[1] in H.MINTED_MACS
