#!/usr/bin/env bash
# Builds the project's container images with the local Docker engine.
# Usage: build-images.sh [--stand-ins] [TAG]
#   --stand-ins  first builds, from Debian packages only, local stand-ins for every public image the project uses,
#                named localhost/mealplanner/<official path>:<official tag> (public registries are unreachable on the
#                project's machines; see scripts/docker/stand-ins/). Nothing is tagged under an official name.
#   TAG          tag of the app images (default: the commit SHA of HEAD); both are also tagged `local`.
# Environment: IMAGE_REGISTRY  prefix of the base images the root Dockerfile pulls (build arg REGISTRY); default
#                              empty (official images), or localhost/mealplanner with --stand-ins.
#              DEBIAN_MIRROR   mirror for debootstrap (default http://deb.debian.org/debian).
# Prints one line per image, `image=NAME build_seconds=S size_mb=M`, for benchmarks to read. Re-runs reuse what
# is built (Docker's layer cache; the debootstrap base and the .NET images are skipped outright when their inputs
# have not changed) and take seconds. Build logs go to ${TMPDIR:-/tmp}/mealplanner-image-builds/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
standins=$here/stand-ins
prefix=localhost/mealplanner
base_image=$prefix/stand-in-base:bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
logs=${TMPDIR:-/tmp}/mealplanner-image-builds

fail() { echo "error: $*" >&2; exit 1; }

with_standins=false
tag=""
for arg in "$@"; do
  case $arg in
    --stand-ins) with_standins=true ;;
    -h | --help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) fail "unknown option $arg (usage: build-images.sh [--stand-ins] [TAG])" ;;
    *) [ -z "$tag" ] || fail "more than one TAG given (usage: build-images.sh [--stand-ins] [TAG])"; tag=$arg ;;
  esac
done

"$here/ensure-engine.sh" || exit 1
# The legacy builder is the one every engine has; BuildKit needs the buildx plugin with client 23+.
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0
mkdir -p "$logs"

now() { date +%s.%N; }
# One line per image, key=value, so a benchmark can parse it.
report() {
  local image=$1 started=$2 bytes
  bytes=$(docker image inspect -f '{{.Size}}' "$image")
  awk -v i="$image" -v s="$started" -v e="$(now)" -v b="$bytes" \
    'BEGIN { printf "image=%s build_seconds=%.1f size_mb=%.1f\n", i, e - s, b / 1000000 }'
}
label_of() { docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }

# docker build with its output in a log; on failure, one line naming the image, the log and its last line.
build() {
  local image=$1 log
  shift
  log=$logs/$(echo "$image" | tr '/:' '__').log
  if ! docker build "$@" >"$log" 2>&1; then
    fail "building $image failed: $(grep -v '^\s*$' "$log" | tail -n 1) (log: $log)"
  fi
}

# The debootstrap'd Debian tree as an image; skipped when one was imported from the same recipe (~1-3 min saved).
rootfs_image=$prefix/stand-in-rootfs:bookworm
build_rootfs() {
  local started recipe tmp
  started=$(now)
  # The recipe is the rootfs preparation script plus the debootstrap call: change either and the tree is rebuilt.
  recipe=$({ cat "$standins/base/prepare-rootfs.sh"; echo "minbase bookworm $mirror"; } | sha256sum | cut -c1-16)
  if [ "$(label_of "$rootfs_image" org.mealplanner.stand-in.recipe)" = "$recipe" ]; then
    report "$rootfs_image" "$started"
    return
  fi
  [ "$(id -u)" = 0 ] || fail "building $rootfs_image needs root (debootstrap); re-run as root"
  command -v debootstrap >/dev/null 2>&1 || fail "debootstrap is missing; install it: apt-get install -y debootstrap"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/mealplanner-rootfs.XXXXXX")
  # debootstrap mounts /proc and /sys inside the tree; unmount before deleting, and never cross into them.
  trap 'umount "$tmp/rootfs/proc" "$tmp/rootfs/sys" 2>/dev/null || true; rm -rf --one-file-system "$tmp"' EXIT
  debootstrap --variant=minbase bookworm "$tmp/rootfs" "$mirror" >"$logs/debootstrap.log" 2>&1 ||
    fail "debootstrap failed: $(tail -n 1 "$logs/debootstrap.log") (log: $logs/debootstrap.log)"
  "$standins/base/prepare-rootfs.sh" "$tmp/rootfs"
  tar -C "$tmp/rootfs" -c . | docker import \
    --change "LABEL org.mealplanner.stand-in.recipe=$recipe" \
    --change "LABEL org.mealplanner.stand-in.created=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --change "LABEL org.mealplanner.stand-in.note=\"LOCAL STAND-IN rootfs (debootstrap minbase bookworm), not an official image\"" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$rootfs_image" >"$logs/import.log" 2>&1 ||
    fail "docker import of $rootfs_image failed: $(tail -n 1 "$logs/import.log")"
  umount "$tmp/rootfs/proc" "$tmp/rootfs/sys" 2>/dev/null || true
  rm -rf --one-file-system "$tmp"
  trap - EXIT
  report "$rootfs_image" "$started"
}

