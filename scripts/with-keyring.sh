#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on a private D-Bus session.
#
# Why: the keychain tests must exercise the OS keychain the app uses on Linux, not a fake. A
# headless machine (CI, a container) has no session bus and no keyring daemon, so this script
# makes both for the lifetime of the command, in a throwaway home so the user's own keyrings are
# never touched, and tears them down afterwards. The command's exit status is passed through.
#
# Usage: scripts/with-keyring.sh CMD [ARGS...]
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' is missing. Install it: apt-get install -y dbus dbus-x11 gnome-keyring libsecret-tools" >&2
    exit 127
  fi
done

if [[ "${XDM_WITH_KEYRING_INNER:-}" != "1" ]]; then
  # dbus-run-session starts a private session bus, runs us again inside it, and stops the bus
  # when we exit. dbus-daemon's complaint about raising its fd limit is harmless noise.
  export XDM_WITH_KEYRING_INNER=1
  exec dbus-run-session -- "$0" "$@" 2> >(grep -v 'Failed to set fd limit' >&2)
fi
unset XDM_WITH_KEYRING_INNER

keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/xdm-keyring.XXXXXX")"
daemon_pid=""
cleanup() {
  if [[ -n "$daemon_pid" ]]; then
    kill "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$keyring_home"
}
trap cleanup EXIT

export XDG_DATA_HOME="$keyring_home/data"
export XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# --unlock reads the login keyring's password on stdin, creating the keyring on first use.
# --foreground keeps the daemon our child, so we stop (and reap) it ourselves.
printf '%s' "xdm-loader-test" |
  gnome-keyring-daemon --foreground --unlock --components=secrets >"$keyring_home/daemon.log" 2>&1 &
daemon_pid=$!

ready=0
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    ready=1
    break
  fi
  if ! kill -0 "$daemon_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [[ "$ready" != "1" ]]; then
  echo "with-keyring: gnome-keyring-daemon did not register org.freedesktop.secrets on the session bus:" >&2
  cat "$keyring_home/daemon.log" >&2 || true
  exit 1
fi

set +e
"$@"
status=$?
set -e
exit "$status"
