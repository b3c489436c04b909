#!/usr/bin/env bash
# The check step of action.yml: runs ylcheck on the action's inputs as GitHub
# passes them (INPUT_* variables), so it can be run, and tested, outside Actions.
# YLCHECK is the binary to run (default: ylcheck on PATH).
set -euo pipefail
ylcheck="${YLCHECK:-ylcheck}"
read -r -a inputs <<< "${INPUT_INPUTS:?the action needs inputs: files or directories to check}"
global=()
[ -n "${INPUT_LANG:-}" ] && global+=(--lang "$INPUT_LANG")
common=(--fail-on "${INPUT_FAIL_ON:-error}")
[ -n "${INPUT_REGION:-}" ] && common+=(--region "$INPUT_REGION")
[ -n "${INPUT_AS_OF:-}" ] && common+=(--as-of "$INPUT_AS_OF")
if [ -n "${INPUT_SARIF:-}" ]; then
  # The SARIF report for code scanning; the run below gives the exit code.
  "$ylcheck" "${global[@]}" check --format sarif --output "$INPUT_SARIF" "${common[@]}" "${inputs[@]}" || true
fi
exec "$ylcheck" "${global[@]}" check --format "${INPUT_FORMAT:-github}" "${common[@]}" "${inputs[@]}"
