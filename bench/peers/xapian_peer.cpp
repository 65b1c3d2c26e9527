// Xapian 1.4 as measured in PEERS.md: TermGenerator with Stem("en") and STEM_SOME, title then
// text, the external id as document data, one commit, Database::compact; QueryParser with the
// same stemmer, default operator OR and default flags, BM25Weight(0.9, 0, 1, 0.4, 0.5).
#include <chrono>
#include <stdexcept>

#include <fmt/core.h>
#include <xapian.h>

#include "corpus/corpus_reader.hpp"
#include "peers.hpp"

namespace quarry::peers {
namespace {

namespace fs = std::filesystem;

// Xapian::Error does not derive from std::exception.
[[noreturn]] void rethrow_xapian(const Xapian::Error& error) { throw std::runtime_error(error.get_description()); }

class XapianSearcher final : public Searcher {
public:
    explicit XapianSearcher(const fs::path& index) : database_(index.string()), enquire_(database_) {
        parser_.set_stemmer(Xapian::Stem("en"));
        parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser_.set_default_op(Xapian::Query::OP_OR);
        enquire_.set_weighting_scheme(Xapian::BM25Weight(0.9, 0, 1, 0.4, 0.5));
    }

    std::string engine() const override { return "xapian"; }
    std::string version() const override { return Xapian::version_string(); }
    std::string algorithm() const override { return "BM25Weight(0.9, 0, 1, 0.4, 0.5)"; }
    std::uint64_t document_count() const override { return database_.get_doccount(); }

    void begin_class(const QueryClass& query_class) override {
        k_ = query_class.k;
        count_only_ = query_class.count_only;
        queries_.clear();
    }

    bool add_query(const std::string& query) override {
        queries_.push_back(query);
        return true;
    }

    // Timed: parsing (quarry's search parses too), then the match.
    std::uint64_t search(std::size_t i) override {
        try {
            enquire_.set_query(parser_.parse_query(queries_[i]));
            if (count_only_) {
                const Xapian::MSet matches = enquire_.get_mset(0, 0, database_.get_doccount());
                return matches.get_matches_estimated();
            }
            const Xapian::MSet matches = enquire_.get_mset(0, static_cast<Xapian::doccount>(k_));
            return matches.size();
        } catch (const Xapian::Error& error) {
            rethrow_xapian(error);
        }
    }

private:
    Xapian::Database database_;
    Xapian::Enquire enquire_;
    Xapian::QueryParser parser_;
    std::size_t k_ = 10;
    bool count_only_ = false;
    std::vector<std::string> queries_;
};

}  // namespace

std::unique_ptr<Searcher> open_xapian(const fs::path& index) {
    try {
        return std::make_unique<XapianSearcher>(index);
    } catch (const Xapian::Error& error) {
        rethrow_xapian(error);
    }
}

void build_xapian(const BuildOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    if (fs::exists(options.out)) throw std::runtime_error(fmt::format("{} exists: remove it first", options.out.string()));
    fs::path staging = options.out;
    staging += ".uncompacted";
    fs::remove_all(staging);
    std::uint64_t documents = 0;
    double indexed_seconds = 0;
    try {
        {
            Xapian::WritableDatabase database(staging.string(), Xapian::DB_CREATE_OR_OVERWRITE);
            Xapian::TermGenerator generator;
            generator.set_stemmer(Xapian::Stem("en"));
            generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
            corpus::read_corpus({options.corpus}, {}, [&](Document&& document, const corpus::SourceLocation&) {
                Xapian::Document xapian_document;
                generator.set_document(xapian_document);
                if (options.positions) {
                    generator.index_text(document.title);
                    generator.index_text(document.text);
                } else {
                    generator.index_text_without_positions(document.title);
                    generator.index_text_without_positions(document.text);
                }
                xapian_document.set_data(document.id);
                database.add_document(xapian_document);
                if (++documents % 20000 == 0) fmt::print(stderr, "xapian: {} documents\n", documents);
            });
            database.commit();
            indexed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            fmt::print(stderr, "xapian: {} documents indexed in {:.1f} s ({}), compacting\n", documents, indexed_seconds,
                       human_bytes(disk_size(staging)));
        }
        Xapian::Database(staging.string()).compact(options.out.string());
    } catch (const Xapian::Error& error) {
        rethrow_xapian(error);
    }
    fs::remove_all(staging);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print("xapian {}: {} documents, {} positions, built in {:.1f} s (indexing {:.1f} s, compacting {:.1f} s), {} on disk ({} bytes)\n",
               options.out.string(), documents, options.positions ? "with" : "without", seconds, indexed_seconds,
               seconds - indexed_seconds, human_bytes(disk_size(options.out)), disk_size(options.out));
}

}  // namespace quarry::peers
