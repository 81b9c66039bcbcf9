#!/usr/bin/env bash
# The admin shell: on a pseudo-terminal (libedit: Tab completion, history
# across sessions, the prompt with the last status) and fed from a pipe
# (no prompt, the same output and statuses as the commands).
. "$(dirname "$0")/lib.sh"
export XDG_STATE_HOME="$T/state"
ME=$(id -un)

run init
expect_rc 0
run user add sara --name "سارا احمدی" --role sales_rep
expect_rc 0

# tty KEYS... : runs `forsat shell` on a pseudo-terminal and types each
# KEYS argument in turn, waiting after a line (ending in \r) for the next
# prompt; the screen's bytes land in $T/out, the exit status in $RC.
tty_shell() {
    python3 - "$FORSAT" "$T/out" "$@" <<'EOF'
import os, pty, select, sys, time
prog, outfile, keys = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(prog, [prog, "shell"])
out = b""
def read(seconds):
    global out
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.02)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            out += data
    return True
def prompts():
    return out.count(b"> ")
def wait_prompt(n, seconds=10):
    end = time.time() + seconds
    while prompts() < n and time.time() < end:
        if not read(0.05):
            break
wait_prompt(1)
for k in keys:
    k = k.encode().decode("unicode_escape").encode("latin-1").decode("utf-8").encode()
    before = prompts()
    os.write(fd, k)
    if k.endswith(b"\r"):
        wait_prompt(before + 1)
    else:
        read(0.4)
deadline = time.time() + 30
while read(0.2) and time.time() < deadline:
    pass
if time.time() >= deadline:
    os.kill(pid, 9)  # the shell did not end: fail rather than hang
_, status = os.waitpid(pid, 0)
open(outfile, "wb").write(out)
sys.exit(os.waitstatus_to_exitcode(status))
EOF
    RC=$?
    OUT=$(cat "$T/out")
}

# One session: a contact added, found with a completed command, a failing
# command that leaves the shell running, then lines completed with Tab —
# sub-commands, list names, permissions, options — whose effects show they
# ran as completed, then exit.
tty_shell 'contact add --name "علی کریمی" --mobile 09121112233\r' \
    'conta\tsearch کریم\r' \
    'cont\t\t\x15' \
    'list show nosuch\r' \
    'user di\tsara\r' \
    'list show so\t\r' \
    'user grant sara expo\t\r' \
    'contact list --li\t5\r' \
    'user list\r' \
    'exit\r'
expect_rc 0
expect_out "forsat $ME> "
expect_eq "$(sql "SELECT name || '|' || mobile FROM identity")" "علی کریمی|09121112233" "contact added in the shell"
expect_out "09121112233"                    # the search found it: the completed line ran
expect_out "contact   contract"             # cont<Tab><Tab> lists both
expect_out 'no list is called "nosuch"'     # the error, and the shell went on:
expect_out "forsat $ME [2]> "               # the prompt shows the failed status
expect_eq "$(sql "SELECT active FROM user WHERE login = 'sara'")" "0" "user di<Tab> → disable"
expect_out "Exhibition"                     # list show so<Tab> → source
expect_eq "$(sql "SELECT perm || granted FROM user_perm")" "export1" "user grant sara expo<Tab> → export"
expect_out "سارا احمدی"                     # user list ran after the completions
run user enable sara

# The history file: private, in the XDG state directory, with the lines as
# run (the completed one in full).
H="$XDG_STATE_HOME/forsat/history"
check; [ -f "$H" ] || fail "no history file at $H"
expect_eq "$(stat -c %a "$H")" "600" "history file mode"
expect_eq "$(stat -c %a "$XDG_STATE_HOME/forsat")" "700" "history directory mode"
check; grep -q 'contact\\040search\\040کریم' "$H" || fail "the completed line is not in the history: $(cat "$H")"
check; grep -q 'contact\\040list\\040--limit\\0405' "$H" || fail "contact list --li<Tab> did not give --limit: $(cat "$H")"

# A second session: the history is back (Up, Up recalls "user list"), Ctrl-D
# leaves.
tty_shell '\x1b[A\x1b[A\r' '\x04'
expect_rc 0
expect_out "سارا احمدی"

# A failed last command is the shell's status; `exit N` sets it.
tty_shell 'opp show 999\r' 'exit\r'
expect_rc 4
tty_shell 'exit 3\r'
expect_rc 3

# ---- from a pipe: no prompt, the commands' own output and statuses ----------
run contact search کریم
DIRECT="$OUT"
printf 'contact search کریم\n' | "$FORSAT" shell >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0
expect_out_is "$DIRECT"

printf '%s\n' 'contact add --name "شرکت فولاد مبارکه" --kind org' '# a comment' '' \
    "list show nosuch" 'contact add --name "رضا" --email bad' 'contact add --name "x' \
    "product add --code 'P 1' --name 'لپ‌تاپ ایسوس'" 'contact list' | "$FORSAT" shell >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0
expect_no_out "forsat $ME>"
expect_err 'no list is called "nosuch"'
expect_err "email"
expect_err "double-quoted"
expect_err "code"
expect_out "شرکت فولاد مبارکه"
expect_eq "$(head -1 "$T/out")" "2" "the new contact's id, first"
expect_eq "$(sql "SELECT count(*) FROM identity")" "2" "contacts after the script"

# The status of the last command; permissions as on the command line.
printf 'user add nima --name نیما\n' | "$FORSAT" --as sara shell >"$T/out" 2>"$T/err"
RC=$?
expect_rc 3; expect_err "admin.users"
printf 'opp show 999\nexit\n' | "$FORSAT" shell >/dev/null 2>&1
RC=$?
expect_rc 4
printf 'shell\n' | "$FORSAT" shell >"$T/out" 2>"$T/err"
RC=$?
expect_rc 2; expect_err "shell already"
printf 'frobnicate\n' | "$FORSAT" shell >"$T/out" 2>"$T/err"
RC=$?
expect_rc 2; expect_err "unknown command"
printf 'help\n' | "$FORSAT" shell >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0; expect_out "contact add|edit"; expect_out "exit"

finish
