#include "quarry/index.hpp"

#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "analysis/analyzer.hpp"
#include "eval/build_scorer.hpp"
#include "eval/count.hpp"
#include "eval/block_max_and.hpp"
#include "eval/block_max_phrase.hpp"
#include "eval/block_max_wand.hpp"
#include "eval/exhaustive.hpp"
#include "eval/maxscore.hpp"
#include "eval/term_cursors.hpp"
#include "index/manifest.hpp"
#include "index/segment_reader.hpp"
#include "postings/postings_cursor.hpp"
#include "quarry/errors.hpp"
#include "query/parser.hpp"
#include "query/field_weights.hpp"
#include "query/planner.hpp"
#include "query/rm3.hpp"
#include "snippet/snippet.hpp"

namespace quarry {

struct Index::Impl {
    std::filesystem::path dir;
    index::Manifest manifest;
    std::vector<std::shared_ptr<index::SegmentReader>> segments;
    std::vector<std::uint64_t> doc_bases;  // index-wide number of each segment's first document
    std::uint64_t documents = 0;       // deleted ones included: BM25's N until a merge drops them
    std::uint64_t live_documents = 0;
    eval::AverageLengths average_lengths{};
    // ICU and Snowball state is not thread-safe; queries are short, so one guarded analyzer
    // serves every thread.
    mutable std::mutex analyzer_mutex;
    mutable analysis::Analyzer analyzer;

    explicit Impl(index::Manifest m) : manifest(std::move(m)), analyzer(manifest.analyzer) {}

