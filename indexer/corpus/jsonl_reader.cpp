#include <simdjson.h>

#include <string>
#include <string_view>
#include <utility>

#include "corpus/format_readers.hpp"

namespace quarry::corpus {
namespace {

static_assert(LineReader::kReadablePadding >= simdjson::SIMDJSON_PADDING,
              "lines are parsed in place, so the line reader must leave simdjson's padding");

const std::string kExpectedRecord = "; expected one object with \"id\" and \"text\"";

std::string describe(simdjson::dom::element_type type) {
    using simdjson::dom::element_type;
    switch (type) {
        case element_type::ARRAY:
            return "an array";
        case element_type::OBJECT:
            return "an object";
        case element_type::INT64:
        case element_type::UINT64:
            return "an integer";
        case element_type::DOUBLE:
            return "a number with a fraction or exponent";
        case element_type::STRING:
            return "a string";
        case element_type::BOOL:
            return "a boolean";
        case element_type::NULL_VALUE:
            break;
    }
    return "null";
}

/// Records a field as seen; a second "id", "title" or "text" would make the record ambiguous.
void mark_seen(bool& seen, std::string_view key, const RecordPosition& position) {
    if (seen)
        throw record_error(position, "record has the field \"" + std::string(key) + "\" twice");
    seen = true;
}

std::string id_text(const simdjson::dom::element& value, const RecordPosition& position) {
    switch (value.type()) {
        case simdjson::dom::element_type::STRING:
            return std::string(value.get_string().value_unsafe());
        case simdjson::dom::element_type::INT64:
            return std::to_string(value.get_int64().value_unsafe());
        case simdjson::dom::element_type::UINT64:
            return std::to_string(value.get_uint64().value_unsafe());
        default:
            throw record_error(
                position, "\"id\" must be a string or an integer, not " + describe(value.type()));
    }
}

std::string string_field(const simdjson::dom::element& value, std::string_view key,
                         const RecordPosition& position) {
    std::string_view text;
    if (value.get(text) != simdjson::SUCCESS) {
        throw record_error(position, "\"" + std::string(key) + "\" must be a string, not " +
                                         describe(value.type()));
    }
    return std::string(text);
}

Document parse_record(simdjson::dom::parser& parser, std::string_view line,
                      const RecordPosition& position) {
    require_valid_utf8(line, position);
    simdjson::dom::element root;
    const simdjson::padded_string_view padded(line.data(), line.size(),
                                              line.size() + LineReader::kReadablePadding);
    if (const auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
        throw record_error(position,
                           "invalid JSON record: " + std::string(simdjson::error_message(error)) +
                               kExpectedRecord);
    }
    simdjson::dom::object object;
    if (root.get(object) != simdjson::SUCCESS) {
        throw record_error(position, "invalid JSON record: the line holds " +
                                         describe(root.type()) + kExpectedRecord);
    }

    Document document;
    bool seen_id = false;
    bool seen_title = false;
    bool seen_text = false;
    for (const simdjson::dom::key_value_pair field : object) {
        if (field.key == "id") {
            mark_seen(seen_id, field.key, position);
            document.id = id_text(field.value, position);
        } else if (field.key == "title") {
            mark_seen(seen_title, field.key, position);
            // Exports often write a missing title as null; it means the same as no title.
            if (!field.value.is_null())
                document.title = string_field(field.value, field.key, position);
        } else if (field.key == "text") {
            mark_seen(seen_text, field.key, position);
            document.text = string_field(field.value, field.key, position);
        } else if (std::string_view value; field.value.get(value) == simdjson::SUCCESS) {
            document.extra.emplace_back(field.key, value);
        }
    }
    if (!seen_id) throw record_error(position, "record has no \"id\" field");
    if (document.id.empty()) throw record_error(position, "record has an empty \"id\"");
    if (!seen_text) throw record_error(position, "record has no \"text\" field");
    return document;
}

}  // namespace

void read_jsonl(LineReader& lines, const std::string& file, RecordSink& records) {
    simdjson::dom::parser parser;  // reused: it keeps its buffers from line to line
    SourceLocation location{file, 0};
    std::string_view line;
    while (lines.next(line)) {
        if (is_blank(line)) continue;
        const RecordPosition position{file, lines.line_number(), lines.line_offset()};
        Document document;
        try {
            document = parse_record(parser, line, position);
        } catch (const InputError& error) {
            records.reject(error);
            continue;
        }
        location.line = position.line;
        records.accept(std::move(document), location);
    }
}

}  // namespace quarry::corpus
