#!/usr/bin/env bash
# Every message of the sources has a translation in po/fa.po: extracts a
# fresh template from the sources as they are now and lists each msgid that
# po/fa.po leaves untranslated or fuzzy.  Fix: translate it in
# po/parts/*.po (core messages: fa-core.po; cli/ and ui/: fa-cli-ui.po), then
# run po/update.sh.
set -u
cd "$SRCDIR"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
po/update.sh --pot "$T/forsat.pot" || { echo "FAIL: xgettext could not read the sources"; exit 1; }
msgmerge --quiet --no-fuzzy-matching -o "$T/now.po" po/fa.po "$T/forsat.pot" || exit 1
total=$(grep -c '^msgid ' "$T/forsat.pot")
total=$((total - 1))
# Untranslated and fuzzy entries, header excluded, with where they come from.
msgattrib --untranslated --no-obsolete -o "$T/missing.po" "$T/now.po"
msgattrib --only-fuzzy --no-obsolete -o "$T/fuzzy.po" "$T/now.po"
missing=0
for f in "$T/missing.po" "$T/fuzzy.po"; do
    [ -s "$f" ] || continue
    n=$(grep -c '^msgid ' "$f")
    n=$((n - 1))
    [ $n -gt 0 ] || continue
    missing=$((missing + n))
    [ "$f" = "$T/fuzzy.po" ] && echo "fuzzy (counts as untranslated):"
    msgcat --no-wrap "$f" | awk '/^#:/ { refs = $0 } /^msgid / && $0 != "msgid \"\"" { print "  " $0 "   " refs }'
done
echo "$((total - missing)) of $total messages translated"
if [ $missing -gt 0 ]; then
    echo "FAIL: $missing messages have no Persian translation in po/fa.po (see docs/I18N.md)"
    exit 1
fi
