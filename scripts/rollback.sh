#!/usr/bin/env bash
# Puts an environment's API back on an earlier image.
# Usage: scripts/rollback.sh ENV [TAG] [--dry-run]
#   ENV        staging or production
#   TAG        the image tag (commit SHA) to run; default: the newest tag in the deploy history that is not the
#              tag the API service runs now (read from its task definition)
#   --dry-run  print every call that would change something (`would run: ...`) and make none of them
# Steps: IMAGE_TAG=TAG cdk deploy MealPlanner-Env, wait until the API service is stable, then GET /health (200)
# and GET /version (commit TAG). The migration task of TAG runs inside the deploy; it does not undo the schema
# changes of later commits (restoring data is in docs/runbooks/ROLLBACK.md).
# Deploy history (where the previous tag is recorded): the SSM parameter /meal-planner/ENV/deployed-tags, a String
#   of comma-separated image tags of successful deploys, newest first, written by scripts/deploy.sh. A rollback
#   reads it and never changes it. Read it with aws ssm get-parameter --name /meal-planner/ENV/deployed-tags
# Needs: aws, curl and the CDK CLI ($CDK, else cdk on PATH, else scripts/infra-tools/node_modules/.bin/cdk after
#   npm ci --prefix scripts/infra-tools), with AWS credentials for the environment's account.
# Environment: SMOKE_BASE_URL  base URL of the smoke test (default: the stack output ApiUrl)
#              SMOKE_ATTEMPTS  tries of the smoke test (default 12)
#              SMOKE_DELAY     seconds between tries (default 10)
set -euo pipefail

here=${BASH_SOURCE[0]}
[[ $here == */* ]] || here=./$here
here=$(cd "${here%/*}" && pwd)
# shellcheck source=scripts/lib/aws-deploy.sh
. "$here/lib/aws-deploy.sh"

usage="usage: scripts/rollback.sh ENV [TAG] [--dry-run]"
positional=()
for arg in "$@"; do
  case $arg in
    -h | --help) print_help "$here/rollback.sh"; exit 0 ;;
    --dry-run) dry_run=true ;;
    -*) fail "unknown option $arg ($usage)" ;;
    *) positional+=("$arg") ;;
  esac
done
[ ${#positional[@]} -ge 1 ] || fail "missing ENV: staging or production ($usage)"
[ ${#positional[@]} -le 2 ] || fail "too many arguments: ${positional[*]:2} ($usage)"
env=${positional[0]}
tag=${positional[1]:-}
check_env "$env"
[ -z "$tag" ] || check_tag "$tag"

require_tools aws curl cdk
require_credentials

platform_stack=$(stack_name "$env")
parameter=$(history_parameter "$env")
read_stack_outputs "$platform_stack" ||
  fail "$platform_stack does not exist, so there is nothing to roll back; deploy first: scripts/deploy.sh $env SHA"
api_url=$(output "$platform_stack" ApiUrl)
cluster=$(output "$platform_stack" ClusterName)
service=$(output "$platform_stack" ApiServiceName)

running=$(running_tag "$cluster" "$service")
if [ -z "$tag" ]; then
  read_history "$env"
  tag=$(previous_tag "$running") ||
    fail "no earlier successful deploy recorded in $parameter (the service runs $running); give a TAG: scripts/rollback.sh $env TAG"
fi
echo "rolling $env back from $running to $tag"

cdk_deploy "$tag" "$env" "$platform_stack" ||
  fail "rollback of $env to $tag failed: cdk deploy $platform_stack failed (see above)"
run aws ecs wait services-stable --cluster "$cluster" --services "$service" ||
  fail "rollback of $env to $tag failed: $service did not become stable (see the service's events)"
smoke_test "$api_url" "$tag" || fail "rollback of $env to $tag failed: smoke test: $smoke_problem"
if $dry_run; then
  echo "dry run: nothing was changed"
else
  echo "rolled $env back to $tag; $parameter is unchanged"
fi
