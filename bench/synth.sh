#!/usr/bin/env bash
# Prints how long MealPlanner.Deploy takes to synthesize each environment from aspire-manifest.json
# and how large the resulting templates are (CloudFormation limits: 1 MB via S3, 500 resources).
# usage: bench/synth.sh [runs=3]      (builds MealPlanner.Deploy first; figures only, no assertions)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-synth.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

dotnet build "$root/MealPlanner.Deploy" -c Release -nologo -v quiet >/dev/null

printf '%-12s %10s %10s %10s\n' env "min s" "median s" "max s"
for env in staging production; do
  times=()
  for ((i = 0; i < runs; i++)); do
    out="$work/out.$env.$i"
    start=$(date +%s.%N)
    (cd "$root" && CDK_OUTDIR="$out" dotnet run --project MealPlanner.Deploy --no-build -c Release -- --env "$env" 2>/dev/null)
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  printf '%-12s %10.2f %10.2f %10.2f\n' "$env" \
    "$(echo "$sorted" | head -1)" "$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")" "$(echo "$sorted" | tail -1)"
done

echo
printf '%-45s %10s %10s\n' template bytes resources
for template in "$work"/out.*.0/*.template.json; do
  printf '%-45s %10s %10s\n' "$(basename "$template")" "$(wc -c <"$template")" \
    "$(node -e 'console.log(Object.keys(JSON.parse(require("fs").readFileSync(process.argv[1])).Resources).length)' "$template")"
done
