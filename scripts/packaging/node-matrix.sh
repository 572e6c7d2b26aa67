#!/usr/bin/env bash
# `pnpm test:matrix`: runs the workspace's test suite under other Node.js majors than the one installed.
# Each Node.js is fetched as the official binary that the registry ships as an npm package
# (`node-<os>-<arch>@<major>`, the package the `node` package installs), with `npm pack` into a
# temporary folder; only its bin/node is unpacked. Then, with that node first on PATH (so pnpm, turbo's
# tasks and vitest all run on it): `pnpm exec turbo run test --force --continue`.
#
# Usage: bash scripts/packaging/node-matrix.sh [major…]        (default: 22 24)
# Not part of `pnpm test` nor of .ci/run: it downloads two Node.js builds (about 50 MB each) and runs the
# suite twice, 10 min 45 s on the 2-core CI machine under load (326 s of CPU; Node 22 and 24 in turn).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
majors=("$@")
if [ ${#majors[@]} -eq 0 ]; then majors=(22 24); fi

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "node-matrix: unsupported system $(uname -s)" >&2; exit 64 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  arm64 | aarch64) arch=arm64 ;;
  *) echo "node-matrix: unsupported architecture $(uname -m)" >&2; exit 64 ;;
esac

work="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-node-matrix-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Sums the vitest reports written since the run started (a package that failed to build writes none).
summarise() {
  node - "$root" "$1" <<'EOF'
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');
const [root, since] = process.argv.slice(2);
let passed = 0, failed = 0, skipped = 0, reports = 0;
const folders = readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name));
folders.push(join(root, 'bench'));
for (const folder of folders) {
  const report = join(folder, '.vitest', 'results.json');
  if (!existsSync(report) || statSync(report).mtimeMs < Number(since)) continue;
  const results = JSON.parse(readFileSync(report, 'utf8'));
  reports++;
  passed += results.numPassedTests ?? 0;
  failed += results.numFailedTests ?? 0;
  skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
}
console.log(`${reports} packages reported: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
EOF
}

overall=0
summaries=()
matrix_started="$(date +%s)"
for major in "${majors[@]}"; do
  package="node-${os}-${arch}@${major}"
  echo "== ${package}: npm pack into ${work}"
  if ! tarball="$(cd "$work" && npm pack --silent "$package" 2>"$work/pack-${major}.log" | tail -n 1)" || [ -z "$tarball" ]; then
    cat "$work/pack-${major}.log" >&2
    summaries+=("node ${major}: could not download ${package}")
    overall=1
    continue
  fi
  mkdir -p "$work/node-${major}"
  tar -xzf "$work/$tarball" -C "$work/node-${major}" package/bin/node
  rm -f "$work/$tarball"
  bin="$work/node-${major}/package/bin"
  version="$(PATH="$bin:$PATH" node --version)"
  pnpm_node="$(cd "$root" && PATH="$bin:$PATH" pnpm exec node --version)"
  echo "== node ${version} (pnpm runs on ${pnpm_node}): pnpm exec turbo run test --force --continue"
  started="$(date +%s)000"
  (cd "$root" && PATH="$bin:$PATH" pnpm exec turbo run test --force --continue --output-logs=errors-only)
  status=$?
  line="$(PATH="$bin:$PATH" summarise "$started")"
  seconds=$(( $(date +%s) - ${started%000} ))
  summaries+=("node ${version}: turbo exit ${status} in ${seconds} s; ${line}")
  if [ "$status" -ne 0 ]; then overall=1; fi
done

echo
echo "== node matrix ($(( $(date +%s) - matrix_started )) s in all)"
for summary in "${summaries[@]}"; do echo "$summary"; done
exit "$overall"
