#!/usr/bin/env bash
# Synthesizes the AWS estate for staging and production from aspire-manifest.json through the pinned CDK CLI
# (`cdk synth --strict`: a CDK warning annotation fails it) and scans the templates with cdk-nag (AwsSolutions)
# and cfn-guard (Control Tower rules).
# Exit 0: no warning and no unsuppressed finding. Suppressions live beside their resources in MealPlanner.Deploy.
#
# usage: scripts/lint-infra.sh [--no-build] [--also-manifest PATH]...
#   --no-build             reuse the existing build of MealPlanner.Deploy ($DEPLOY_CONFIGURATION, default Debug)
#   --also-manifest PATH   also scan production synthesized from another manifest (e.g. a test fixture)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/scripts/infra-tools"
configuration="${DEPLOY_CONFIGURATION:-Debug}"
build=true
extra_manifests=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=false; shift ;;
    --also-manifest) extra_manifests+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    *) echo "lint-infra: unknown argument '$1'; usage: scripts/lint-infra.sh [--no-build] [--also-manifest PATH]..." >&2; exit 2 ;;
  esac
done

work="$(mktemp -d "${TMPDIR:-/tmp}/lint-infra.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# jsii unpacks ~64 MB per run into TMPDIR: keep it inside the scratch folder.
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

if [[ ! -d "$tools/node_modules/cdk-nag" || ! -d "$tools/node_modules/@cdklabs/cdk-validator-cfnguard" ]]; then
  echo "lint-infra: installing scanners (npm ci in scripts/infra-tools)"
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >/dev/null
fi

if [[ ! -x "$root/node_modules/.bin/cdk" ]]; then
  echo "lint-infra: installing the CDK CLI (npm ci at the repository root)"
  npm ci --prefix "$root" --no-audit --no-fund --loglevel=error >/dev/null
fi
# No network from the CLI: no notices download, no telemetry.
export CDK_DISABLE_CLI_TELEMETRY=true

if $build; then
  dotnet build "$root/MealPlanner.Deploy" -c "$configuration" -nologo -v quiet >/dev/null
fi

templates=()
synth() { # name env [manifest] [settings]
  local out="$work/cdk.out.$1"
  local args=(--env "$2")
  if [[ -n "${3:-}" ]]; then args+=(--manifest "$3"); fi
  if [[ -n "${4:-}" ]]; then args+=(--settings "$4"); fi
  if ! (cd "$root" && CDK_OUTDIR="$out" dotnet run --project MealPlanner.Deploy --no-build -c "$configuration" -- "${args[@]}" 2>"$work/synth.$1.log"); then
    cat "$work/synth.$1.log" >&2
    echo "lint-infra: synthesis of $1 failed" >&2
    exit 1
  fi
  templates+=("$out"/*.template.json)
}

strict_synth() { # env: what `npx cdk synth --strict -c env=ENV` does from the root, on this build
  local out="$work/cdk.out.$1"
  if ! (cd "$root" && node_modules/.bin/cdk synth --strict --quiet --no-notices -c "env=$1" -o "$out" \
      --app "dotnet run --project MealPlanner.Deploy --no-build -c $configuration --" >"$work/synth.$1.log" 2>&1); then
    cat "$work/synth.$1.log" >&2
    echo "lint-infra: cdk synth --strict -c env=$1 failed (a CDK warning or a synthesis error above)" >&2
    exit 1
  fi
  templates+=("$out"/*.template.json)
}

strict_synth staging
strict_synth production
# The opt-in resources the committed settings leave off (interface endpoints, a second host on the certificate).
synth options production "$root/MealPlanner.Deploy.Tests/Fixtures/two-web-projects.json" "$root/MealPlanner.Deploy.Tests/Fixtures/settings-options.json"
for i in "${!extra_manifests[@]}"; do
  synth "extra$i" production "${extra_manifests[$i]}"
done

node "$tools/lint.js" "${templates[@]}"
