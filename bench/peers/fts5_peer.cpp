// SQLite FTS5 as measured in PEERS.md: a contentless table tokenized 'porter unicode61', one
// transaction of inserts, then 'optimize'; queries as quoted words joined with OR (AND for
// intersections, one quoted phrase for phrases), ranked with bm25() (k1 = 1.2, b = 0.75, fixed).
#include <chrono>
#include <fstream>
#include <stdexcept>

#include <fmt/core.h>
#include <sqlite3.h>

#include "corpus/corpus_reader.hpp"
#include "peers.hpp"

namespace quarry::peers {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDatabaseFile = "fts5.db";
// Row i (1-based rowid) of the table is line i of this file: the external ids, since a
// contentless table stores no text.
constexpr const char* kIdsFile = "ids.txt";

class Connection {
public:
    Connection(const fs::path& path, int flags) {
        if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw std::runtime_error(fmt::format("sqlite: cannot open {}: {}", path.string(), message));
        }
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() { sqlite3_close(db_); }

    sqlite3* get() const { return db_; }

    void exec(const char* sql) {
        char* error = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string message = error ? error : sqlite3_errmsg(db_);
            sqlite3_free(error);
            throw std::runtime_error(fmt::format("sqlite: {}: {}", sql, message));
        }
    }

    [[noreturn]] void fail(const char* what) const { throw std::runtime_error(fmt::format("sqlite: {}: {}", what, sqlite3_errmsg(db_))); }

private:
    sqlite3* db_ = nullptr;
};

