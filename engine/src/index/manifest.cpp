#include "index/manifest.hpp"

#include <sstream>

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include "format/file_format.hpp"
#include "quarry/errors.hpp"

// Boost.Serialization keeps the manifest readable as text and handles its evolution through
// class versions; it is only ever used for this small record, never for postings.
namespace boost::serialization {

template <class Archive>
void serialize(Archive& archive, quarry::index::SegmentMeta& segment, const unsigned /*version*/) {
    archive& segment.name;
    archive& segment.doc_count;
    archive& segment.deleted_count;
    archive& segment.deletions_generation;
}

template <class Archive>
void serialize(Archive& archive, quarry::index::Manifest& manifest, const unsigned /*version*/) {
    archive& manifest.generation;
    archive& manifest.analyzer.stem;
    archive& manifest.analyzer.stop_words;
    archive& manifest.stemmer_language;
    archive& manifest.segments;
    archive& manifest.next_segment_number;
}

}  // namespace boost::serialization

namespace quarry::index {

std::string encode_manifest(const Manifest& manifest) {
    std::ostringstream out;
    {
        boost::archive::text_oarchive archive(out, boost::archive::no_header);
        archive << manifest;
    }
    return out.str();
}

Manifest decode_manifest(const std::string& bytes, const std::string& file) {
    Manifest manifest;
    try {
        std::istringstream in(bytes);
        boost::archive::text_iarchive archive(in, boost::archive::no_header);
        archive >> manifest;
    } catch (const boost::archive::archive_exception& error) {
        throw CorruptIndexError(file, -1, file + ": corrupt manifest: " + error.what());
    }
    for (const SegmentMeta& segment : manifest.segments) {
        if (segment.name.empty() || segment.name.find('/') != std::string::npos)
            throw CorruptIndexError(file, -1, file + ": corrupt manifest: invalid segment name");
        if (segment.deleted_count > segment.doc_count || (segment.deleted_count > 0) != (segment.deletions_generation > 0))
            throw CorruptIndexError(file, -1, file + ": corrupt manifest: segment " + segment.name +
                                                  " has inconsistent deletion counts");
    }
    return manifest;
}

Manifest read_manifest(const std::filesystem::path& dir) {
    const std::filesystem::path path = dir / kManifestName;
    if (!std::filesystem::exists(path))
        throw Error(dir.string() + " is not a quarry index (it has no " + kManifestName +
                    "); build one with: quarry index " + dir.string() + " CORPUS...");
    return decode_manifest(format::read_small_file(path, format::FileKind::Manifest), path.string());
}

void write_manifest(const std::filesystem::path& dir, const Manifest& manifest) {
    const std::filesystem::path temporary = dir / (std::string(kManifestName) + ".tmp");
    {
        format::FileWriter out(temporary, format::FileKind::Manifest);
        const std::string bytes = encode_manifest(manifest);
        out.write(bytes.data(), bytes.size());
        out.finish();
    }
    std::error_code error;
    std::filesystem::rename(temporary, dir / kManifestName, error);
    if (error) throw IoError("cannot replace " + (dir / kManifestName).string() + ": " + error.message());
    format::sync_directory(dir);
}

std::filesystem::path segment_file(const std::filesystem::path& dir, const std::string& segment,
                                   const char* extension) {
    return dir / (segment + "." + extension);
}

}  // namespace quarry::index
