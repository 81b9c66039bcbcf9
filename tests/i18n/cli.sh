#!/usr/bin/env bash
# The real program speaks Persian when asked, from the build tree (no
# install), under the C.UTF-8 and C locales the tests and servers run with.
. "$SRCDIR/tests/cli/lib.sh"
unset FORSAT_LOCALEDIR

# A core message (src/core/jdate.c): the field and the rule, in Persian.
run --lang fa date 1404/13/01
expect_rc 2
expect_err "تاریخ: 1404/13/01 تاریخ معتبری نیست: ماه باید از 1 تا 12 باشد."
expect_eq "$(wc -l <"$T/err")" "1" "lines on stderr"
# English stays the default, and --lang en wins over a Persian environment.
run date 1404/13/01
expect_rc 2; expect_err "date: 1404/13/01 is not a date: the month must be from 1 to 12."
LANGUAGE=fa run --lang en date 1404/13/01
expect_err "is not a date"
# glibc ignores LANGUAGE in the plain C locale: --lang fa must still work.
LC_ALL=C LANG=C run --lang fa date 1404/13/01
expect_err "ماه باید از 1 تا 12 باشد"
LC_ALL= LANG=POSIX run --lang fa date 1404/13/01
expect_err "ماه باید از 1 تا 12 باشد"
# Without --lang, a Persian environment chooses Persian even when the
# fa_IR locale is not installed.
LC_ALL= LANG=fa_IR.UTF-8 run date 1404/13/01
expect_err "ماه باید از 1 تا 12 باشد"
LANGUAGE=fa run date 1404/13/01
expect_err "ماه باید از 1 تا 12 باشد"
# A directive-heavy message keeps its numbers in place.
run --lang fa date 1404/12/30
expect_rc 2; expect_err "1404/12/30 تاریخ معتبری نیست"; expect_err "29 روز"

run init
expect_rc 0
run contact add --kind person --name "علی کریمی"
expect_rc 0
ALI=$OUT
run opp add --contact "$ALI" --title "فروش لپ‌تاپ ایسوس" --amount 40000000 --probability 40
OPP=$OUT
expect_rc 0
# A refused change: the rule in Persian, nothing written.
snapshot
run --lang fa opp add --contact "$ALI" --title "سرور" --probability 120
expect_rc 2
expect_err "درصد احتمال: باید عددی صحیح از 0 تا 100 باشد."
expect_unchanged
run --lang fa opp add --contact "$ALI" --title "سرور" --close-date 1404/13/01
expect_rc 2
expect_err "ماه باید از 1 تا 12 باشد"
expect_unchanged

# The opportunity list's headings (src/cli strings) and stage (data).
run --lang fa opp list
expect_rc 0
expect_eq "$(head -1 "$T/out" | tr -s ' ')" "شناسه شماره عنوان مخاطب مرحله فروش مبلغ نهایی مبلغ مورد انتظار تاریخ بسته‌شدن تخصیص به" "heading row"
expect_out "برقراری ارتباط"
expect_no_out "final amount"
run opp list
expect_out "final amount"; expect_no_out "مبلغ نهایی"

# A core label reaching the output: the balance status of `opp show`.
run --lang fa opp show "$OPP"
expect_rc 0
expect_out "مانده: 0 ندارد"
finish
