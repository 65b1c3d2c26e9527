// Postings cursors: a full scan of a long list (decode), seek with growing gaps, and the
// intersection of two lists, by seeks and by merging blocks; counting a union with bit sets.
#include <utility>

#include <benchmark/benchmark.h>

#include "bench_index.hpp"
#include "index/fields.hpp"
#include "eval/count.hpp"
#include "postings/intersect.hpp"
#include "postings/postings_cursor.hpp"
#include "scoring/block_limits.hpp"

namespace {

using quarry::postings::kEndDoc;
using quarry::postings::PostingsCursor;

quarry::postings::TermInfo info_of(std::size_t rank) {
    const auto& segment = quarry::bench::bench_segment();
    return segment.terms().find(quarry::bench::bench_key(rank)).value();
}

// The lists of the two ranks a benchmark is given, the rarer first.
std::pair<quarry::postings::TermInfo, quarry::postings::TermInfo> rarer_first(const benchmark::State& state) {
    const auto a = info_of(static_cast<std::size_t>(state.range(0)));
    const auto b = info_of(static_cast<std::size_t>(state.range(1)));
    return a.doc_freq <= b.doc_freq ? std::pair{a, b} : std::pair{b, a};
}

void BM_PostingsScan(benchmark::State& state) {
    const auto& segment = quarry::bench::bench_segment();
    const auto info = info_of(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        PostingsCursor cursor(segment.postings(), nullptr, info);
        std::uint64_t sum = 0;
        for (std::uint32_t doc = cursor.doc(); doc != kEndDoc; doc = cursor.next()) sum += doc + cursor.freq();
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * info.doc_freq));
}
BENCHMARK(BM_PostingsScan)->Arg(0)->Arg(10)->Arg(100);

void BM_PostingsSeek(benchmark::State& state) {
    const auto& segment = quarry::bench::bench_segment();
    const auto info = info_of(0);
    const auto step = static_cast<std::uint32_t>(state.range(0));
    std::int64_t seeks = 0;
    for (auto _ : state) {
        PostingsCursor cursor(segment.postings(), nullptr, info);
        for (std::uint32_t target = 0; cursor.seek(target) != kEndDoc; target = cursor.doc() + step) ++seeks;
    }
    state.SetItemsProcessed(seeks);
}
BENCHMARK(BM_PostingsSeek)->Arg(1)->Arg(16)->Arg(256)->Arg(4096);

