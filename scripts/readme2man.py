#!/usr/bin/env python3
# Copyright 2026 The mod_session_timeout authors. SPDX-License-Identifier: Apache-2.0
"""readme2man.py: renders the manual page session-timeout-token(1) from
README.md's section "## Admin CLI: session-timeout-token", so that the two
cannot disagree (make builds the page; tests/cli/test_manpage.sh checks the
section against the command's --help).

    readme2man.py [--version VERSION] [--date YYYY-MM-DD] README.md > session-timeout-token.1

The section may use this much markdown, and nothing else:
  <!-- man NAME(SECTION): one-line description -->   the NAME line (required)
  paragraphs                        before the first ### heading: DESCRIPTION
  ### Heading                       a man section (.SH), upper-cased
  ``` fenced blocks                 shown verbatim, indented
  - `term`, `term`: text            a tagged paragraph (.TP); continuation
                                    lines are indented by two spaces
  - text                            a bullet
  `code`, **bold**, *italic*, [text](url)
Inside `code`, words in capitals (FILE, KEY, T) are placeholders, set in
italics; the rest is literal, set in bold. Other HTML comments are dropped.

The date is --date, else SOURCE_DATE_EPOCH (reproducible builds), else the
README's modification time.
"""
import argparse
import datetime
import os
import re
import sys

HEADING = "## Admin CLI: session-timeout-token"

SEE_ALSO = """\
.SH SEE ALSO
.BR apache2ctl (8),
.BR a2enmod (8)
.PP
The module's directives, the token format and the deployment rules are in
its README, which the Debian package installs as
.IR /usr/share/doc/libapache2\\-mod\\-session\\-timeout/README.md.gz .
"""


class Error(Exception):
    pass


def section(text):
    """The lines of the CLI section, heading excluded."""
    lines = text.split("\n")
    try:
        start = lines.index(HEADING)
    except ValueError:
        raise Error("README has no line %r" % HEADING)
    out = []
    for line in lines[start + 1:]:
        if line.startswith("## ") or line.startswith("# "):
            break
        out.append(line)
    return out


