#include "bench_index.hpp"

#include <cmath>
#include <memory>
#include <random>

#include "analysis/analyzer.hpp"
#include "index/fields.hpp"
#include "index/manifest.hpp"
#include "quarry/index_writer.hpp"

namespace quarry::bench {

const std::vector<std::string>& bench_vocabulary() {
    static const std::vector<std::string> words = [] {
        std::vector<std::string> out;
        std::mt19937_64 random(1);
        const char* syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "po", "de", "gu", "fa"};
        for (int i = 0; i < 20000; ++i) {
            std::string word;
            for (int p = 0, parts = 2 + static_cast<int>(random() % 3); p < parts; ++p) word += syllables[random() % 12];
            out.push_back(word);
        }
        return out;
    }();
    return words;
}

std::vector<Document> synthetic_documents(std::size_t count) {
    const auto& words = bench_vocabulary();
    std::mt19937_64 random(2);
    std::uniform_real_distribution<double> unit(0.0, std::log(static_cast<double>(words.size())));
    std::vector<Document> docs;
    for (std::size_t d = 0; d < count; ++d) {
        Document doc;
        doc.id = std::string("doc").append(std::to_string(d));
        for (int w = 0; w < 100; ++w) {
            const auto rank = std::min(words.size() - 1, static_cast<std::size_t>(std::exp(unit(random))) - 1);
            (w < 6 ? doc.title : doc.text) += words[rank] + " ";
        }
        docs.push_back(std::move(doc));
    }
    return docs;
}

std::string bench_key(std::size_t rank) {
    static analysis::Analyzer analyzer;
    std::vector<analysis::Token> tokens;
    analyzer.analyze(bench_vocabulary()[rank], tokens);
    return index::make_key(index::Field::All, tokens.at(0).term);
}

namespace {

struct BenchIndex {
    std::filesystem::path dir;
    std::unique_ptr<index::SegmentReader> segment;
    BenchIndex() {
        dir = std::filesystem::temp_directory_path() / ("quarry-bench-" + std::to_string(std::random_device{}()));
        {
            IndexWriter writer = IndexWriter::create(dir, {}, false);
            for (auto& doc : synthetic_documents(20000)) writer.add(std::move(doc));
            writer.commit();
        }
        const index::Manifest manifest = index::read_manifest(dir);
        segment = std::make_unique<index::SegmentReader>(dir, manifest.segments.front());
    }
    ~BenchIndex() {
        segment.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

}  // namespace

const index::SegmentReader& bench_segment() {
    static BenchIndex index;
    return *index.segment;
}

}  // namespace quarry::bench
