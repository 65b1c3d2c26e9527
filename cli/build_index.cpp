#include "build_index.hpp"

#include <algorithm>
#include <chrono>

#include <unistd.h>

#include <fmt/core.h>

#include "corpus/corpus_reader.hpp"
#include "quarry/errors.hpp"
#include "sample_corpus.hpp"

namespace quarry::cli {

std::uint64_t default_memory_budget() {
    const long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page_size <= 0) return std::uint64_t{1} << 30;
    return std::max<std::uint64_t>(std::uint64_t{64} << 20, static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size) / 8);
}

namespace {

// A one-line progress display on a terminal (documents, MB/s, elapsed, time left when the
// input size is known); silent when standard error is not a terminal.
class Progress {
public:
    explicit Progress(const std::vector<std::filesystem::path>& inputs) : enabled_(::isatty(STDERR_FILENO)) {
        for (const auto& input : inputs) {
            std::error_code error;
            const auto extension = input.extension();
            if (extension == ".zst" || extension == ".gz" || !std::filesystem::is_regular_file(input, error)) {
                total_bytes_ = 0;  // compressed or a folder: the size to come is unknown
                break;
            }
            total_bytes_ += std::filesystem::file_size(input, error);
        }
    }
    void document(const Document& doc) {
        ++documents_;
        bytes_ += doc.id.size() + doc.title.size() + doc.text.size();
        if (!enabled_ || documents_ % 256 != 0) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(250)) return;
        last_ = now;
        const double seconds = std::chrono::duration<double>(now - started_).count();
        const double rate = static_cast<double>(bytes_) / seconds;
        std::string left;
        if (total_bytes_ > bytes_ && rate > 0)
            left = fmt::format(", about {:.0f} s left", static_cast<double>(total_bytes_ - bytes_) / rate);
        fmt::print(stderr, "\r{} documents, {:.1f} MB/s, {:.0f} s{}\x1b[K", documents_, rate / 1e6, seconds, left);
    }
    ~Progress() {
        if (enabled_ && documents_ >= 256) fmt::print(stderr, "\r\x1b[K");
    }

private:
    bool enabled_;
    std::uint64_t total_bytes_ = 0, bytes_ = 0, documents_ = 0;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now(), last_ = started_;
};

}  // namespace

BuildReport build_index(const BuildRequest& request) {
    const auto started = std::chrono::steady_clock::now();
    const bool existed = std::filesystem::exists(request.index);
    BuildReport report;
    try {
        IndexWriter writer = request.append ? IndexWriter::open(request.index, request.options)
                                            : IndexWriter::create(request.index, request.options, request.replace_existing);
        if (request.corpus.empty()) {
            for (const auto& [name, content] : sample_corpus()) {
                writer.add(corpus::text_file_document(std::filesystem::path(name).stem().string(), content));
                ++report.documents;
                report.bytes += content.size();
            }
        } else {
            Progress progress(request.corpus);
            corpus::ReadOptions read_options;
            read_options.format = corpus::parse_format(request.format);
            read_options.skip_bad = request.skip_bad;
            const corpus::ReadReport read = corpus::read_corpus(
                request.corpus, read_options, [&](Document&& doc, const corpus::SourceLocation& where) {
                    if (writer.contains(doc.id)) {
                        std::string message = where.file;
                        if (where.line) message.append(":").append(std::to_string(where.line));
                        message.append(": duplicate document id '").append(doc.id).append("'");
                        if (!request.skip_bad) throw InputError(where.file, where.line, -1, message + "; ids must be unique");
                        if (report.duplicates < 20) fmt::print(stderr, "quarry: skipped {}\n", message);
                        ++report.duplicates;
                        return;
                    }
                    progress.document(doc);
                    writer.add(std::move(doc));
                });
            for (const std::string& message : read.skipped_messages) fmt::print(stderr, "quarry: skipped {}\n", message);
            report.documents = read.documents - report.duplicates;
            report.skipped = read.skipped + report.duplicates;
            report.bytes = read.bytes;
        }
        writer.commit();
    } catch (...) {
        // Nothing was committed; leave no empty directory behind for a run that created it.
        std::error_code ignored;
        if (!existed) std::filesystem::remove_all(request.index, ignored);
        throw;
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace quarry::cli
