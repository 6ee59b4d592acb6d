#!/bin/sh
# LOCAL STAND-IN entrypoint for docker.io/library/nginx:1.28 (image localhost/mealplanner/library/nginx:1.28), built
# from Debian packages because public image registries are unreachable here.
# Honours the official entrypoint's contract when the command is nginx or nginx-debug: templates in
# $NGINX_ENVSUBST_TEMPLATE_DIR (default /etc/nginx/templates) ending in $NGINX_ENVSUBST_TEMPLATE_SUFFIX (.template)
# are rendered with envsubst (only variables defined in the environment are replaced) into
# $NGINX_ENVSUBST_OUTPUT_DIR (default /etc/nginx/conf.d), then executable /docker-entrypoint.d/*.sh scripts run;
# NGINX_ENTRYPOINT_QUIET_LOGS silences this script. Then exec "$@", so nginx is PID 1 and gets docker's signals.
set -eu

log() { [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$0: $*"; }

if [ "${1:-}" = nginx ] || [ "${1:-}" = nginx-debug ]; then
  template_dir=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
  suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
  output_dir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
  if [ -d "$template_dir" ]; then
    # Only the names of variables that exist, so nginx's own $variables in templates survive.
    defined=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
    find "$template_dir" -follow -type f -name "*$suffix" -print | while read -r template; do
      relative=${template#"$template_dir"/}
      output=$output_dir/${relative%"$suffix"}
      mkdir -p "$(dirname "$output")"
      log "rendering $template to $output"
      envsubst "$defined" <"$template" >"$output"
    done
  fi
  for script in /docker-entrypoint.d/*.sh; do
    [ -f "$script" ] || continue
    if [ -x "$script" ]; then
      log "running $script"
      "$script"
    else
      log "ignoring $script, not executable"
    fi
  done
  log "configuration complete; ready for start up"
fi

exec "$@"