    // Where an index-wide document number lives.
    struct Location {
        const index::SegmentReader* segment;
        std::uint32_t local;        // the segment's own document number
        std::size_t segment_index;  // the segment's position in `segments`
    };
    Location locate(std::uint64_t doc) const {
        auto it = std::upper_bound(doc_bases.begin(), doc_bases.end(), doc);
        if (it == doc_bases.begin() || doc >= documents) throw Error("document number " + std::to_string(doc) + " is out of range");
        const std::size_t segment = static_cast<std::size_t>(it - doc_bases.begin()) - 1;
        return {segments[segment].get(), static_cast<std::uint32_t>(doc - doc_bases[segment]), segment};
    }
};

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

Index Index::open(const std::filesystem::path& dir) {
    if (!std::filesystem::is_directory(dir)) throw Error("no index at " + dir.string() + ": not a directory");
    // A writer may commit between our reading MANIFEST and opening the segments it names, and
    // then delete them; the new MANIFEST is then complete, so read it again.
    for (int attempt = 1;; ++attempt) {
        try {
            return open_snapshot(dir);
        } catch (const IoError&) {
            if (attempt == 3 || !std::filesystem::exists(dir / index::kManifestName)) throw;
        }
    }
}

Index Index::open_snapshot(const std::filesystem::path& dir) {
    auto impl = std::make_unique<Impl>(index::read_manifest(dir));
    if (impl->manifest.stemmer_language != "english")
        throw VersionError((dir / index::kManifestName).string(), -1,
                           (dir / index::kManifestName).string() + ": the index was built with a '" +
                               impl->manifest.stemmer_language + "' analyzer, which this quarry does not have");
    impl->dir = dir;
    std::array<std::uint64_t, index::kScoredFieldCount> totals{};
    for (const auto& meta : impl->manifest.segments) {
        auto segment = std::make_shared<index::SegmentReader>(dir, meta);
        impl->doc_bases.push_back(impl->documents);
        impl->documents += segment->doc_count();
        impl->live_documents += segment->live_doc_count();
        for (index::Field field : index::kScoredFields)
            totals[index::scored_index(field)] += segment->lengths().total_length(field);
        impl->segments.push_back(std::move(segment));
    }
    for (std::size_t f = 0; f < index::kScoredFieldCount; ++f)
        impl->average_lengths[f] = impl->documents ? static_cast<double>(totals[f]) / static_cast<double>(impl->documents) : 0.0;
    return Index(std::move(impl));
}

std::uint64_t Index::document_count() const { return impl_->live_documents; }

std::vector<std::string> Index::document_ids() const {
    std::vector<std::string> ids;
    ids.reserve(impl_->live_documents);
    for (const auto& segment : impl_->segments)
        for (std::uint32_t doc = 0; doc < segment->doc_count(); ++doc)
            if (!index::is_deleted(segment->deleted_bits(), doc)) ids.emplace_back(segment->store().id(doc));
    return ids;
}
const AnalyzerOptions& Index::analyzer_options() const { return impl_->manifest.analyzer; }

Document Index::document(std::uint64_t doc) const {
    auto [segment, local, segment_index] = impl_->locate(doc);
    return segment->store().get(local);
}

namespace {

// Terms that count for highlighting, with their idf as weight.
void collect_highlight_terms(const query::PlanNode& node, std::unordered_map<std::string, double>& weights) {
    if (node.kind != query::PlanNode::Kind::Group) {
        for (const std::string& term : node.terms) weights[term] = std::max(weights[term], node.idf / static_cast<double>(node.terms.size()));
        return;
    }
    for (const auto& child : node.must) collect_highlight_terms(child, weights);
    for (const auto& child : node.should) collect_highlight_terms(child, weights);
}

}  // namespace

namespace {

// The best `k` documents of every segment. The queue is shared, so a threshold reached in one
// segment prunes the next. Pruning applies to ranked unions of terms (MaxScore or Block-Max
// WAND), to conjunctions of terms (block-max AND) and to phrases; other queries, and
// TopKAlgorithm::Exhaustive, score every match.
std::vector<eval::ScoredDoc> run_plan(const query::PlanNode& plan, std::size_t k, const SearchOptions& options,
                                      const std::vector<std::shared_ptr<index::SegmentReader>>& segments,
                                      const std::vector<std::uint64_t>& doc_bases,
                                      const eval::AverageLengths& average_lengths, SearchResults& results) {
    eval::TopKQueue top(k);
    results.matches = 0;
    for (std::size_t s = 0; s < segments.size(); ++s) {
        const std::uint8_t* deleted = segments[s]->deleted_bits();
        if (options.count_only) {
            if (auto cursors = eval::term_cursors(plan, *segments[s], s, options.bm25, average_lengths)) {
                results.matches += eval::count_union(*cursors, deleted, segments[s]->doc_count());
                continue;
            }
            if (auto cursors = eval::conjunction_cursors(plan, *segments[s], s, options.bm25, average_lengths)) {
                results.matches += eval::count_conjunction(*cursors, deleted, segments[s]->doc_count());
                continue;
            }
            if (eval::ScorerPtr scorer = eval::build_scorer(plan, *segments[s], s, options.bm25, average_lengths))
                for (std::uint32_t doc = scorer->doc(); doc != eval::kEndDoc; doc = scorer->next())
                    results.matches += !index::is_deleted(deleted, doc);
            continue;
        }
        if (options.algorithm != TopKAlgorithm::Exhaustive) {
            if (auto cursors = eval::term_cursors(plan, *segments[s], s, options.bm25, average_lengths)) {
                // Auto: Block-Max WAND for one term and a short list (its threshold soon
                // skips whole blocks), MaxScore otherwise: for several terms PISA measures it
                // fastest, and for a top-1000 list of one term, whose threshold stays low,
                // MaxScore's dense windows beat BMW's document-at-a-time walk (union top-1000
                // on Gutenberg's AOL log: -4%; a single term's top-10: BMW -25%).
                constexpr std::size_t kBlockMaxWandMostK = 100;
                const bool block_max_wand =
                    options.algorithm == TopKAlgorithm::BlockMaxWand ||
                    (options.algorithm == TopKAlgorithm::Auto && cursors->size() == 1 && k <= kBlockMaxWandMostK);
                results.matches += block_max_wand ? eval::collect_block_max_wand(*cursors, doc_bases[s], deleted, top)
                                                  : eval::collect_maxscore(*cursors, doc_bases[s], deleted, top);
                results.matches_exact = false;
                continue;
            }
            if (auto cursors = eval::conjunction_cursors(plan, *segments[s], s, options.bm25, average_lengths)) {
                results.matches += eval::collect_block_max_and(*cursors, doc_bases[s], deleted, top);
                results.matches_exact = false;
                continue;
            }
            if (plan.kind == query::PlanNode::Kind::Phrase) {
                if (auto lists = eval::phrase_lists(plan, *segments[s], s, options.bm25, average_lengths))
                    results.matches += eval::collect_block_max_phrase(*lists, doc_bases[s], deleted, top);
                results.matches_exact = false;
                continue;
            }
        }
        if (eval::ScorerPtr scorer = eval::build_scorer(plan, *segments[s], s, options.bm25, average_lengths))
            results.matches += eval::collect_exhaustive(*scorer, doc_bases[s], deleted, top);
    }
    return top.take_sorted();
}

}  // namespace

SearchResults Index::search(std::string_view query_text, const SearchOptions& options) const {
    SearchResults results;
    query::PlanNode plan;
    {
        std::lock_guard lock(impl_->analyzer_mutex);
        query::Planner planner(impl_->analyzer, impl_->segments);
        if (options.plain_text) {
            plan = planner.plan_plain_text(query_text);
            results.parsed_query = std::string(query_text);
        } else {
            if (options.rm3.enabled) throw Error("RM3 feedback works on plain-text queries only (--plain)");
            query::NodePtr tree = query::parse(query_text);
            results.parsed_query = query::to_string(*tree);
            plan = planner.plan(*tree);
        }
        if (options.rm3.enabled) {
            SearchResults first_pass;
            std::vector<Document> docs;
            std::vector<double> scores;
            for (const auto& scored : run_plan(plan, options.rm3.docs, options, impl_->segments, impl_->doc_bases,
                                               impl_->average_lengths, first_pass)) {
                const auto [segment, local, segment_index] = impl_->locate(scored.doc);
                docs.push_back(segment->store().get(local));
                scores.push_back(scored.score);
            }
            std::vector<query::FeedbackDocument> feedback;
            for (std::size_t i = 0; i < docs.size(); ++i) feedback.push_back({&docs[i], scores[i]});
            if (!feedback.empty()) plan = query::expand_rm3(plan, feedback, options.rm3, impl_->analyzer, planner);
        }
        if (options.title_weight > 0) query::apply_title_weight(plan, options.title_weight, planner);
    }
    const std::vector<eval::ScoredDoc> top = run_plan(plan, options.count_only ? 0 : options.k, options, impl_->segments,
                                                      impl_->doc_bases, impl_->average_lengths, results);
    std::unordered_map<std::string, double> highlight_terms;
    if (options.snippets) collect_highlight_terms(plan, highlight_terms);
    // The ids are resolved in two passes so that their cache misses overlap: a top-1000
    // list's ids are scattered over the id table, and one after the other they cost a
    // quarter of such a query's time. Each id's bytes are prefetched as its place in the
    // table is read, and copied in the next pass. (Prefetching the places in the table too,
    // in a pass of their own, cost more than it saved: a prefetch that misses the TLB waits
    // for the page walk.)
    std::vector<std::string_view> ids;
    ids.reserve(top.size());
    for (const eval::ScoredDoc& scored : top) {
        const Impl::Location place = impl_->locate(scored.doc);
        ids.push_back(place.segment->store().id(place.local));
        __builtin_prefetch(ids.back().data());
    }
    // Built in place: moving a Hit copies each of its short strings.
    results.hits.resize(top.size());
    for (std::size_t rank = 0; rank < top.size(); ++rank) {
        Hit& hit = results.hits[rank];
        hit.doc = top[rank].doc;
        hit.score = top[rank].score;
        hit.id.assign(ids[rank]);
        if (!options.stored_fields && !options.snippets && !options.explain) continue;
        const auto [segment, local, segment_index] = impl_->locate(hit.doc);
        if (options.stored_fields || options.snippets) {
            Document doc = segment->store().get(local);
            if (options.snippets) {
                std::lock_guard lock(impl_->analyzer_mutex);
                snippet::Snippet snippet = snippet::make_snippet(doc.text, impl_->analyzer, highlight_terms, options.snippet_words);
                hit.snippet = std::move(snippet.text);
                hit.highlights = std::move(snippet.highlights);
            }
            hit.title = std::move(doc.title);
            hit.extra = std::move(doc.extra);
        }
        if (options.explain) {
            eval::ScorerPtr scorer = eval::build_scorer(plan, *segment, segment_index, options.bm25, impl_->average_lengths);
            if (scorer && scorer->seek(local) == local) scorer->explain(hit.explanation);
        }
    }
    return results;
}

IndexInfo Index::info() const {
    IndexInfo info;
    info.documents = impl_->live_documents;
    info.deleted_documents = impl_->documents - impl_->live_documents;
    info.segments = impl_->segments.size();
    info.generation = impl_->manifest.generation;
    info.analyzer = impl_->manifest.analyzer;
    std::array<std::uint64_t, 4> terms{}, postings{}, postings_bytes{}, positions_bytes{};
    std::unordered_map<std::string, std::uint64_t> bytes;
    std::vector<std::string> component_order;
    for (const auto& segment : impl_->segments) {
        segment->terms().scan("", [&](std::string_view key, const postings::TermInfo& term) {
            const auto field = static_cast<std::size_t>(key[0]);
            if (field < terms.size()) {
                ++terms[field];
                postings[field] += term.doc_freq;
                postings_bytes[field] += term.doc_length;
                positions_bytes[field] += term.pos_length;
            }
            return true;
        });
        for (const auto& [component, size] : segment->component_sizes()) {
            if (!bytes.count(component)) component_order.push_back(component);
            bytes[component] += size;
        }
    }
    for (index::Field field : {index::Field::All, index::Field::Title, index::Field::Id, index::Field::AllPairs}) {
        const auto f = static_cast<std::size_t>(field);
        info.terms_per_field.emplace_back(index::field_name(field), terms[f]);
        info.postings_per_field.emplace_back(index::field_name(field), postings[f]);
        info.postings_bytes_per_field.emplace_back(index::field_name(field), postings_bytes[f]);
        info.positions_bytes_per_field.emplace_back(index::field_name(field), positions_bytes[f]);
    }
    for (index::Field field : index::kScoredFields)
        info.average_length_per_field.emplace_back(index::field_name(field), impl_->average_lengths[index::scored_index(field)]);
    std::uint64_t manifest_size = std::filesystem::file_size(impl_->dir / index::kManifestName);
    info.bytes_per_component.emplace_back("manifest", manifest_size);
    for (const auto& component : component_order) info.bytes_per_component.emplace_back(component, bytes[component]);
    return info;
}

std::vector<TermPostings> Index::term(std::string_view word, std::size_t limit) const {
    std::vector<analysis::Token> tokens;
    {
        std::lock_guard lock(impl_->analyzer_mutex);
        impl_->analyzer.analyze(word, tokens);
    }
    if (tokens.size() != 1)
        throw Error("'" + std::string(word) + "' analyses to " + std::to_string(tokens.size()) +
                    " terms (stop words give none); give one word");
    std::vector<TermPostings> report;
    for (index::Field field : index::kScoredFields) {
        TermPostings entry;
        entry.field = index::field_name(field);
        entry.term = tokens.front().term;
        const std::string key = index::make_key(field, entry.term);
        for (std::size_t s = 0; s < impl_->segments.size(); ++s) {
            const auto& segment = *impl_->segments[s];
            auto info = segment.terms().find(key);
            if (!info) continue;
            postings::PostingsCursor cursor(segment.postings(), &segment.positions(), *info);
            for (std::uint32_t doc = cursor.doc(); doc != postings::kEndDoc; doc = cursor.next()) {
                if (index::is_deleted(segment.deleted_bits(), doc)) continue;  // live documents only
                ++entry.doc_freq;
                entry.total_freq += cursor.freq();
                if (entry.postings.size() < limit)
                    entry.postings.push_back({impl_->doc_bases[s] + doc, std::string(segment.store().id(doc)), cursor.freq(), cursor.positions()});
            }
        }
        report.push_back(std::move(entry));
    }
    return report;
}

void Index::check() const {
    for (const auto& segment : impl_->segments) segment->check();
    // An id lives in one document only: an update deletes the old one in the same commit.
    std::unordered_set<std::string_view> ids;
    for (const auto& segment : impl_->segments)
        for (std::uint32_t doc = 0; doc < segment->doc_count(); ++doc)
            if (!index::is_deleted(segment->deleted_bits(), doc) && !ids.insert(segment->store().id(doc)).second)
                throw CorruptIndexError(segment->store().file().name(), -1,
                                        segment->store().file().name() + ": document id '" +
                                            std::string(segment->store().id(doc)) + "' is live in more than one document");
}

}  // namespace quarry
