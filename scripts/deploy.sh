#!/usr/bin/env bash
# Ships one commit to an environment on AWS.
# Usage: scripts/deploy.sh ENV SHA [--dry-run]
#   ENV        staging or production
#   SHA        the commit to ship (7 to 40 lowercase hex digits); its local images mealplanner-api:SHA and
#              mealplanner-migrations:SHA must exist (build them: scripts/docker/build-images.sh SHA)
#   --dry-run  print every call that would change something (`would run: ...`) and make none of them; the
#              read-only calls (credentials, stack outputs, history, local images, registry tags) still run
# Steps, in order:
#   1. check the tools, the AWS credentials and the local images
#   2. read the outputs of MealPlanner-Env-Registry (a new environment: deploy that stack first)
#   3. docker login to the registry, tag and push both images as SHA (skipped when the registry has that tag)
#   4. IMAGE_TAG=SHA cdk deploy MealPlanner-Env-Registry MealPlanner-Env; inside it the migration gate snapshots the
#      database when migrations are pending, then runs them (the stack output PreMigrationSnapshot names the snapshot)
#   5. wait until the API service is stable, then GET /health (200) and GET /version (commit SHA)
#   6. record SHA first in the deploy history
# Any failure in steps 4 and 5 runs scripts/rollback.sh ENV with the newest earlier successful deploy and exits 1.
# Deploy history (where the previous tag is recorded): the SSM parameter /meal-planner/ENV/deployed-tags, a String
#   of comma-separated image tags of successful deploys, newest first, at most 20. Read it with
#   aws ssm get-parameter --name /meal-planner/ENV/deployed-tags
# Needs: aws, docker, curl and the CDK CLI ($CDK, else cdk on PATH, else scripts/infra-tools/node_modules/.bin/cdk
#   after npm ci --prefix scripts/infra-tools), with AWS credentials for the environment's account.
# Environment: SMOKE_BASE_URL  base URL of the smoke test (default: the stack output ApiUrl)
#              SMOKE_ATTEMPTS  tries of the smoke test (default 12)
#              SMOKE_DELAY     seconds between tries (default 10)
set -euo pipefail

