#!/bin/sh
# Builds Gigafibre Ops in _build (configuring it the first time) and opens the
# console from the build tree. With no ERPNext configured it opens the demo
# workspace. Extra arguments go to the console, e.g. --headless.
set -eu
cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-_build}
[ -f "$builddir/build.ninja" ] || meson setup "$builddir"
meson compile -C "$builddir"
exec meson devenv -C "$builddir" src/gigafibre-ops "$@"
