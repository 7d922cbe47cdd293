#!/bin/sh
# Builds Gigafibre Ops with warnings as errors and runs the whole test suite,
# the widget tests on a virtual display. Then builds the server-only variant
# (-Dgui=false) and checks that it runs its tests and links no GTK.
set -u
cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-_build-tests}
serverdir=${builddir}-server
status=0

setup () {
  if [ -f "$1/build.ninja" ]; then
    meson setup --reconfigure "$@"
  else
    meson setup "$@"
  fi
}

count () {
  grep -c "\"result\": \"$2\"" "$1/meson-logs/testlog.json" 2>/dev/null || true
}

setup "$builddir" -Dwerror=true -Dbuildtype=debugoptimized || exit 1
meson compile -C "$builddir" || exit 1
xvfb-run -a -s "-screen 0 1600x1000x24" \
  meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=1
passed=$(count "$builddir" OK)
failed=$(( $(count "$builddir" FAIL) + $(count "$builddir" TIMEOUT) + $(count "$builddir" ERROR) ))

echo
echo "Server-only build (-Dgui=false):"
setup "$serverdir" -Dgui=false -Dwerror=true || exit 1
meson compile -C "$serverdir" || exit 1
meson test -C "$serverdir" --print-errorlogs || status=1
if ldd "$serverdir/src/gigafibre-ops" | grep -Eq 'libgtk|libadwaita'; then
  echo "FAIL: the server-only binary links GTK"
  status=1
  failed=$((failed + 1))
else
  echo "OK: the server-only binary links no GTK"
  passed=$((passed + 1))
fi
passed=$((passed + $(count "$serverdir" OK)))
failed=$((failed + $(count "$serverdir" FAIL) + $(count "$serverdir" TIMEOUT) + $(count "$serverdir" ERROR)))

echo
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] || status=1
exit "$status"
