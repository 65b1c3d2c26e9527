#include "corpus/record_sink.hpp"

#include <utility>

#include "corpus/utf8.hpp"

namespace quarry::corpus {

InputError record_error(const RecordPosition& position, std::string_view problem) {
    return InputError(
        position.file, position.line, static_cast<std::int64_t>(position.offset),
        position.file + ":" + std::to_string(position.line) + ": " + std::string(problem));
}

void require_valid_utf8(std::string_view bytes, const RecordPosition& position) {
    const auto fault = find_utf8_fault(bytes, position.offset, position.line);
    if (!fault) return;
    const std::string line = std::to_string(fault->line);
    throw InputError(position.file, fault->line, static_cast<std::int64_t>(fault->offset),
                     position.file + ":" + line + ": invalid UTF-8 at byte " +
                         std::to_string(fault->offset) + " (line " + line + ", column " +
                         std::to_string(fault->column) + ")");
}

void RecordSink::accept(Document&& document, const SourceLocation& location) {
    sink_(std::move(document), location);
    ++report_.documents;
}

void RecordSink::reject(const InputError& error) {
    if (!skip_bad_) throw error;
    ++report_.skipped;
    if (report_.skipped_messages.size() < ReadReport::kKeptSkipMessages) {
        report_.skipped_messages.emplace_back(error.what());
    }
}

}  // namespace quarry::corpus
