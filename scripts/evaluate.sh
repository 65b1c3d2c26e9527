#!/usr/bin/env bash
# Reproduces the README's ranking table: nDCG@10 (and MAP) of quarry's defaults and variants on
# the five test collections, evaluated as trec_eval -c. Usage:
#   scripts/evaluate.sh [SHARED_DIR]        (default: ../shared beside the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
quarry=build/cli/quarry
[[ -x $quarry ]] || scripts/build.sh
collections=(scifact nfcorpus cranfield cacm med)
variants=(
  "defaults|"
  "per-field BM25, title weight 0.5|--title-weight 0.5"
  "RM3 (10 docs, 10 terms, 0.5)|--rm3"
  "no stemming|--no-stem"
  "stop words kept|--no-stopwords"
  "k3 off (repeats count once: --k3 0)|--k3 0"
  "Anserini's k1=0.9 b=0.4|--k1 0.9 --b 0.4"
)
metric() { awk -v m="$1" '$1 == m { print $3 }'; }
echo "| variant | SciFact | NFCorpus | Cranfield | CACM | MED | mean |"
echo "|---|---|---|---|---|---|---|"
for variant in "${variants[@]}"; do
  name=${variant%%|*}
  options=${variant#*|}
  row="| $name |"
  sum=0
  for collection in "${collections[@]}"; do
    # shellcheck disable=SC2086
    out=$($quarry eval --collection "$shared/corpora/$collection" $options)
    ndcg=$(metric ndcg_cut_10 <<<"$out")
    map=$(metric map <<<"$out")
    row+=" $ndcg (MAP $map) |"
    sum=$(awk -v a="$sum" -v b="$ndcg" 'BEGIN { print a + b }')
  done
  echo "$row $(awk -v s="$sum" 'BEGIN { printf "%.4f", s / 5 }') |"
done
