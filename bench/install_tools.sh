#!/usr/bin/env bash
# Install the tools bench/throughput.py compares hygiene with, under bench/.tools (git-ignored):
# textlint and some well-known rules from npm, proselint from PyPI in its own venv.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="$here/.tools"
mkdir -p "$tools"
npm install --prefix "$tools" --no-audit --no-fund \
  textlint@15 textlint-rule-no-todo textlint-rule-write-good textlint-rule-sentence-length \
  textlint-rule-max-comma textlint-rule-common-misspellings
python3 -m venv "$tools/venv"
"$tools/venv/bin/pip" install -q "proselint==0.16.0"
"$tools/node_modules/.bin/textlint" --version
"$tools/venv/bin/proselint" version
