#!/usr/bin/env bash
# The main job, end to end on a fresh machine: start the local lakehouse (Trino + Nessie),
# build the example project on a Nessie branch, run its tests there, publish it into main, write the docs site.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
tform() { node "$root/bin/tform.js" "$@"; }

tform sandbox up
profiles_dir="$(tform sandbox status --print-profiles-dir)"
branch="demo-$(date -u +%Y%m%d%H%M%S)"
cd example-project
tform build   --branch "$branch" --profiles-dir "$profiles_dir"
tform test    --branch "$branch" --profiles-dir "$profiles_dir"
tform publish --branch "$branch" --profiles-dir "$profiles_dir"
tform history gold_customer_revenue --profiles-dir "$profiles_dir"
tform docs generate --profiles-dir "$profiles_dir"
echo
echo "Published branch $branch into main. The sandbox keeps running; stop it with: node bin/tform.js sandbox down"
echo "The docs site with its lineage and the release just published: example-project/target/docs/index.html, or: cd example-project && node ../bin/tform.js docs serve"