class Statement {
public:
    Statement(const Connection& connection, const char* sql) {
        if (sqlite3_prepare_v3(connection.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr) != SQLITE_OK)
            connection.fail(sql);
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { sqlite3_finalize(statement_); }

    sqlite3_stmt* get() const { return statement_; }

private:
    sqlite3_stmt* statement_ = nullptr;
};

// The query's words as unicode61 would cut them, kept simple: ASCII letters and digits (and
// every byte of a multi-byte UTF-8 character) make words, any other ASCII byte separates them,
// ASCII is lowercased. FTS5 still runs each quoted word through the table's own tokenizer
// (folding case and diacritics beyond ASCII, and stemming with porter), so this only decides
// where words start and end: the same cut as unicode61 for ASCII queries (all of the AOL log).
std::vector<std::string> query_words(const std::string& query) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : query) {
        const auto byte = static_cast<unsigned char>(c);
        const bool letter = byte >= 0x80 || (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
        if (letter) {
            word.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte - 'A' + 'a') : c);
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

class Fts5Searcher final : public Searcher {
public:
    explicit Fts5Searcher(const fs::path& index)
        : connection_(index / kDatabaseFile, SQLITE_OPEN_READONLY),
          top_(connection_, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY bm25(t) LIMIT ?2"),
          count_(connection_, "SELECT count(*) FROM t WHERE t MATCH ?1") {
        std::ifstream ids(index / kIdsFile);
        if (!ids) throw std::runtime_error(fmt::format("cannot open {}", (index / kIdsFile).string()));
        std::string line;
        while (std::getline(ids, line)) ++documents_;
    }

    std::string engine() const override { return "fts5"; }
    std::string version() const override { return sqlite3_libversion(); }
    std::string algorithm() const override { return "bm25() (k1 1.2, b 0.75)"; }
    std::uint64_t document_count() const override { return documents_; }

    void begin_class(const QueryClass& query_class) override {
        k_ = query_class.k;
        count_only_ = query_class.count_only;
        phrase_ = query_class.name.starts_with("phrase");
        separator_ = query_class.name.starts_with("intersection") ? " AND " : " OR ";
        matches_.clear();
    }

    bool add_query(const std::string& query) override {
        const std::vector<std::string> words = query_words(query);
        if (words.empty()) return false;
        std::string match;
        if (phrase_) {
            match.push_back('"');
            for (std::size_t i = 0; i < words.size(); ++i) match.append(i ? " " : "").append(words[i]);
            match.push_back('"');
        } else {
            for (std::size_t i = 0; i < words.size(); ++i) match.append(i ? separator_ : "").append("\"").append(words[i]).append("\"");
        }
        matches_.push_back(std::move(match));
        return true;
    }

    // Timed: bind, step through every row, reset.
    std::uint64_t search(std::size_t i) override {
        sqlite3_stmt* statement = count_only_ ? count_.get() : top_.get();
        const std::string& match = matches_[i];
        sqlite3_bind_text(statement, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
        if (!count_only_) sqlite3_bind_int64(statement, 2, static_cast<sqlite3_int64>(k_));
        std::uint64_t rows = 0;
        int status;
        while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
            const sqlite3_int64 value = sqlite3_column_int64(statement, 0);  // a rowid, or the count
            rows = count_only_ ? static_cast<std::uint64_t>(value) : rows + 1;
        }
        sqlite3_reset(statement);
        if (status != SQLITE_DONE) connection_.fail(match.c_str());
        return rows;
    }

private:
    Connection connection_;
    Statement top_;
    Statement count_;
    std::uint64_t documents_ = 0;
    std::size_t k_ = 10;
    bool count_only_ = false;
    bool phrase_ = false;
    const char* separator_ = " OR ";
    std::vector<std::string> matches_;
};

}  // namespace

std::unique_ptr<Searcher> open_fts5(const fs::path& index) { return std::make_unique<Fts5Searcher>(index); }

void build_fts5(const BuildOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    if (fs::exists(options.out)) throw std::runtime_error(fmt::format("{} exists: remove it first", options.out.string()));
    if (!options.positions) fmt::print(stderr, "fts5: --no-positions ignored (FTS5 always stores positions)\n");
    fs::create_directories(options.out);
    std::ofstream ids(options.out / kIdsFile, std::ios::binary);
    if (!ids) throw std::runtime_error(fmt::format("cannot create {}", (options.out / kIdsFile).string()));
    Connection connection(options.out / kDatabaseFile, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    connection.exec("PRAGMA journal_mode=OFF");
    connection.exec("PRAGMA synchronous=OFF");
    connection.exec("CREATE VIRTUAL TABLE t USING fts5(body, content='', tokenize='porter unicode61')");
    connection.exec("BEGIN");
    std::uint64_t documents = 0;
    {
        Statement insert(connection, "INSERT INTO t(rowid, body) VALUES (?1, ?2)");
        std::string body;
        corpus::read_corpus({options.corpus}, {}, [&](Document&& document, const corpus::SourceLocation&) {
            body.assign(document.title).append("\n").append(document.text);
            sqlite3_bind_int64(insert.get(), 1, static_cast<sqlite3_int64>(++documents));
            sqlite3_bind_text(insert.get(), 2, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
            if (sqlite3_step(insert.get()) != SQLITE_DONE) connection.fail("INSERT");
            sqlite3_reset(insert.get());
            ids << document.id << '\n';
            if (documents % 20000 == 0) fmt::print(stderr, "fts5: {} documents\n", documents);
        });
    }
    connection.exec("COMMIT");
    const double inserted_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    connection.exec("INSERT INTO t(t) VALUES('optimize')");
    ids.close();
    if (!ids) throw std::runtime_error(fmt::format("cannot write {}", (options.out / kIdsFile).string()));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print("fts5 {}: {} documents, built in {:.1f} s (inserts {:.1f} s, optimize {:.1f} s), {} on disk ({} bytes): "
               "{} {}, {} {} (rowid -> id)\n",
               options.out.string(), documents, seconds, inserted_seconds, seconds - inserted_seconds,
               human_bytes(disk_size(options.out)), disk_size(options.out), kDatabaseFile,
               human_bytes(disk_size(options.out / kDatabaseFile)), kIdsFile, human_bytes(disk_size(options.out / kIdsFile)));
}

}  // namespace quarry::peers
