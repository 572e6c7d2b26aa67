#!/usr/bin/env bash
# `pnpm test:stress`: whether CI passes on a busy machine. Runs `CI=true bash .ci/run` three times in a
# row, each on a fresh `git clone` of the repository's `main`, while two CPU hogs (`node -e 'for(;;);'`)
# run beside them, then reports each run's exit code and duration. The hogs are ended by this script on
# every way out (success, a failed run, Ctrl-C, a kill).
#
# Each clone gets a `shared` folder beside it (a symbolic link), as the repository expects one at
# `../shared`: $SWITCHBOARD_SHARED if set, else the `../shared` of this repository, else /work/shared.
#
# Usage: bash scripts/stress/ci-stress.sh [--runs N] [--ref BRANCH] [--hogs N] [--command CMD] [--keep]
#   --runs N       runs (default 3)
#   --ref BRANCH   the branch to clone (default main)
#   --hogs N       CPU hogs beside the runs (default 2)
#   --command CMD  what each run executes in its clone instead of `bash .ci/run`, for a short trial of
#                  this script itself: `--runs 1 --command 'node --version'`
#   --keep         keep the clones (the logs are always kept)
# Exit status: 0 when every run exited 0, else 1.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=3
ref=main
hog_count=2
command='bash .ci/run'
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --ref) ref="$2"; shift 2 ;;
    --hogs) hog_count="$2"; shift 2 ;;
    --command) command="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "ci-stress: unknown argument $1" >&2; exit 64 ;;
  esac
done
for number in "$runs" "$hog_count"; do
  if ! [[ "$number" =~ ^[0-9]+$ ]] || [ "$number" -gt 20 ]; then
    echo "ci-stress: --runs and --hogs take a whole number from 0 to 20" >&2
    exit 64
  fi
done

shared="${SWITCHBOARD_SHARED:-}"
if [ -z "$shared" ]; then
  if [ -d "$root/../shared" ]; then shared="$(cd "$root/../shared" && pwd)"; else shared=/work/shared; fi
fi
if [ ! -d "$shared" ]; then
  echo "ci-stress: no shared folder at $shared (set SWITCHBOARD_SHARED)" >&2
  exit 1
fi
# The clone source: the repository's own object store, so a linked worktree works as well as a clone.
source_repository="$(cd "$root" && git rev-parse --path-format=absolute --git-common-dir)"
if ! git --git-dir="$source_repository" rev-parse --verify --quiet "refs/heads/$ref" >/dev/null; then
  echo "ci-stress: the repository has no branch $ref" >&2
  exit 1
fi

# setsid where there is one (Linux); elsewhere an interrupt ends the run's shell only.
new_session=()
if command -v setsid >/dev/null 2>&1; then new_session=(setsid); fi

work="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-stress-XXXXXX")"
mkdir -p "$work/logs"
hogs=()
current_run=""

stop_hogs() {
  local pid
  for pid in "${hogs[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${hogs[@]}"; do
    wait "$pid" 2>/dev/null
  done
  hogs=()
}

cleanup() {
  # A run still going (Ctrl-C, a kill) is ended first: its process group, started below with setsid.
  if [ -n "$current_run" ]; then
    kill -TERM -- "-$current_run" 2>/dev/null || kill -TERM "$current_run" 2>/dev/null
    wait "$current_run" 2>/dev/null
    current_run=""
  fi
  stop_hogs
  if [ "$keep" -eq 0 ]; then
    find "$work" -mindepth 1 -maxdepth 1 -name 'run-*' -type d -exec rm -rf {} + 2>/dev/null
  fi
}
trap cleanup EXIT
trap 'echo; echo "ci-stress: interrupted"; exit 130' INT
trap 'exit 143' TERM

for ((index = 0; index < hog_count; index++)); do
  node -e 'for(;;);' &
  hogs+=("$!")
done
commit="$(git --git-dir="$source_repository" rev-parse --short "refs/heads/$ref")"
echo "ci-stress: ${runs} runs of \`CI=true ${command}\` on fresh clones of ${ref} (${commit}), ${hog_count} CPU hogs (pids ${hogs[*]:-none}), $(nproc 2>/dev/null || echo '?') CPUs"
echo "ci-stress: shared -> ${shared}; logs in ${work}/logs"

results=()
overall=0
for ((run = 1; run <= runs; run++)); do
  folder="$work/run-$run"
  log="$work/logs/run-$run.log"
  mkdir -p "$folder"
  ln -s "$shared" "$folder/shared"
  started=$(date +%s)
  if ! git clone --quiet --branch "$ref" --single-branch "$source_repository" "$folder/switchboard" >"$log" 2>&1; then
    status=128
  else
    # Its own process group, so that an interrupt ends the whole run (pnpm, turbo, vitest) and no more.
    (cd "$folder/switchboard" && CI=true exec "${new_session[@]}" bash -c "$command") >>"$log" 2>&1 &
    current_run=$!
    wait "$current_run"
    status=$?
    current_run=""
  fi
  seconds=$(($(date +%s) - started))
  duration="$((seconds / 60))m$(printf '%02d' $((seconds % 60)))s"
  totals="$(grep -E '^tests: [0-9]+ passed' "$log" | tail -n 1)"
  line="run ${run}: exit ${status} in ${duration}${totals:+ (${totals})}"
  results+=("$line")
  echo "ci-stress: $line"
  if [ "$status" -ne 0 ]; then
    overall=1
    echo "---- last lines of $log"
    grep -E 'FAIL|✗|×|Error|failed' "$log" | tail -n 20
    tail -n 15 "$log"
    echo "----"
  fi
  if [ "$keep" -eq 0 ]; then rm -rf "$folder"; fi
done
stop_hogs

echo
echo "== ci-stress: ${hog_count} CPU hogs, ${ref} at ${commit}"
for line in "${results[@]}"; do echo "$line"; done
echo "logs: $work/logs"
exit "$overall"
