#include "quarry/index_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <cstdio>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <malloc.h>
#include <sys/file.h>
#include <unistd.h>

#include <absl/container/flat_hash_set.h>

#include "analysis/analyzer.hpp"
#include "index/manifest.hpp"
#include "index/segment_reader.hpp"
#include "memory_segment.hpp"
#include "merger.hpp"
#include "postings/postings_cursor.hpp"
#include "index/deletions.hpp"
#include "index/fields.hpp"
#include "quarry/errors.hpp"

namespace quarry {
namespace {

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return text;
}

// A written segment frees hundreds of megabytes of vectors of every size. The allocator keeps
// them for reuse, fragmented between the threads' arenas, and the process would grow with the
// corpus; handing the free pages back to the kernel keeps its peak at the budget.
void return_freed_memory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

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

// Analyses and inverts documents on several threads, each into in-memory segments of its own
// that it writes out when they pass its share of the memory budget or when asked to drain.
class ParallelInverter {
public:
    using NameSource = std::function<std::string()>;

    ParallelInverter(const std::filesystem::path& dir, const AnalyzerOptions& analyzer, unsigned threads,
                     std::uint64_t budget_per_thread, NameSource names)
        : dir_(dir), budget_(budget_per_thread), names_(std::move(names)) {
        for (unsigned t = 0; t < threads; ++t) workers_.emplace_back([this, analyzer] { work(analyzer); });
    }
    ~ParallelInverter() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        work_ready_.notify_all();
        for (auto& worker : workers_) worker.join();
    }

    /// What each thread's segment may hold from now on.
    void set_budget_per_thread(std::uint64_t budget) { budget_.store(budget, std::memory_order_relaxed); }

    void add(Document doc) {
        batch_.push_back(std::move(doc));
        if (batch_.size() >= kBatch) submit();
    }

    /// Waits until every document added so far is written into a segment; returns them.
    std::vector<index::SegmentMeta> drain() {
        submit();
        std::unique_lock lock(mutex_);
        draining_ = true;
        ++drain_round_;
        work_ready_.notify_all();
        idle_.wait(lock, [&] { return (queue_.empty() && busy_ == 0 && flushed_workers_ == workers_.size()) || error_; });
        draining_ = false;
        flushed_workers_ = 0;
        rethrow_locked();
        return std::exchange(segments_, {});
    }

private:
    static constexpr std::size_t kBatch = 256;

    void submit() {
        if (batch_.empty()) return;
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return queue_.size() < 2 * workers_.size() || error_; });
        rethrow_locked();
        queue_.push_back(std::exchange(batch_, {}));
        work_ready_.notify_one();
    }

    void rethrow_locked() {
        if (error_) std::rethrow_exception(error_);
    }

    void work(const AnalyzerOptions& options) {
        analysis::Analyzer analyzer(options);
        std::unique_ptr<indexer::MemorySegment> segment;
        std::uint64_t flushed_round = 0;  // the last drain this thread took part in
        auto write_out = [&] {
            index::SegmentMeta meta = segment->write();
            segment.reset();
            return_freed_memory();
            std::lock_guard lock(mutex_);
            segments_.push_back(std::move(meta));
        };
        while (true) {
            std::vector<Document> batch;
            {
                std::unique_lock lock(mutex_);
                work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty() || (draining_ && flushed_round != drain_round_); });
                if (stopping_) return;  // an abandoned writer: unwritten segments are discarded
                if (queue_.empty()) {
                    // Draining and nothing left to take: write what this thread holds.
                    flushed_round = drain_round_;
                    lock.unlock();
                    try {
                        if (segment) write_out();
                    } catch (...) {
                        std::lock_guard relock(mutex_);
                        if (!error_) error_ = std::current_exception();
                    }
                    std::lock_guard relock(mutex_);
                    ++flushed_workers_;
                    idle_.notify_all();
                    continue;
                }
                batch = std::move(queue_.front());
                queue_.pop_front();
                ++busy_;
                space_.notify_one();
            }
            try {
                for (const Document& doc : batch) {
                    if (!segment) segment = std::make_unique<indexer::MemorySegment>(dir_, names_());
                    segment->add(doc, analyzer);
                    const std::uint64_t budget = budget_.load(std::memory_order_relaxed);
                    if (budget > 0 && segment->approximate_bytes() >= budget) write_out();
                }
            } catch (...) {
                std::lock_guard lock(mutex_);
                if (!error_) error_ = std::current_exception();
                space_.notify_all();
            }
            std::lock_guard lock(mutex_);
            --busy_;
            idle_.notify_all();
        }
    }

    std::filesystem::path dir_;
    std::atomic<std::uint64_t> budget_;  // per thread; shrinks as the run's ids grow
    NameSource names_;
    std::vector<Document> batch_;  // filled by the adding thread only
    std::mutex mutex_;
    std::condition_variable work_ready_, space_, idle_;
    std::deque<std::vector<Document>> queue_;
    std::vector<index::SegmentMeta> segments_;
    std::exception_ptr error_;
    std::size_t busy_ = 0;
    std::size_t flushed_workers_ = 0;
    bool draining_ = false;
    std::uint64_t drain_round_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> workers_;  // last: started once everything above exists
};