# The base of all stand-ins: the rootfs plus the machine's local CA certificates (see stand-ins/base/Dockerfile).
build_base() {
  local started stage
  started=$(now)
  stage=$(mktemp -d "${TMPDIR:-/tmp}/mealplanner-base-context.XXXXXX")
  mkdir -p "$stage/local-ca-certificates"
  cp "$standins/base/Dockerfile" "$stage/"
  find /usr/local/share/ca-certificates -maxdepth 1 -type f -name '*.crt' -exec cp {} "$stage/local-ca-certificates/" \; 2>/dev/null || true
  if ! tar -c -C "$stage" . | docker build -t "$base_image" --build-arg "ROOTFS=$rootfs_image" - >"$logs/base.log" 2>&1; then
    rm -rf "$stage"
    fail "building $base_image failed: $(grep -v '^\s*$' "$logs/base.log" | tail -n 1) (log: $logs/base.log)"
  fi
  rm -rf "$stage"
  report "$base_image" "$started"
}

# A stand-in with a small build context: plain docker build, Docker's layer cache makes re-runs take seconds.
build_standin() {
  local folder=$1 image=$prefix/$2 started
  started=$(now)
  build "$image" -t "$image" --build-arg "BASE=$base_image" "$standins/$folder"
  report "$image" "$started"
}

