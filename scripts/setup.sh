#!/usr/bin/env bash
# Set up everything the app or the tests need: Debian packages, a local venv, pinned pip packages.
# Usage: scripts/setup.sh runtime|dev|build|bench   (`make run`, `make test`, `make data`, `make bench`; safe to re-run)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-runtime}
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

die() { echo "setup: $*" >&2; exit 1; }

# 1. Debian packages listed in apt-packages.txt (and apt-packages-dev.txt for the tests) not installed yet.
lists=(apt-packages.txt)
[ "$mode" = dev ] && lists+=(apt-packages-dev.txt)
[ "$mode" = bench ] && lists+=(apt-packages-dev.txt apt-packages-bench.txt)  # GRASS GIS, to compare against
[ "$mode" = build ] && lists+=(apt-packages-build.txt)  # GMT, GSHHG, ferret-datasets: only to rebuild the data
missing=()
while read -r pkg; do
  case "$pkg" in ''|\#*) continue ;; esac
  if [ "$pkg" = python3-venv ]; then
    # A Python built outside Debian (pyenv, python.org) has venv and ensurepip already.
    "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null && continue
  fi
  if [ "$pkg" = npm ] || [ "$pkg" = nodejs ]; then
    # A Node.js installed outside Debian (nvm, the machine's own) serves as well, and conflicts with Debian's.
    command -v "${pkg/nodejs/node}" >/dev/null && continue
  fi
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done < <(cat "${lists[@]}")
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "Debian packages missing: ${missing[*]}. This machine has no apt-get; install them with your system's package manager and run again."
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq || die "apt-get update failed; check the network or install by hand: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get could not install: ${missing[*]}"
fi

# 2. Python 3.11 or newer.
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "Python 3.11 or newer is needed; $PYTHON is $("$PYTHON" --version 2>&1). Set PYTHON=/path/to/python3.11."

# 3. Local virtual environment with pinned packages (re-installed only when a requirements file changes).
req=requirements.txt; [ "$mode" = dev ] && req=requirements-dev.txt
[ "$mode" = build ] && mode=runtime  # the build needs the runtime packages only
[ "$mode" = bench ] && mode=dev req=requirements-dev.txt
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
stamp="$VENV/.installed-$mode"
stale() { [ ! -f "$1" ] || [ requirements.txt -nt "$1" ] || [ "$req" -nt "$1" ]; }
# The test set-up installs everything the app needs, so an up-to-date dev venv serves `make run` too.
if stale "$stamp" && { [ "$mode" = dev ] || stale "$VENV/.installed-dev"; }; then
  echo "setup: installing pinned Python packages from $req into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
  touch "$stamp"
fi
