#!/usr/bin/env bash
# po/POTFILES names exactly the source files that use _() or N_(): a file
# missing from it would keep its messages out of the template (and so out of
# the translation), a file listed but gone breaks xgettext.
set -u
cd "$SRCDIR"
fails=0
while read -r f; do
    [ -z "$f" ] && continue
    if [ ! -f "$f" ]; then
        echo "FAIL: po/POTFILES lists $f, which does not exist"
        fails=$((fails + 1))
    fi
done <po/POTFILES
want=$(grep -rlE --include='*.c' --include='*.h' --include='*.def' '(^|[^A-Za-z0-9_])[NP]?_\(' src ui | LC_ALL=C sort)
if ! d=$(diff -u <(echo "$want") po/POTFILES); then
    echo "FAIL: po/POTFILES is not the list of files using _() or N_(); run po/update.sh"
    echo "$d" | sed 's/^/  /'
    fails=$((fails + 1))
fi
# xgettext must read the X-macro table too: its labels are translatable.
grep -qx 'ui/actions.def' po/POTFILES || { echo "FAIL: ui/actions.def is not in po/POTFILES"; fails=$((fails + 1)); }
echo "$(wc -l <po/POTFILES) files, $fails failed"
[ $fails = 0 ]
