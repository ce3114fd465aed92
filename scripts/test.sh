#!/usr/bin/env bash
# `npm test`: the import rules, every test project on the embedded PostgreSQL, the server tests again on
# the local PostgreSQL server when one answers on 127.0.0.1:5432, the domain tests under other time zones,
# and the browser journey. Ends with one line "N passed, N failed" for CI.
set -uo pipefail
cd "$(dirname "$0")/.."
counts=test-results/counts
rm -rf "$counts" && mkdir -p "$counts"
status=0

vitest_run() {
  local label=$1
  shift
  echo
  echo "== $label"
  npx vitest run --reporter=default --reporter=json --outputFile.json="$counts/$label.json" "$@" || status=1
  [ -f "$counts/$label.json" ] || echo "{\"missing\":\"$label\"}" >"$counts/$label.json"
}

# the servers the tests start would each build a missing web app: build it once, first
node scripts/build-web.mjs --if-stale || status=1

echo "== import rules and circles (dependency-cruiser)"
npm run -s lint:imports || status=1

vitest_run embedded --project domain --project cli --project server --project faults --project hostile

if node -e 'const s=require("net").connect(5432,"127.0.0.1");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));setTimeout(()=>process.exit(1),2000)'; then
  TEST_DATABASE_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
    vitest_run postgres-server --project server
else
  echo "== no PostgreSQL server on 127.0.0.1:5432: server tests ran on the embedded database only"
fi

for zone in America/Mexico_City America/Santiago Europe/Madrid; do
  TZ=$zone vitest_run "tz-${zone//\//-}" --project domain
done

if [ -x /usr/bin/chromium ]; then
  vitest_run browser --config vitest.e2e.config.ts
elif [ "${CI:-}" = "true" ]; then
  echo "== /usr/bin/chromium is missing: the browser journey cannot run (apt-get install -y chromium)"
  status=1
else
  echo "== /usr/bin/chromium is missing: browser journey not run (apt-get install -y chromium)"
fi

node scripts/count-tests.mjs "$counts" || status=1
exit $status