struct IndexWriter::Impl {
    // A committed segment, with the deletions this writer has added to it.
    struct Committed {
        index::SegmentMeta meta;
        std::shared_ptr<index::SegmentReader> reader;
        std::vector<std::uint8_t> deleted;  // empty while nothing is deleted
        bool changed = false;
    };

    std::filesystem::path dir;
    DirectoryLock directory_lock;
    index::Manifest manifest;  // the last commit; segments are in `committed`
    IndexOptions options;
    analysis::Analyzer analyzer;
    std::vector<Committed> committed;
    std::vector<index::SegmentMeta> flushed;  // written since the last commit, not yet visible
    std::unique_ptr<indexer::MemorySegment> pending;
    // Added since create()/open(), to turn away a duplicate. The one thing a run holds that
    // grows with its corpus, so it is counted against the memory budget (segment_budget()).
    absl::flat_hash_set<std::string> ids;
    std::uint64_t id_heap_bytes = 0;          // of the ids too long for a string's inline buffer
    std::mutex names_mutex;                   // segment numbers are handed to worker threads
    std::unique_ptr<ParallelInverter> parallel;  // when options.threads > 1

    Impl(std::filesystem::path d, index::Manifest m, const IndexOptions& o)
        : dir(std::move(d)), directory_lock(dir), manifest(std::move(m)), options(o), analyzer(manifest.analyzer) {
        open_committed();
    }

    // The memory budget less what the run's ids take: the rest is for in-memory segments.
    // Once the ids would leave less than half of it, the run stops with a clear error rather
    // than writing ever smaller segments or growing past the budget.
    std::uint64_t segment_budget() const {
        if (options.memory_budget == 0) return 0;
        const std::uint64_t id_bytes = ids.capacity() * (sizeof(std::string) + 1) + id_heap_bytes;
        if (id_bytes > options.memory_budget / 2)
            throw Error("the ids of the " + std::to_string(ids.size()) + " documents of this run take " +
                        megabytes(id_bytes) + ", more than half of the memory budget of " + megabytes(options.memory_budget) +
                        ": give it more (--memory), or index the corpus in several runs (--append)");
        return options.memory_budget - id_bytes;
    }

    void open_committed() {
        committed.clear();
        for (const auto& meta : manifest.segments) {
            auto reader = std::make_shared<index::SegmentReader>(dir, meta);
            committed.push_back({meta, reader, reader->deletions(), false});
        }
    }

    std::string next_segment_name() {
        std::lock_guard lock(names_mutex);
        return segment_name(manifest.next_segment_number++);
    }

