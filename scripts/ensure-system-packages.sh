#!/usr/bin/env bash
# Installs the Debian packages the tests drive as real programs, where they are missing:
# chromium (browser tests through playwright-core, which never downloads a browser of its own),
# ffmpeg (the video tests generate real HLS streams), docker-compose (the compose file is
# checked with `docker-compose config`; no Docker engine is needed for that), prometheus
# (the Prometheus connector tests scrape a local exporter with a real server) and nginx-core
# (the load-balancer test runs the compose file's nginx config in front of the service).
set -euo pipefail
declare -A binary=([chromium]=/usr/bin/chromium [ffmpeg]=/usr/bin/ffmpeg [docker-compose]=/usr/bin/docker-compose [prometheus]=/usr/bin/prometheus [nginx-core]=/usr/sbin/nginx)
missing=()
for pkg in chromium ffmpeg docker-compose prometheus nginx-core; do
  [ -x "${binary[$pkg]}" ] || missing+=("$pkg")
done
if [ ${#missing[@]} = 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "missing Debian packages: run 'sudo apt-get update && sudo apt-get install -y ${missing[*]}' first" >&2
  exit 1
fi
echo "installing from Debian's packages: ${missing[*]}..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
