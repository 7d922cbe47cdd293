#!/bin/sh
# Installs the Debian 12 packages Gigafibre Ops needs to build, run and test.
# Packages already present are left alone; nothing is installed when all are there.
set -eu
PACKAGES="
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libshumate-dev libsecret-1-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libzbar-dev libsqlite3-dev
  libgdk-pixbuf-2.0-dev gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  webp-pixbuf-loader heif-gdk-pixbuf
  desktop-file-utils appstream xvfb xauth gsettings-desktop-schemas
  fonts-cantarell adwaita-icon-theme librsvg2-common
  dbus-daemon gnome-keyring
"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "Installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