    // Marks the live document with this id in the committed segments as deleted.
    bool delete_committed(const std::string& id) {
        const std::string key = index::make_key(index::Field::Id, id);
        bool found = false;
        for (auto& segment : committed) {
            auto info = segment.reader->terms().find(key);
            if (!info) continue;
            postings::PostingsCursor cursor(segment.reader->postings(), nullptr, *info);
            for (std::uint32_t doc = cursor.doc(); doc != postings::kEndDoc; doc = cursor.next()) {
                if (segment.deleted.empty()) segment.deleted.assign((segment.meta.doc_count + 7) / 8, 0);
                if (index::is_deleted(segment.deleted.data(), doc)) continue;
                segment.deleted[doc >> 3] = static_cast<std::uint8_t>(segment.deleted[doc >> 3] | (1u << (doc & 7)));
                ++segment.meta.deleted_count;
                segment.changed = true;
                found = true;
            }
        }
        return found;
    }

    void flush_pending() {
        if (parallel) {
            for (auto& meta : parallel->drain()) flushed.push_back(std::move(meta));
            // Segment order decides document numbers, and so the order of tied results.
            std::sort(flushed.begin(), flushed.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
        }
        if (!pending) return;
        flushed.push_back(pending->write());
        pending.reset();
        return_freed_memory();
    }

    // Keeps the number of segments low as an index grows, in the spirit of Lucene's tiered
    // policy: while there are more than kMaxSegments, the kMergeFactor smallest (by live
    // documents) are merged into one, so each document is rewritten O(log n) times.
    static constexpr std::size_t kMaxSegments = 10;
    static constexpr std::size_t kMergeFactor = 10;

    void apply_merge_policy() {
        while (committed.size() > kMaxSegments) {
            std::vector<std::size_t> order(committed.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                const auto live = [&](std::size_t i) { return committed[i].meta.doc_count - committed[i].meta.deleted_count; };
                return live(a) < live(b) || (live(a) == live(b) && a < b);
            });
            order.resize(std::min(kMergeFactor, order.size()));
            std::sort(order.begin(), order.end());  // merge in index order, so documents keep theirs
            std::vector<std::shared_ptr<index::SegmentReader>> readers;
            for (std::size_t i : order) readers.push_back(committed[i].reader);
            index::SegmentMeta merged = indexer::merge_segments(dir, next_segment_name(), readers);
            readers.clear();
            // The merged segment takes the place of the first one it replaces.
            std::vector<index::SegmentMeta> segments;
            for (std::size_t i = 0; i < committed.size(); ++i) {
                if (i == order.front()) {
                    if (merged.doc_count > 0) segments.push_back(merged);
                } else if (!std::binary_search(order.begin(), order.end(), i)) {
                    segments.push_back(committed[i].meta);
                }
            }
            publish(std::move(segments));
        }
    }

    // Writes the manifest naming `segments`, durably, then removes what it no longer names.
    void publish(std::vector<index::SegmentMeta> segments) {
        format::sync_directory(dir);  // the new files' directory entries first
        ++manifest.generation;
        manifest.segments = std::move(segments);
        index::write_manifest(dir, manifest);
        flushed.clear();
        remove_unreferenced_files();
        open_committed();
    }

    // Removes every file that the committed manifest does not name: older segments and
    // deletions, and the leftovers of runs that died before committing.
    void remove_unreferenced_files() {
        std::set<std::string> keep = {index::kManifestName, kLockName};
        for (const auto& segment : manifest.segments) {
            for (const char* extension : index::kAllExtensions) keep.insert(segment.name + "." + extension);
            if (segment.deletions_generation > 0)
                keep.insert(index::deletions_file(dir, segment.name, segment.deletions_generation).filename().string());
        }
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
                                       "readable until the new one is committed) or --append to add to it");
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
    return IndexWriter(std::make_unique<Impl>(dir, std::move(manifest), options));
}