def escape(text):
    """roff-escapes plain text (no markup)."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append(ch)
        elif ch == "\u2014":
            out.append("\\(em")
        elif ch == "\u2013":
            out.append("\\(en")
        elif ch in "\u2018\u2019":
            out.append("'" if ch == "\u2019" else "`")
        elif ch in "\u201c\u201d":
            out.append('"')
        else:
            out.append("\\[u%04X]" % ord(ch))
    return "".join(out)


PLACEHOLDER = re.compile(r"\b([A-Z][A-Z0-9_]*)\b")


def code(text):
    """A `code` span: literals bold, placeholders in capitals italic."""
    out = []
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > pos:
            out.append("\\fB%s\\fR" % escape(text[pos:m.start()]))
        out.append("\\fI%s\\fR" % escape(m.group(1)))
        pos = m.end()
    if pos < len(text):
        out.append("\\fB%s\\fR" % escape(text[pos:]))
    return "".join(out)


INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)]+)\)")


def inline(text):
    """Renders one line of text with inline markup."""
    out = []
    pos = 0
    for m in INLINE.finditer(text):
        out.append(escape(text[pos:m.start()]))
        if m.group(1) is not None:
            out.append(code(m.group(1)))
        elif m.group(2) is not None:
            out.append("\\fB%s\\fR" % escape(m.group(2)))
        elif m.group(3) is not None:
            out.append("\\fI%s\\fR" % escape(m.group(3)))
        else:
            out.append(inline(m.group(4)))
            if re.match(r"https?://", m.group(5)):
                out.append(" <%s>" % escape(m.group(5)))
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def fill(words):
    """Text lines for roff: no line may start with '.' or a quote."""
    lines = []
    for line in words:
        line = line.strip()
        if not line:
            continue
        rendered = inline(line)
        if rendered[:1] in (".", "'"):
            rendered = "\\&" + rendered
        lines.append(rendered)
    return lines


TERM = re.compile(r"^((?:`[^`]+`)(?:,\s*`[^`]+`)*):\s+(.*)$")


def render(lines, version, date):
    name = None
    out = []
    state = {"para": [], "section": False}

    def flush():
        if state["para"]:
            out.append(".PP")
            out.extend(fill(state["para"]))
            state["para"] = []

    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("<!--"):
            end = i
            while "-->" not in lines[end]:
                end += 1
                if end >= len(lines):
                    raise Error("unterminated HTML comment")
            comment = " ".join(lines[i:end + 1])
            m = re.match(r"<!--\s*man\s+([\w.-]+)\((\d)\):\s*(.*?)\s*-->$", comment)
            if m:
                name = m.groups()
            i = end + 1
            continue
        if line.startswith("### "):
            flush()
            if not state["section"]:
                state["section"] = True
            out.append(".SH %s" % escape(line[4:].strip().upper()))
            i += 1
            continue
        if not state["section"] and (line.strip() or state["para"]) and not out:
            out.append(".SH DESCRIPTION")
        if line.startswith("```"):
            flush()
            i += 1
            block = []
            while i < len(lines) and not lines[i].startswith("```"):
                block.append(lines[i])
                i += 1
            if i >= len(lines):
                raise Error("unterminated code block")
            i += 1
            out.append(".PP")
            out.append(".RS 4")
            out.append(".nf")
            synopsis = out[-4] == ".SH SYNOPSIS"
            for b in block:
                # the synopsis as a man page sets it: literals bold,
                # placeholders italic; anything else verbatim
                b = code(b) if synopsis and b.strip() else escape(b)
                out.append("\\&" + b if b[:1] in (".", "'") else b)
            out.append(".fi")
            out.append(".RE")
            continue
        if line.startswith("- "):
            flush()
            item = [line[2:]]
            i += 1
            while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
                item.append(lines[i])
                i += 1
            m = TERM.match(item[0])
            if m:
                out.append(".TP")
                terms = re.findall(r"`([^`]+)`", m.group(1))
                out.append(", ".join(code(t) for t in terms))
                out.extend(fill([m.group(2)] + item[1:]))
            else:
                out.append(".IP \\(bu 2")
                out.extend(fill(item))
            continue
        if not line.strip():
            flush()
        else:
            state["para"].append(line)
        i += 1
    flush()
    if name is None:
        raise Error("the section has no <!-- man NAME(N): description --> line")
    prog, sect, desc = name
    out = synopsis_first(out)
    head = [
        '.\\" Generated from README.md by scripts/readme2man.py: do not edit.',
        '.TH %s %s "%s" "mod_session_timeout %s" "User Commands"'
        % (escape(prog.upper()), sect, date, escape(version)),
        ".SH NAME",
        "%s \\- %s" % (escape(prog), escape(desc)),
    ]
    return "\n".join(head + out) + "\n" + SEE_ALSO


def synopsis_first(out):
    """Man page order: a SYNOPSIS section moves before DESCRIPTION; a .PP
    straight after a heading is dropped."""
    if ".SH SYNOPSIS" in out:
        start = out.index(".SH SYNOPSIS")
        end = next((j for j in range(start + 1, len(out)) if out[j].startswith(".SH ")), len(out))
        out = out[start:end] + out[:start] + out[end:]
    return [line for j, line in enumerate(out)
            if not (line == ".PP" and j > 0 and out[j - 1].startswith(".SH "))]


def main(argv):
    ap = argparse.ArgumentParser(description="README.md's CLI section as a manual page")
    ap.add_argument("--version", default="")
    ap.add_argument("--date")
    ap.add_argument("readme")
    args = ap.parse_args(argv)
    if args.date:
        date = args.date
    else:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        stamp = int(epoch) if epoch else int(os.stat(args.readme).st_mtime)
        date = datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).strftime("%Y-%m-%d")
    with open(args.readme, encoding="utf-8") as f:
        text = f.read()
    try:
        sys.stdout.write(render(section(text), args.version, date))
    except Error as e:
        sys.stderr.write("readme2man: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