here=${BASH_SOURCE[0]}
[[ $here == */* ]] || here=./$here
here=$(cd "${here%/*}" && pwd)
# shellcheck source=scripts/lib/aws-deploy.sh
. "$here/lib/aws-deploy.sh"

usage="usage: scripts/deploy.sh ENV SHA [--dry-run]"
positional=()
for arg in "$@"; do
  case $arg in
    -h | --help) print_help "$here/deploy.sh"; exit 0 ;;
    --dry-run) dry_run=true ;;
    -*) fail "unknown option $arg ($usage)" ;;
    *) positional+=("$arg") ;;
  esac
done
[ ${#positional[@]} -ge 1 ] || fail "missing ENV: staging or production ($usage)"
[ ${#positional[@]} -ge 2 ] || fail "missing SHA: the commit whose images to deploy, e.g. \$(git rev-parse HEAD) ($usage)"
[ ${#positional[@]} -le 2 ] || fail "too many arguments: ${positional[*]:2} ($usage)"
env=${positional[0]}
sha=${positional[1]}
check_env "$env"
check_tag "$sha"

require_tools aws docker curl cdk
require_credentials

registry_stack=$(stack_name "$env" Registry)
platform_stack=$(stack_name "$env")
parameter=$(history_parameter "$env")

# Before anything changes in AWS: a commit that was never built locally stops here.
for image in mealplanner-api mealplanner-migrations; do
  docker image inspect "$image:$sha" >/dev/null 2>&1 ||
    fail "the local image $image:$sha is missing; build it: scripts/docker/build-images.sh $sha"
done

read_history "$env"
previous=$(previous_tag "$sha") || previous=""

# A new environment has no registry yet: deploy that stack alone so the images have somewhere to go.
if ! read_stack_outputs "$registry_stack"; then
  echo "note: $registry_stack does not exist yet (first deploy of $env); deploying it first"
  cdk_deploy "$sha" "$env" "$registry_stack"
  if $dry_run; then
    placeholder_outputs "$registry_stack" ApiRepositoryUri MigrationsRepositoryUri
  else
    read_stack_outputs "$registry_stack" || fail "$registry_stack still does not exist after cdk deploy"
  fi
fi
api_repository=$(output "$registry_stack" ApiRepositoryUri)
migrations_repository=$(output "$registry_stack" MigrationsRepositoryUri)

# ECR's host names its region; the login token must come from that region whatever the CLI's default is.
registry_host=${api_repository%%/*}
region_args=()
[[ $registry_host =~ \.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com ]] && region_args=(--region "${BASH_REMATCH[1]}")
if $dry_run; then
  echo "would run: $(quoted aws ecr get-login-password "${region_args[@]}") | $(quoted docker login --username AWS --password-stdin "$registry_host")"
else
  echo "running: aws ecr get-login-password | docker login --username AWS --password-stdin $registry_host"
  aws ecr get-login-password "${region_args[@]}" | docker login --username AWS --password-stdin "$registry_host" >/dev/null ||
    fail "docker login to $registry_host failed (see above); check the credentials can call ecr:GetAuthorizationToken"
fi

# Tags are immutable: a retried deploy of the same commit finds its images pushed and must not push again.
for pair in "mealplanner-api $api_repository" "mealplanner-migrations $migrations_repository"; do
  local_image=${pair%% *}
  repository_uri=${pair#* }
  if [[ $repository_uri != '<'* ]] &&
    aws ecr describe-images --repository-name "${repository_uri#*/}" --image-ids "imageTag=$sha" "${region_args[@]}" >/dev/null 2>&1; then
    echo "$repository_uri:$sha is already in the registry; not pushing it again"
    continue
  fi
  run docker tag "$local_image:$sha" "$repository_uri:$sha"
  run docker push "$repository_uri:$sha"
done

# From here on a failure leaves the environment half-changed: the EXIT trap rolls back to the newest earlier
# successful deploy. That tag is passed explicitly rather than left to rollback.sh's default ("newest that is not
# running"): when CloudFormation has already rolled the stack back itself, the running tag IS that deploy, and the
# default would go one deploy too far.
stage=""
failure=""
rollback_options=()
$dry_run && rollback_options=(--dry-run)
on_exit() {
  local status=$?
  if [ "$status" -eq 0 ] || [ -z "$stage" ]; then return 0; fi
  trap - EXIT
  local reason=${failure:-$stage failed}
  if [ -z "$previous" ]; then
    echo "error: deploy of $sha to $env failed ($reason); nothing rolled back: no earlier successful deploy recorded in $parameter" >&2
  elif "$here/rollback.sh" "$env" "$previous" "${rollback_options[@]}"; then
    echo "error: deploy of $sha to $env failed ($reason); rolled back to $previous" >&2
  else
    echo "error: deploy of $sha to $env failed ($reason); the rollback to $previous failed too (see above)" >&2
  fi
  exit 1
}
trap on_exit EXIT
# An interrupted deploy leaves CloudFormation working on its own; a rollback now would collide with it.
trap 'stage=""; echo "error: interrupted; the stack update may still be running: check $platform_stack before scripts/rollback.sh $env" >&2; exit 130' INT TERM

stage="cdk deploy"
cdk_deploy "$sha" "$env" "$registry_stack" "$platform_stack"

stage="reading the outputs of $platform_stack"
if ! read_stack_outputs "$platform_stack"; then
  $dry_run || { failure="$platform_stack does not exist after cdk deploy"; exit 1; }
  placeholder_outputs "$platform_stack" ApiUrl ClusterName ApiServiceName
fi
api_url=$(output "$platform_stack" ApiUrl)
cluster=$(output "$platform_stack" ClusterName)
service=$(output "$platform_stack" ApiServiceName)
# The gate's snapshot is what ROLLBACK.md restores from when a migration went wrong: say where it is.
echo "pre-migration snapshot: ${outputs[$platform_stack/PreMigrationSnapshot]:-none reported}"

stage="waiting for $service to be stable"
run aws ecs wait services-stable --cluster "$cluster" --services "$service"

stage="smoke test"
smoke_test "$api_url" "$sha" || { failure="smoke test: $smoke_problem"; exit 1; }
stage=""

# The deploy stands; a failure to record it must not roll a healthy service back, so it is only reported.
new_history=("$sha")
for item in "${history[@]}"; do
  [ "$item" != "$sha" ] && [ ${#new_history[@]} -lt 20 ] && new_history+=("$item")
done
value=$(IFS=,; echo "${new_history[*]}")
run aws ssm put-parameter --name "$parameter" --type String --overwrite --value "$value" --query Version --output text ||
  fail "deployed $sha to $env, but recording it in $parameter failed; record it by hand: aws ssm put-parameter --name $parameter --type String --overwrite --value $value"
if $dry_run; then
  echo "dry run: nothing was changed"
else
  echo "deployed $sha to $env ($api_url); $parameter is now $value"
fi
