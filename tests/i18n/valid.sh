#!/usr/bin/env bash
# po/fa.po and every part compile, and each translation keeps its
# message's printf directives (msgfmt --check): a translation with a %s
# too few or a %d for a %s would print garbage or crash.
set -u
cd "$SRCDIR"
fails=0
for f in po/fa.po po/parts/*.po; do
    if ! msgfmt --check -o /dev/null "$f"; then
        echo "FAIL: msgfmt --check $f"
        fails=$((fails + 1))
    fi
done
# msgfmt checks only entries flagged c-format; po/fa.po takes its flags from
# the template, so a part that lost a flag is still checked there.
n=$(grep -c 'c-format' po/fa.po)
[ "$n" -gt 100 ] || { echo "FAIL: po/fa.po has only $n c-format entries"; fails=$((fails + 1)); }
# Persian text uses Persian ye and kaf, not the Arabic letters.
for f in po/fa.po po/parts/*.po; do
    if msgcat --no-wrap "$f" | grep '^msgstr.*[يك]'; then
        echo "FAIL: Arabic ye/kaf in a translation of $f (use ی and ک)"
        fails=$((fails + 1))
    fi
done
echo "$fails failed"
[ $fails = 0 ]
