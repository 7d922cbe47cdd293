#!/usr/bin/env python3
"""Check the Flatpak manifest of Gigafibre Ops.

Usage: check-flatpak-manifest.py MANIFEST ROOT_MESON_BUILD

Prints one line per check ("ok   ..." or "FAIL ...") and exits non-zero when
any check fails. The dependencies the manifest must bundle are read from the
dependency('...') calls of the root meson.build, so that adding a library to
the build without adding it to the Flatpak (or to the table below) is caught.
"""

import json
import re
import sys

APP_ID = "ca.gigafibre.Ops"
COMMAND = "gigafibre-ops"
RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"

# pkg-config name -> None when the GNOME runtime provides it, otherwise the
# name of the manifest module that builds it.
DEPENDENCY_SOURCES = {
    "glib-2.0": None,
    "gio-2.0": None,
    "gio-unix-2.0": None,
    "json-glib-1.0": None,
    "sqlite3": None,
    "libsoup-3.0": None,
    "libsecret-1": None,
    "gtk4": None,
    "libadwaita-1": None,
    "gstreamer-1.0": None,
    "gstreamer-video-1.0": None,
    "gstreamer-app-1.0": None,
    "gdk-pixbuf-2.0": None,
    "shumate-1.0": "libshumate",
    "zbar": "zbar",
}

# finish-arg -> why the application needs it
REQUIRED_FINISH_ARGS = {
    "--share=network": "network access (APIs, webhooks, map tiles)",
    "--share=ipc": "shared memory for X11",
    "--socket=wayland": "Wayland display",
    "--socket=fallback-x11": "X11 display where there is no Wayland",
    "--device=dri": "GPU rendering",
    "--device=all": "camera access for barcode scanning",
}


class Checker:
    def __init__(self):
        self.failures = 0

    def check(self, ok, message):
        print(("ok   " if ok else "FAIL ") + message)
        if not ok:
            self.failures += 1
        return ok


def strip_meson_comments(text):
    """Remove '#' comments from meson source, leaving string literals alone."""
    out = []
    for line in text.splitlines():
        quote = None
        kept = []
        i = 0
        while i < len(line):
            ch = line[i]
            if quote:
                kept.append(ch)
                if ch == "\\" and i + 1 < len(line):
                    kept.append(line[i + 1])
                    i += 1
                elif ch == quote:
                    quote = None
            elif ch in "'\"":
                quote = ch
                kept.append(ch)
            elif ch == "#":
                break
            else:
                kept.append(ch)
            i += 1
        out.append("".join(kept))
    return "\n".join(out)


def meson_dependencies(path):
    """Return (literal names, non-literal call excerpts) of dependency() calls."""
    with open(path, encoding="utf-8") as f:
        source = strip_meson_comments(f.read())
    names = []
    unresolved = []
    for match in re.finditer(r"(?<![\w.])dependency\s*\(\s*", source):
        rest = source[match.end():]
        literal = re.match(r"""(['"])([^'"]+)\1""", rest)
        if literal:
            if literal.group(2) not in names:
                names.append(literal.group(2))
        else:
            unresolved.append(rest.split("\n", 1)[0].strip())
    return names, unresolved


def main(argv):
    if len(argv) != 3:
        print("usage: check-flatpak-manifest.py MANIFEST ROOT_MESON_BUILD", file=sys.stderr)
        return 2
    manifest_path, meson_path = argv[1], argv[2]
    c = Checker()

    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except OSError as e:
        c.check(False, f"manifest {manifest_path} cannot be read: {e.strerror}")
        return 1
    except json.JSONDecodeError as e:
        c.check(False, f"manifest {manifest_path} is not valid JSON (line {e.lineno}, "
                       f"column {e.colno}: {e.msg}); note that JSON has no comments")
        return 1
    if not c.check(isinstance(manifest, dict), "manifest is a JSON object"):
        return 1

    app_id = manifest.get("id", manifest.get("app-id"))
    c.check(app_id == APP_ID, f"id is {APP_ID} (found {app_id!r})")

    runtime = manifest.get("runtime")
    c.check(runtime == RUNTIME, f"runtime is {RUNTIME} (found {runtime!r})")
    version = manifest.get("runtime-version")
    c.check(isinstance(version, str) and re.fullmatch(r"\d+(\.\d+)?", version) is not None,
            f"runtime-version is a numbered stable branch, not master (found {version!r})")
    sdk = manifest.get("sdk")
    c.check(sdk == SDK, f"sdk is {SDK} (found {sdk!r})")
    command = manifest.get("command")
    c.check(command == COMMAND, f"command is {COMMAND} (found {command!r})")

    finish_args = manifest.get("finish-args", [])
    if not isinstance(finish_args, list):
        finish_args = []
    for arg, why in REQUIRED_FINISH_ARGS.items():
        c.check(arg in finish_args, f"finish-args has {arg} ({why})")

    modules = manifest.get("modules")
    if not c.check(isinstance(modules, list) and len(modules) > 0, "manifest has modules"):
        return 1
    names = []
    for index, module in enumerate(modules):
        name = module.get("name") if isinstance(module, dict) else None
        if c.check(isinstance(name, str) and name != "",
                   f"module {index + 1} is an object with a name (found {name!r})"):
            names.append(name)

    try:
        deps, unresolved = meson_dependencies(meson_path)
    except OSError as e:
        c.check(False, f"{meson_path} cannot be read: {e.strerror}")
        return 1
    c.check(len(deps) > 0, f"{meson_path} declares dependencies ({len(deps)} found)")
    for call in unresolved:
        c.check(False, f"dependency() call without a literal name cannot be checked: "
                       f"dependency({call}")
    for dep in deps:
        if dep not in DEPENDENCY_SOURCES:
            c.check(False, f"dependency '{dep}' is unknown: add it to the table in "
                           f"build-aux/check-flatpak-manifest.py (None when the GNOME runtime "
                           f"provides it) or add a module that builds it to the manifest")
            continue
        module = DEPENDENCY_SOURCES[dep]
        if module is None:
            c.check(True, f"dependency '{dep}' is provided by the {RUNTIME} runtime")
        else:
            c.check(module in names[:-1],
                    f"dependency '{dep}' is built by module '{module}' before the application")

    last = modules[-1] if isinstance(modules[-1], dict) else {}
    c.check(last.get("name") == COMMAND,
            f"last module is {COMMAND} (found {last.get('name')!r})")
    c.check(last.get("buildsystem") == "meson",
            f"last module builds with meson (found {last.get('buildsystem')!r})")

    print(f"{c.failures} check(s) failed" if c.failures else "all checks passed")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
