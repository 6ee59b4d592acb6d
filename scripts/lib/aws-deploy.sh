# shellcheck shell=bash
# Shared by scripts/deploy.sh and scripts/rollback.sh (sourced, never run): argument checks, tool and credential
# checks, the dry-run switch, the AWS reads both make, the CDK deploy, and the smoke test.
#
# Deploy history: the SSM parameter /meal-planner/ENV/deployed-tags (String): the image tags of successful deploys,
# comma-separated, newest first, at most 20. deploy.sh puts a tag first after its smoke test passes; rollback.sh
# reads it and never changes it. It lives in SSM rather than in a file or a CI variable because the deploy role can
# read and write it, it survives any runner (CI or a laptop), and it is one place both scripts and a human with
# `aws ssm get-parameter` see alike. It does not exist before the first deploy; a missing parameter (or the value
# `none`) is an empty history.
#
# Everything before the tool check uses bash builtins only, so a missing tool is reported as such.

aws_deploy_lib=${BASH_SOURCE[0]}
[[ $aws_deploy_lib == */* ]] || aws_deploy_lib=./$aws_deploy_lib
repo=$(cd "${aws_deploy_lib%/*}/../.." && pwd)
dry_run=false
declare -A outputs=()
history=()

fail() {
  echo "error: $*" >&2
  exit 1
}

# The header comment of a script (up to `set -euo pipefail`) is its --help.
print_help() {
  local line
  while IFS= read -r line; do
    [[ $line == '#!'* ]] && continue
    [[ $line == '#'* ]] || break
    line=${line#\#}
    echo "${line# }"
  done <"$1"
}

check_env() {
  case $1 in
    staging | production) ;;
    *) fail "unknown ENV '$1': use staging or production" ;;
  esac
}

# Image tags are commit SHAs (scripts/docker/build-images.sh tags with `git rev-parse HEAD`); the short form is
# accepted because GET /version is compared by prefix.
check_tag() {
  [[ $1 =~ ^[0-9a-f]{7,40}$ ]] ||
    fail "'$1' is not a commit SHA: give 7 to 40 lowercase hex digits (git rev-parse HEAD)"
}

stack_name() { echo "MealPlanner-${1^}${2:+-$2}"; }
history_parameter() { echo "/meal-planner/$1/deployed-tags"; }

# The CDK CLI: $CDK, else `cdk` on PATH, else the pinned copy in scripts/infra-tools (what deploying.md installs).
find_cdk() {
  if [ -n "${CDK:-}" ]; then
    # A relative CDK is relative to where the script was started; cdk itself runs from the repository root.
    if [[ $CDK == */* && $CDK != /* ]]; then cdk=$PWD/$CDK; else cdk=$CDK; fi
    command -v "$cdk" >/dev/null 2>&1 ||
      fail "CDK=$CDK is not an executable: point it at the CDK CLI or unset it (npm ci --prefix scripts/infra-tools)"
  elif command -v cdk >/dev/null 2>&1; then
    cdk=cdk
  elif [ -x "$repo/scripts/infra-tools/node_modules/.bin/cdk" ]; then
    cdk=$repo/scripts/infra-tools/node_modules/.bin/cdk
  else
    fail "the CDK CLI is missing: run npm ci --prefix scripts/infra-tools (or set CDK to its path)"
  fi
}

require_tools() {
  local tool
  for tool in "$@"; do
    case $tool in
      cdk) find_cdk ;;
      aws) command -v aws >/dev/null 2>&1 ||
        fail "aws is not on PATH: install the AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)" ;;
      docker) command -v docker >/dev/null 2>&1 ||
        fail "docker is not on PATH: install Docker and start its engine (scripts/docker/ensure-engine.sh)" ;;
      *) command -v "$tool" >/dev/null 2>&1 || fail "$tool is not on PATH: install it (sudo apt-get install -y $tool)" ;;
    esac
  done
}

# The first non-empty line of a tool's error output, so that our error stays one line.
first_line() {
  local line
  while IFS= read -r line; do
    [ -n "${line//[[:space:]]/}" ] && { echo "$line"; return 0; }
  done <<<"$1"
}

require_credentials() {
  local out
  if ! out=$(aws sts get-caller-identity --query Account --output text 2>&1); then
    fail "no AWS credentials: aws sts get-caller-identity failed ($(first_line "$out")); set AWS_PROFILE (after aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
  fi
  echo "AWS account: $out"
}

# A command as one line a shell could run again: arguments with anything but plain characters in single quotes.
quoted() {
  local out="" arg q="'"
  for arg in "$@"; do
    [[ -z $arg || $arg == *[^A-Za-z0-9_./:=,@%+-]* ]] && arg="'${arg//$q/$q\\$q$q}'"
    out+="${out:+ }$arg"
  done
  printf '%s' "$out"
}

# Every call that changes something goes through run: a dry run prints it instead. Read-only calls do not.
run() {
  if $dry_run; then
    echo "would run: $(quoted "$@")"
    return 0
  fi
  echo "running: $(quoted "$@")"
  "$@"
}

# cdk runs from the repository root, where cdk.json says how to synthesize; IMAGE_TAG picks the images.
cdk_deploy() {
  local tag=$1 env=$2
  shift 2
  if $dry_run; then
    echo "would run: IMAGE_TAG=$tag $(quoted "$cdk" deploy "$@" -c "env=$env" --require-approval never)"
    return 0
  fi
  echo "running: IMAGE_TAG=$tag $(quoted "$cdk" deploy "$@" -c "env=$env" --require-approval never)"
  (cd "$repo" && IMAGE_TAG=$tag "$cdk" deploy "$@" -c "env=$env" --require-approval never)
}

# Reads a stack's outputs into `outputs` as STACK/KEY. Returns 1 when the stack does not exist (a new environment).
read_stack_outputs() {
  local stack=$1 text key value
  if ! text=$(aws cloudformation describe-stacks --stack-name "$stack" \
    --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text 2>&1); then
    [[ $text == *"does not exist"* ]] && return 1
    fail "reading the outputs of $stack failed: $(first_line "$text")"
  fi
  while IFS=$'\t' read -r key value; do
    [ -n "$key" ] && [ -n "$value" ] && outputs[$stack/$key]=$value
  done <<<"$text"
  return 0
}

# A dry run of a new environment shows the outputs it cannot know yet as <Key>.
placeholder_outputs() {
  local stack=$1 key
  shift
  for key in "$@"; do outputs[$stack/$key]="<$key>"; done
}

output() {
  local value=${outputs[$1/$2]:-}
  [ -n "$value" ] ||
    fail "$1 has no output $2: deploy it once from a commit whose CDK app declares the output (cdk deploy $1)"
  echo "$value"
}

read_history() {
  local parameter text item items
  parameter=$(history_parameter "$1")
  history=()
  if ! text=$(aws ssm get-parameter --name "$parameter" --query Parameter.Value --output text 2>&1); then
    [[ $text == *ParameterNotFound* ]] && return 0
    fail "reading the deploy history $parameter failed: $(first_line "$text")"
  fi
  IFS=, read -ra items <<<"$text"
  for item in "${items[@]}"; do
    item=${item//[[:space:]]/}
    [ -n "$item" ] && [ "${item,,}" != none ] && history+=("$item")
  done
  return 0
}

# The newest recorded tag other than $1; returns 1 when there is none.
previous_tag() {
  local item
  for item in "${history[@]}"; do
    [ "$item" != "$1" ] && { echo "$item"; return 0; }
  done
  return 1
}

# The tag of the api container in the task definition the service runs now.
running_tag() {
  local cluster=$1 service=$2 arn image
  arn=$(aws ecs describe-services --cluster "$cluster" --services "$service" \
    --query 'services[0].taskDefinition' --output text 2>&1) ||
    fail "reading service $service in cluster $cluster failed: $(first_line "$arn")"
  [[ -n $arn && $arn != None ]] || fail "service $service not found in cluster $cluster"
  image=$(aws ecs describe-task-definition --task-definition "$arn" \
    --query "taskDefinition.containerDefinitions[?name=='api'].image | [0]" --output text 2>&1) ||
    fail "reading task definition $arn failed: $(first_line "$image")"
  [[ $image == *:* && $image != None ]] || fail "task definition $arn has no tagged api image ($image)"
  echo "${image##*:}"
}

# GET /health must be 200 and GET /version must report the commit (by prefix: the image tag may be the short SHA
# while /version reports the full one). Retried because the load balancer keeps routing to draining tasks for a
# while after the service is stable. Sets smoke_problem when it gives up.
smoke_test() {
  local base=${SMOKE_BASE_URL:-$1} tag=$2 attempts=${SMOKE_ATTEMPTS:-12} delay=${SMOKE_DELAY:-10}
  local attempt status body expected='"commit"[[:space:]]*:[[:space:]]*"'$tag'[0-9a-f]*"'
  local reported='"commit"[[:space:]]*:[[:space:]]*"([^"]*)"'
  base=${base%/}
  if $dry_run; then
    echo "would run: curl -sS -o /dev/null -w %{http_code} --max-time 10 $base/health (until 200, at most $attempts times, ${delay}s apart)"
    echo "would run: curl -fsS --max-time 10 $base/version (expects commit $tag)"
    return 0
  fi
  smoke_problem=""
  for ((attempt = 1; attempt <= attempts; attempt++)); do
    status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 "$base/health" 2>/dev/null) || true
    if [ "$status" = 200 ]; then
      body=$(curl -fsS --max-time 10 "$base/version" 2>&1) || true
      if [[ $body =~ $expected ]]; then
        echo "smoke test passed: $base/health is 200 and $base/version reports commit $tag"
        return 0
      fi
      if [[ $body =~ $reported ]]; then
        smoke_problem="$base/version reports commit ${BASH_REMATCH[1]}, not $tag"
      else
        smoke_problem="$base/version did not answer with a commit ($(first_line "$body"))"
      fi
    else
      smoke_problem="$base/health returned ${status:-no answer}"
    fi
    if ((attempt < attempts)); then sleep "$delay"; fi
  done
  smoke_problem+=" after $attempts attempts"
  return 1
}
