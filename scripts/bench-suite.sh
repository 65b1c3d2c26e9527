#!/usr/bin/env bash
# The benchmark suite: quarry against its peers (Xapian, SQLite FTS5), measured alike (see
# ../shared/PEERS.md): the same corpus, the same query classes (quarry bench's), one thread,
# one untimed warm-up pass, only the search call timed.
#
#   scripts/bench-suite.sh [CORPUS] [QUERIES]
#
# CORPUS defaults to ../shared/corpora/gutenberg/docs.jsonl.zst, QUERIES to
# ../shared/queries/aol/queries_tagged.jsonl (both relative to the repository).
# Environment:
#   INDEXES  where the indexes go (default build/bench-indexes: quarry/, xapian/, fts5/)
#   RESULTS  where the reports go (default build/bench-results)
#   FORCE=1  rebuild the indexes even when they exist
#   REPEAT   timed passes over each query class (default 3)
#   BUILD_DIR  the build tree holding cli/quarry and bench/peers/quarry-peers (default build,
#              made by scripts/build.sh; any other tree is brought up to date with cmake --build)
#   SKIP_BUILD=1  build nothing: use the binaries already in BUILD_DIR
# The peers need libxapian-dev and libsqlite3-dev (quarry-peers is not built without them); a
# missing peer is reported and skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

absolute() { [[ "$1" == /* ]] && printf '%s\n' "$1" || printf '%s\n' "$root/$1"; }
corpus=$(absolute "${1:-../shared/corpora/gutenberg/docs.jsonl.zst}")
queries=$(absolute "${2:-../shared/queries/aol/queries_tagged.jsonl}")
indexes=$(absolute "${INDEXES:-build/bench-indexes}")
results=$(absolute "${RESULTS:-build/bench-results}")
repeat=${REPEAT:-3}
force=${FORCE:-0}

for input in "$corpus" "$queries"; do
    [[ -f "$input" ]] || { echo "bench-suite: no such file: $input" >&2; exit 2; }
done

build_dir=$(absolute "${BUILD_DIR:-build}")
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    if [[ "$build_dir" == "$root/build" ]]; then
        echo "== building quarry (scripts/build.sh)"
        scripts/build.sh
    else
        echo "== building quarry in $build_dir"
        cmake --build "$build_dir" -j "$(nproc)"
    fi
fi
quarry=$build_dir/cli/quarry
peers=$build_dir/bench/peers/quarry-peers
[[ -x "$quarry" ]] || { echo "bench-suite: $quarry was not built" >&2; exit 1; }
have_peers=1
if [[ ! -x "$peers" ]]; then
    have_peers=0
    echo "bench-suite: NOTE: quarry-peers was not built (needs libxapian-dev and libsqlite3-dev, and"
    echo "             QUARRY_BUILD_BENCH/QUARRY_BUILD_PEERS on): the Xapian and FTS5 peers are skipped."
fi

timer=()
if [[ -x /usr/bin/time ]]; then
    timer=(/usr/bin/time -v -o)
else
    echo "bench-suite: NOTE: /usr/bin/time not found (Debian: apt-get install time): no peak memory figures."
fi
mkdir -p "$indexes" "$results"

# build NAME DIR COMMAND...: builds an index unless DIR exists (FORCE=1 rebuilds), recording
# the command's output and /usr/bin/time -v figures in RESULTS/build-NAME.{log,time}.
build() {
    local name=$1 dir=$2
    shift 2
    if [[ -e "$dir" && "$force" != 1 ]]; then
        echo "== $name index: $dir exists, kept (FORCE=1 rebuilds it)"
        return 0
    fi
    rm -rf "$dir"
    echo "== $name index: building $dir"
    local status=0
    if ((${#timer[@]})); then
        "${timer[@]}" "$results/build-$name.time" "$@" >"$results/build-$name.log" 2>&1 || status=$?
    else
        "$@" >"$results/build-$name.log" 2>&1 || status=$?
    fi
    if ((status != 0)); then
        echo "bench-suite: building the $name index failed (exit $status); see $results/build-$name.log" >&2
        tail -n 5 "$results/build-$name.log" >&2
        rm -rf "$dir"
        return 1
    fi
    tail -n 1 "$results/build-$name.log"
}

engines=()
# One segment, as the peers' indexes are (and as search-benchmark-game merges Lucene's and
# tantivy's): indexing on every core leaves a segment per thread, and the build's time and
# memory figures include the merge.
build quarry "$indexes/quarry" bash -c '"$1" index "$2" "$3" --force && "$1" optimize "$2"' build-quarry \
    "$quarry" "$indexes/quarry" "$corpus" && engines+=(quarry)
if ((have_peers)); then
    build xapian "$indexes/xapian" "$peers" build --engine xapian --corpus "$corpus" --out "$indexes/xapian" && engines+=(xapian)
    build fts5 "$indexes/fts5" "$peers" build --engine fts5 --corpus "$corpus" --out "$indexes/fts5" && engines+=(fts5)
fi

reports=()
for engine in "${engines[@]}"; do
    echo "== $engine: bench ($repeat timed passes per class)"
    if [[ $engine == quarry ]]; then
        command=("$quarry" bench "$indexes/quarry" --queries "$queries" --repeat "$repeat" --json)
    else
        command=("$peers" bench --engine "$engine" --index "$indexes/$engine" --queries "$queries" --repeat "$repeat" --json)
    fi
    if "${command[@]}" >"$results/bench-$engine.json" 2>"$results/bench-$engine.err"; then
        reports+=("$results/bench-$engine.json")
    else
        echo "bench-suite: the $engine bench failed; see $results/bench-$engine.err" >&2
        tail -n 5 "$results/bench-$engine.err" >&2
    fi
done

# Index builds: wall time and peak memory from /usr/bin/time -v (of the last build, which may
# predate this run when the index was kept), size on disk now.
{
    echo
    echo "## Index builds ($(basename "$corpus"))"
    echo
    echo "| engine | build time | peak memory | size on disk |"
    echo "|---|---:|---:|---:|"
    for engine in "${engines[@]}"; do
        wall="n/a" memory="n/a"
        if [[ -f "$results/build-$engine.time" ]]; then
            wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$results/build-$engine.time")
            memory=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2 / 1024}' "$results/build-$engine.time")
        fi
        size=$(du -sb "$indexes/$engine" | awk '{printf "%.1f MB", $1 / 1e6}')
        echo "| $engine | $wall | $memory | $size |"
    done
    echo
    echo "## Query latency ($(basename "$queries"), one thread, $repeat passes after a warm-up)"
    echo
    if ((have_peers)) && ((${#reports[@]})); then
        "$peers" report "${reports[@]}"
    else
        echo "No comparison: quarry-peers is not built. quarry's own figures: ${reports[*]:-none}"
    fi
    if ((!have_peers)); then
        echo
        echo "NOTE: the peers (Xapian, SQLite FTS5) were skipped: quarry-peers is not built."
    fi
} | tee "$results/report.md"
echo
echo "Reports in $results (report.md, bench-*.json, build-*.{log,time})."
