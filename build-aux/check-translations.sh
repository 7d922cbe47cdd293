#!/bin/sh
# Fails when a string the UI shows has no French translation, when a file
# with translatable strings is missing from po/POTFILES.in, or when that
# list is not sorted. Usage: check-translations.sh SOURCE_ROOT
set -eu
root=${1:-.}
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

grep -v '^#' po/POTFILES.in | sed '/^$/d' > "$tmp/listed"
if ! LC_ALL=C sort -c "$tmp/listed" 2>/dev/null; then
  echo "po/POTFILES.in is not sorted; sort it with: LC_ALL=C sort"
  status=1
fi

# Every source that marks strings for translation must be listed.
{
  grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext)[[:space:]]*\(' src --include='*.c' || true
  grep -rl 'translatable="yes"' resources data --include='*.ui' || true
} | LC_ALL=C sort -u > "$tmp/marked"
missing=$(LC_ALL=C comm -23 "$tmp/marked" "$tmp/listed")
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES.in:"
  echo "$missing"
  status=1
fi

xgettext --from-code=UTF-8 --files-from="$tmp/listed" --directory=. \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
  --add-comments=TRANSLATORS --output="$tmp/ops.pot" 2>"$tmp/xgettext.log" || {
    cat "$tmp/xgettext.log"; exit 1; }

for lang in $(grep -v '^#' po/LINGUAS); do
  if ! msgfmt --check --statistics -o /dev/null "po/$lang.po" 2>"$tmp/msgfmt.log"; then
    cat "$tmp/msgfmt.log"
    status=1
  fi
  cat "$tmp/msgfmt.log"
  # msgcmp fails on every message of the template that po/$lang.po lacks or
  # leaves untranslated or fuzzy.
  if ! msgcmp "po/$lang.po" "$tmp/ops.pot" 2>"$tmp/msgcmp.log"; then
    echo "po/$lang.po lacks translations (update it with: msgmerge -U po/$lang.po <template>):"
    cat "$tmp/msgcmp.log"
    status=1
  fi
  if grep -q '^#, fuzzy' "po/$lang.po"; then
    echo "po/$lang.po has fuzzy translations; review them"
    status=1
  fi
done

[ "$status" -eq 0 ] && echo "Every translatable string has a translation in every language of po/LINGUAS."
exit "$status"