IndexWriter IndexWriter::open(const std::filesystem::path& dir, const IndexOptions& options) {
    if (!std::filesystem::exists(dir / index::kManifestName)) return create(dir, options, false);
    index::Manifest manifest = index::read_manifest(dir);
    return IndexWriter(std::make_unique<Impl>(dir, std::move(manifest), options));
}

bool IndexWriter::contains(std::string_view id) const { return impl_->ids.count(std::string(id)) > 0; }

std::uint64_t IndexWriter::pending_documents() const {
    // Documents handed to worker threads are not counted until a commit writes them.
    std::uint64_t count = impl_->pending ? impl_->pending->doc_count() : 0;
    for (const auto& segment : impl_->flushed) count += segment.doc_count;
    return count;
}

void IndexWriter::add(Document doc) {
    if (doc.id.empty()) throw Error("a document has an empty id");
    if (!impl_->ids.insert(doc.id).second) throw Error("duplicate document id '" + doc.id + "'");
    if (doc.id.size() >= sizeof(std::string)) impl_->id_heap_bytes += doc.id.size() + 1;  // past the inline buffer
    const std::uint64_t segment_budget = impl_->segment_budget();
    impl_->delete_committed(doc.id);  // an id already in the index is replaced
    if (impl_->options.threads > 1) {
        if (!impl_->parallel)
            impl_->parallel = std::make_unique<ParallelInverter>(
                impl_->dir, impl_->manifest.analyzer, impl_->options.threads,
                segment_budget / impl_->options.threads, [impl = impl_.get()] { return impl->next_segment_name(); });
        impl_->parallel->set_budget_per_thread(segment_budget / impl_->options.threads);
        impl_->parallel->add(std::move(doc));
        return;
    }
    if (!impl_->pending)
        impl_->pending = std::make_unique<indexer::MemorySegment>(impl_->dir, impl_->next_segment_name());
    impl_->pending->add(doc, impl_->analyzer);
    if (segment_budget > 0 && impl_->pending->approximate_bytes() >= segment_budget)
        impl_->flush_pending();
}

bool IndexWriter::remove(std::string_view id) {
    if (impl_->ids.count(std::string(id)))
        throw Error("document '" + std::string(id) + "' was added by this run; commit before deleting it");
    return impl_->delete_committed(std::string(id));
}

void IndexWriter::commit() {
    impl_->flush_pending();
    std::vector<index::SegmentMeta> segments;
    const std::uint64_t generation = impl_->manifest.generation + 1;
    for (auto& segment : impl_->committed) {
        if (segment.meta.deleted_count == segment.meta.doc_count) continue;  // nothing left in it
        if (segment.changed) {
            index::write_deletions(index::deletions_file(impl_->dir, segment.meta.name, generation), segment.deleted,
                                   segment.meta.doc_count);
            segment.meta.deletions_generation = generation;
        }
        segments.push_back(segment.meta);
    }
    segments.insert(segments.end(), impl_->flushed.begin(), impl_->flushed.end());
    impl_->publish(std::move(segments));
    impl_->apply_merge_policy();
}

void IndexWriter::optimize() {
    commit();
    const auto& committed = impl_->committed;
    const bool has_deletions = std::any_of(committed.begin(), committed.end(), [](const auto& s) { return s.meta.deleted_count > 0; });
    if (committed.size() <= 1 && !has_deletions) return;
    std::vector<std::shared_ptr<index::SegmentReader>> readers;
    for (const auto& segment : committed) readers.push_back(segment.reader);
    index::SegmentMeta merged = indexer::merge_segments(impl_->dir, impl_->next_segment_name(), readers);
    readers.clear();
    std::vector<index::SegmentMeta> segments;
    if (merged.doc_count > 0) segments.push_back(merged);
    impl_->publish(std::move(segments));
}

std::uint64_t IndexWriter::segment_count() const { return impl_->committed.size(); }

}  // namespace quarry
