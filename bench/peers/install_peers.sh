#!/usr/bin/env bash
# Installs the peers bench/run compares lintkit with, each in its own virtual
# environment under bench/peers/.peers (git-ignored; nothing of theirs is
# committed): fixit (Python side), yamllint and check-jsonschema (YAML side).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for peer in fixit yamllint check-jsonschema; do
  venv="$here/.peers/$peer"
  if [[ ! -x "$venv/bin/$peer" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet "$peer"
  fi
  echo "$peer: $("$venv/bin/$peer" --version 2>&1 | head -1)"
done
