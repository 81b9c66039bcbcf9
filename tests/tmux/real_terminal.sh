#!/usr/bin/env bash
# Real-terminal tests under tmux: the screens start in a real pty, redraw
# on resize, quit cleanly restoring the terminal, and keep a draft when the
# terminal goes away (tmux kill-session sends SIGHUP, as a dropped SSH
# connection does).
. "$(dirname "$0")/../cli/lib.sh"
command -v tmux >/dev/null || { echo "tmux missing"; exit 1; }
export TMUX_TMPDIR="$T"        # a private tmux server for this test
unset TMUX
S=forsat-test

run init
expect_rc 0
run contact add --name "علی کریمی" --mobile 09121234567
expect_rc 0

# wait_for TEXT: polls the pane (up to 10 s: sanitizer builds on a busy
# machine are slow) until it shows TEXT.
wait_for() {
    for _ in $(seq 100); do
        tmux capture-pane -p -t "$S" 2>/dev/null | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    return 1
}
screen() { tmux capture-pane -p -t "$S"; }

tmux new-session -d -s "$S" -x 100 -y 30 \
    "FORSAT_DB='$FORSAT_DB' FORSAT_TODAY=2026-11-27 '$FORSAT' --lang en tui; echo EXITED=\$?; sleep 30"
check; wait_for "Main menu" || fail "the main menu did not appear: $(screen)"
check; wait_for "1405/09/06" || fail "the header lacks today's Jalali date"

# Resize: the screen is redrawn for the new size, and too small says so.
tmux resize-window -t "$S" -x 30 -y 8
check; wait_for "Terminal too small" || fail "a 30x8 terminal did not say it is too small: $(screen)"
tmux resize-window -t "$S" -x 120 -y 35
check; wait_for "Main menu" || fail "no redraw after growing: $(screen)"
check; [ "$(screen | wc -l)" -ge 35 ] || fail "the pane did not grow"

# Quit with F10 from the main menu: exit status 0.
tmux send-keys -t "$S" F10
check; wait_for "EXITED=0" || fail "F10 did not quit cleanly: $(screen)"
tmux kill-session -t "$S"

# A dropped connection while typing a new opportunity keeps a draft.
tmux new-session -d -s "$S" -x 100 -y 30 \
    "FORSAT_DB='$FORSAT_DB' FORSAT_TODAY=2026-11-27 '$FORSAT' --lang en tui"
wait_for "Main menu"
tmux send-keys -t "$S" F3
wait_for "New item"
tmux send-keys -t "$S" Enter
wait_for "Related to"
tmux send-keys -t "$S" "کریمی"
sleep 1
tmux send-keys -t "$S" Enter Tab Tab
tmux send-keys -t "$S" "تمدید قرارداد"
tmux send-keys -t "$S" Tab
sleep 1.5
tmux kill-session -t "$S"
for _ in $(seq 50); do
    [ "$(sql "SELECT count(*) FROM draft")" = 1 ] && break
    sleep 0.1
done
expect_eq "$(sql "SELECT count(*) FROM draft")" "1" "drafts kept after the terminal went away"
check; sql "SELECT payload FROM draft" | grep -qF "تمدید قرارداد" || fail "the draft lacks the typed title"
expect_eq "$(sql "SELECT count(*) FROM opportunity")" "0" "nothing saved without F2"

finish