// Block-max bounds over the skip table of the commonest word, a block at a time as the pruning
// loops ask for them: from max_freq and min_length alone (0), and with the length steps (1),
// which cost two more divisions a block and enter fewer blocks.
void BM_BlockBounds(benchmark::State& state) {
    const auto& segment = quarry::bench::bench_segment();
    const auto info = info_of(0);
    const quarry::scoring::Bm25Term term(1.0, 1.2, 0.75, 100.0);
    const bool steps = state.range(0) == 1;
    std::int64_t blocks = 0;
    for (auto _ : state) {
        PostingsCursor cursor(segment.postings(), nullptr, info);
        double sum = 0;
        for (std::uint32_t target = 0; cursor.shallow_seek(target); target = cursor.shallow_last_doc() + 1, ++blocks) {
            const quarry::scoring::BlockLimits limits = cursor.shallow_limits();
            sum += steps ? quarry::scoring::upper_bound(term, limits) : term.upper_bound(limits.max_freq, limits.min_length);
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(blocks);
}
BENCHMARK(BM_BlockBounds)->Arg(0)->Arg(1);

void BM_Intersect(benchmark::State& state) {
    const auto& segment = quarry::bench::bench_segment();
    const auto [rare, common] = rarer_first(state);
    for (auto _ : state) {
        PostingsCursor lead(segment.postings(), nullptr, rare);
        PostingsCursor other(segment.postings(), nullptr, common);
        std::uint64_t matches = 0;
        for (std::uint32_t doc = lead.doc(); doc != kEndDoc;) {
            const std::uint32_t found = other.seek(doc);
            if (found == kEndDoc) break;
            if (found == doc) {
                ++matches;
                doc = lead.next();
            } else {
                doc = lead.seek(found);
            }
        }
        benchmark::DoNotOptimize(matches);
    }
}
BENCHMARK(BM_Intersect)->Args({0, 1})->Args({0, 50})->Args({5, 500});

// The same intersections as the conjunction algorithms run them: a block of the rarer list at a
// time, kept where the other holds them (postings::keep_lead_block), with both lists'
// frequencies when state.range(2) is 1 (as a top-k takes them; a count takes none). Ranks 5
// and 10 are lists stored mostly as bit sets, ANDed a word at a time (postings/intersect_words.hpp);
// rank 0 holds nearly every document, in packed blocks.
void BM_IntersectBlocks(benchmark::State& state) {
    const auto& segment = quarry::bench::bench_segment();
    const auto [rare, common] = rarer_first(state);
    std::uint32_t docs[quarry::codec::kBlockSize];
    std::uint8_t slots[quarry::codec::kBlockSize];
    std::uint32_t freqs[2 * quarry::codec::kBlockSize];
    const bool with_freqs = state.range(2) == 1;
    for (auto _ : state) {
        PostingsCursor lead(segment.postings(), nullptr, rare);
        PostingsCursor other(segment.postings(), nullptr, common);
        const std::vector<PostingsCursor*> lists = {&lead, &other};
        std::uint64_t matches = 0;
        while (quarry::postings::align_lead(lists)) {
            matches += quarry::postings::keep_lead_block(lists, docs, slots, with_freqs ? freqs : nullptr);
            lead.advance(lead.block_remaining());
        }
        benchmark::DoNotOptimize(matches);
        benchmark::DoNotOptimize(freqs);
    }
}
BENCHMARK(BM_IntersectBlocks)->Args({0, 1, 0})->Args({0, 1, 1})->Args({0, 50, 0})->Args({5, 500, 0})->Args({5, 500, 1})->Args({5, 10, 0})->Args({5, 10, 1});

// Counts the lists of ranks state.range(0) and state.range(1) with `count` (a function of
// eval/count.hpp), fresh cursors each time. Items are postings.
template <typename Count>
void count_two_lists(benchmark::State& state, Count count) {
    const auto& segment = quarry::bench::bench_segment();
    const auto a = info_of(static_cast<std::size_t>(state.range(0)));
    const auto b = info_of(static_cast<std::size_t>(state.range(1)));
    const std::uint32_t* lengths = segment.lengths().lengths(quarry::index::Field::All);
    for (auto _ : state) {
        std::vector<quarry::eval::TermCursor> cursors;
        cursors.emplace_back(segment.postings(), a, quarry::scoring::Bm25Term(1.0, 1.2, 0.75, 100.0), lengths, 0);
        cursors.emplace_back(segment.postings(), b, quarry::scoring::Bm25Term(1.0, 1.2, 0.75, 100.0), lengths, 1);
        benchmark::DoNotOptimize(count(cursors, nullptr, segment.doc_count()));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * (a.doc_freq + b.doc_freq)));
}

// Counting the union of two lists without scoring (quarry search --count): windows of bits
// (eval::count_union).
void BM_CountUnion(benchmark::State& state) { count_two_lists(state, quarry::eval::count_union); }
BENCHMARK(BM_CountUnion)->Args({0, 1})->Args({0, 50});

// Counting a conjunction of two lists (quarry search --count +a +b): windows of bits ANDed for
// lists of similar density, seeks from the rarer list otherwise (eval::count_conjunction).
void BM_CountConjunction(benchmark::State& state) { count_two_lists(state, quarry::eval::count_conjunction); }
BENCHMARK(BM_CountConjunction)->Args({0, 1})->Args({0, 50})->Args({5, 500});

}  // namespace
