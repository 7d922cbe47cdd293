#!/bin/sh
# The Preferences tests that need a real Secret Service: a private session
# bus and a GNOME Keyring unlocked with a throwaway password, both gone when
# the test ends.  Nothing touches the user's own keyring.  Needs a display
# (run under xvfb-run); skipped when dbus-run-session or
# gnome-keyring-daemon is missing.
#
# Usage: test-preferences-keyring.sh PATH-TO-test-preferences
set -eu

bin="$1"
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "1..0 # SKIP dbus-run-session or gnome-keyring-daemon is not installed (apt-get install dbus-daemon gnome-keyring)"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ops-keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/run"
chmod 700 "$tmp/run"
HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
  XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
export HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR
unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK WAYLAND_DISPLAY
# No accessibility bus: it would be started on the private bus and print
# lines that are not TAP.
GTK_A11Y=none
export GTK_A11Y

# The daemon leaves with the bus; its own output (environment lines) is not TAP.
dbus-run-session -- sh -c '
  printf %s throwaway-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$0" --keyring --tap
' "$bin"
