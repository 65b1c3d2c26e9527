#include "quarry/index_writer.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>
#include <unordered_set>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "analysis/analyzer.hpp"
#include "index/manifest.hpp"
#include "index/segment_reader.hpp"
#include "memory_segment.hpp"
#include "quarry/errors.hpp"

namespace quarry {
namespace {

constexpr const char* kLockName = "LOCK";

std::string segment_name(std::uint64_t number) {
    char name[32];
    std::snprintf(name, sizeof name, "seg_%06llu", static_cast<unsigned long long>(number));
    return name;
}

// Holds an exclusive advisory lock on DIR/LOCK for the writer's lifetime.
class DirectoryLock {
public:
    explicit DirectoryLock(const std::filesystem::path& dir) {
        const auto path = dir / kLockName;
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) throw IoError("cannot create " + path.string() + ": " + std::strerror(errno));
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            throw Error("another quarry process is writing to " + dir.string() + " (it holds " + path.string() +
                        "); wait for it to finish");
        }
    }
    ~DirectoryLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace

struct IndexWriter::Impl {
    std::filesystem::path dir;
    DirectoryLock lock;
    index::Manifest manifest;  // what the next commit will write
    analysis::Analyzer analyzer;
    std::unique_ptr<indexer::MemorySegment> pending;
    std::unordered_set<std::string> ids;

    Impl(std::filesystem::path d, index::Manifest m)
        : dir(std::move(d)), lock(dir), manifest(std::move(m)), analyzer(manifest.analyzer) {}

    // Removes every file that the committed manifest does not name: older segments, and
    // the leftovers of runs that died before committing.
    void remove_unreferenced_files() {
        std::set<std::string> keep = {index::kManifestName, kLockName};
        for (const auto& segment : manifest.segments)
            for (const char* extension : index::kAllExtensions) keep.insert(segment.name + "." + extension);
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            const std::string name = entry.path().filename().string();
            const bool ours = name.rfind("seg_", 0) == 0 || name == std::string(index::kManifestName) + ".tmp";
            if (ours && !keep.count(name)) std::filesystem::remove(entry.path());
        }
    }
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::~IndexWriter() = default;
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

IndexWriter IndexWriter::create(const std::filesystem::path& dir, const IndexOptions& options, bool replace_existing) {
    std::error_code error;
    if (std::filesystem::exists(dir) && !std::filesystem::is_directory(dir))
        throw Error(dir.string() + " exists and is not a directory");
    std::filesystem::create_directories(dir, error);
    if (error) throw IoError("cannot create directory " + dir.string() + ": " + error.message());

    index::Manifest manifest;
    const bool has_index = std::filesystem::exists(dir / index::kManifestName);
    if (has_index) {
        if (!replace_existing)
            throw Error(dir.string() + " already holds an index; pass --force to replace it (the old index stays "
                                       "readable until the new one is committed)");
        try {
            const index::Manifest old = index::read_manifest(dir);
            manifest.generation = old.generation;
            manifest.next_segment_number = old.next_segment_number;
        } catch (const CorruptIndexError&) {
            // Replacing a damaged index is a way to repair it: number the new segment past
            // every segment file present so that nothing of the old one is overwritten.
            for (const auto& entry : std::filesystem::directory_iterator(dir)) {
                const std::string name = entry.path().filename().string();
                if (name.rfind("seg_", 0) == 0)
                    manifest.next_segment_number = std::max<std::uint64_t>(
                        manifest.next_segment_number, std::strtoull(name.c_str() + 4, nullptr, 10) + 1);
            }
        }
    } else {
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            const std::string name = entry.path().filename().string();
            if (name != kLockName && name.rfind("seg_", 0) != 0 && name != std::string(index::kManifestName) + ".tmp")
                throw Error(dir.string() + " is not empty and holds no quarry index (found " + name +
                            "); choose an empty or new directory");
        }
    }
    manifest.analyzer = options.analyzer;
    manifest.segments.clear();
    return IndexWriter(std::make_unique<Impl>(dir, std::move(manifest)));
}

bool IndexWriter::contains(std::string_view id) const { return impl_->ids.count(std::string(id)) > 0; }

std::uint64_t IndexWriter::pending_documents() const { return impl_->pending ? impl_->pending->doc_count() : 0; }

void IndexWriter::add(Document doc) {
    if (doc.id.empty()) throw Error("a document has an empty id");
    if (!impl_->ids.insert(doc.id).second) throw Error("duplicate document id '" + doc.id + "'");
    if (!impl_->pending)
        impl_->pending = std::make_unique<indexer::MemorySegment>(impl_->dir, segment_name(impl_->manifest.next_segment_number++));
    impl_->pending->add(doc, impl_->analyzer);
}

void IndexWriter::commit() {
    if (impl_->pending) {
        impl_->manifest.segments.push_back(impl_->pending->write());
        impl_->pending.reset();
    }
    format::sync_directory(impl_->dir);  // the new segment files' directory entries first
    ++impl_->manifest.generation;
    index::write_manifest(impl_->dir, impl_->manifest);
    impl_->remove_unreferenced_files();
}

}  // namespace quarry
