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