# The .NET stand-ins copy the machine's /usr/share/dotnet. The build context is a tar stream of just the folders
# one image needs (with the Dockerfile), and the whole build is skipped when the image was built from the same
# Dockerfile, base and .NET versions, so a re-run does not send and hash hundreds of MB.
dotnet_root=/usr/share/dotnet
build_dotnet() {
  local folder=$1 image=$prefix/$2 from=$3 started fingerprint stage item
  shift 3
  started=$(now)
  [ -x "$dotnet_root/dotnet" ] || fail "no .NET install at $dotnet_root to copy into $image"
  fingerprint=$({
    cat "$standins/$folder/Dockerfile"
    docker image inspect -f '{{.Id}}' "$from"
    ls "$dotnet_root" "$dotnet_root/host/fxr" "$dotnet_root"/shared/* "$dotnet_root/sdk" 2>/dev/null
    printf '%s\n' "$@"
  } | sha256sum | cut -c1-16)
  if [ "$(label_of "$image" org.mealplanner.stand-in.fingerprint)" = "$fingerprint" ]; then
    report "$image" "$started"
    return
  fi
  stage=$(mktemp -d "${TMPDIR:-/tmp}/mealplanner-dotnet-context.XXXXXX")
  mkdir -p "$stage/dotnet/shared"
  cp "$standins/$folder/Dockerfile" "$stage/"
  for item in "$@"; do
    [ -e "$dotnet_root/$item" ] && ln -s "$dotnet_root/$item" "$stage/dotnet/$item"
  done
  # -h follows the symlinks, so the stream carries the real files without copying them to disk first.
  if ! tar -ch -C "$stage" . | docker build -t "$image" --build-arg "BASE=$from" \
    --build-arg "DOTNET_VERSION=$(find "$dotnet_root/shared/Microsoft.NETCore.App" -mindepth 1 -maxdepth 1 -printf "%f\n" | sort -V | tail -n 1)" \
    --label "org.mealplanner.stand-in.fingerprint=$fingerprint" - >"$logs/$folder.log" 2>&1; then
    rm -rf "$stage"
    fail "building $image failed: $(grep -v '^\s*$' "$logs/$folder.log" | tail -n 1) (log: $logs/$folder.log)"
  fi
  rm -rf "$stage"
  report "$image" "$started"
}

# The S3 store's stand-in needs s3rver's node_modules. They are installed here with the machine's npm (pinned by the
# lock file, pure JavaScript), because installing Debian's npm inside the build pulls ~300 node-* packages and took
# ~3 min of a cold build; the image itself gets Debian's nodejs only.
build_s3mock() {
  local image=$prefix/adobe/s3mock:4.4.0 started stage
  started=$(now)
  command -v npm >/dev/null 2>&1 || fail "npm is missing (it installs the S3 stand-in's packages); install it: apt-get install -y npm"
  stage=$(mktemp -d "${TMPDIR:-/tmp}/mealplanner-s3mock-context.XXXXXX")
  cp "$standins/s3mock/"* "$stage/"
  if ! npm ci --prefix "$stage" --omit=dev --no-audit --no-fund --loglevel=error >"$logs/s3mock-npm.log" 2>&1; then
    rm -rf "$stage"
    fail "npm ci for $image failed: $(tail -n 1 "$logs/s3mock-npm.log") (log: $logs/s3mock-npm.log)"
  fi
  build "$image" -t "$image" --build-arg "BASE=$base_image" "$stage"
  rm -rf "$stage"
  report "$image" "$started"
}

build_dotnet_images() {
  local runtime_items sdk_items item
  runtime_items=(dotnet LICENSE.txt ThirdPartyNotices.txt host shared/Microsoft.NETCore.App shared/Microsoft.AspNetCore.App)
  build_dotnet dotnet-aspnet dotnet/aspnet:10.0 "$base_image" "${runtime_items[@]}"
  # The SDK image adds everything else in the install (sdk, packs, templates, ...) on top of the runtime image.
  sdk_items=()
  for item in "$dotnet_root"/* "$dotnet_root"/shared/*; do
    item=${item#"$dotnet_root"/}
    [ "$item" = shared ] && continue
    [[ " ${runtime_items[*]} " == *" $item "* ]] || sdk_items+=("$item")
  done
  build_dotnet dotnet-sdk dotnet/sdk:10.0 "$prefix/dotnet/aspnet:10.0" "${sdk_items[@]}"
}

if $with_standins; then
  build_rootfs
  build_base
  # Everything above the base is independent and mostly waits on the Debian mirror: built side by side, a cold
  # run is minutes shorter. Each job prints its own line; any failure fails the script after all have ended.
  jobs_pids=()
  build_dotnet_images & jobs_pids+=($!)
  build_standin postgres library/postgres:15 & jobs_pids+=($!)
  build_standin redis library/redis:7 & jobs_pids+=($!)
  build_standin pgbouncer edoburu/pgbouncer:v1.25.1-p0 & jobs_pids+=($!)
  build_s3mock & jobs_pids+=($!)
  build_standin nginx library/nginx:1.28 & jobs_pids+=($!)
  failures=0
  for pid in "${jobs_pids[@]}"; do wait "$pid" || failures=$((failures + 1)); done
  [ "$failures" -eq 0 ] || fail "$failures stand-in build(s) failed (see the lines above)"
fi

# The app images.
[ -f "$repo/Dockerfile" ] || fail "no Dockerfile at $repo (the app images are built from its targets api and migrations)"
sha=$(git -C "$repo" rev-parse HEAD 2>/dev/null) || fail "cannot read the commit SHA (git rev-parse HEAD in $repo)"
tag=${tag:-$sha}
if [ -n "${IMAGE_REGISTRY+set}" ]; then
  registry=$IMAGE_REGISTRY
elif $with_standins; then
  registry=$prefix
else
  registry=""
fi
for target in api migrations; do
  image=mealplanner-$target
  started=$(now)
  build "$image:$tag" --target "$target" -t "$image:$tag" -t "$image:local" \
    --build-arg "REGISTRY=$registry" --build-arg "COMMIT_SHA=$sha" -f "$repo/Dockerfile" "$repo"
  report "$image:$tag" "$started"
done
