#include "scoring/block_limits.hpp"

#include <vector>

namespace quarry::scoring {

LengthSteps choose_length_steps(std::span<const std::uint32_t> freqs, std::span<const std::uint32_t> lengths,
                                double average_length) {
    constexpr std::uint32_t kMost = UINT16_MAX;  // a step's length and frequency are stored in 16 bits
    const Bm25Term term(1.0, kDefaultK1, kDefaultB, average_length);

    // The frontier: the documents that no other is at least as short as and holds the word at
    // least as often as, by increasing length (their frequencies increase too). A range's
    // largest frequency is that of the last frontier document in it, and a step moved up to
    // the next frontier document's length never raises a bound, so steps at frontier lengths
    // (or at the 16-bit limit, for a last range holding nothing) include the best.
    struct Document {
        std::uint32_t length, freq;
    };
    std::vector<Document> documents(freqs.size());
    for (std::size_t i = 0; i < freqs.size(); ++i) documents[i] = {lengths[i], freqs[i]};
    std::sort(documents.begin(), documents.end(),
              [](const Document& a, const Document& b) { return a.length < b.length || (a.length == b.length && a.freq > b.freq); });
    std::vector<Document> frontier;
    for (const Document& document : documents)
        if (frontier.empty() || document.freq > frontier.back().freq) frontier.push_back(document);

    const std::size_t m = frontier.size();
    BlockLimits block{frontier.back().freq, frontier.front().length, {}};
    LengthSteps best;
    double best_bound = upper_bound(term, block);
    // Steps i and j: the first range ends before frontier document i, the second before j
    // (or at the 16-bit limit, when that comes first: the documents from there on fall in the
    // last range, which max_freq bounds). Past the limit, lengths and frequencies only grow.
    auto end_before = [&](std::size_t i) { return i < m ? std::min(frontier[i].length, kMost) : kMost; };
    for (std::size_t i = 0; i <= m; ++i) {
        const std::uint32_t first_end = end_before(i);
        const std::uint32_t first_freq = i > 0 ? frontier[i - 1].freq : 0;
        if (first_freq > kMost) break;
        for (std::size_t j = i; j <= m; ++j) {
            const std::uint32_t second_end = end_before(j);
            const std::uint32_t second_freq = j > i ? frontier[j - 1].freq : 0;
            if (second_freq > kMost) break;
            block.steps = {{static_cast<std::uint16_t>(first_end), static_cast<std::uint16_t>(second_end)},
                           {static_cast<std::uint16_t>(first_freq), static_cast<std::uint16_t>(second_freq)}};
            const double bound = upper_bound(term, block);
            if (bound < best_bound) {
                best_bound = bound;
                best = block.steps;
            }
            if (second_end == kMost) break;
        }
        if (first_end == kMost) break;
    }
    return best;
}

}  // namespace quarry::scoring
