#pragma once
// RocksDB's info log, for store.cpp and salvage.cpp only.
//
// RocksDB's own LOG file lives on the same disk as the data: when that disk
// is full the file's writer fails, and RocksDB 7.8 asserts on its next line,
// which is the line reporting the full disk. Errors go to stderr instead;
// statistics and compaction chatter are not worth a file. The lines in which
// RocksDB says what it dropped from a damaged log ("FILE: dropping N bytes;
// Corruption: ...") are kept, as they name the damaged file that the status
// returned by Open() does not.

#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include <rocksdb/env.h>

namespace summit::storage {

class rocksdb_logger : public rocksdb::Logger {
 public:
  explicit rocksdb_logger(bool print_errors = true)
      : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL), print_errors_(print_errors) {}

  using rocksdb::Logger::Logv;
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < rocksdb::InfoLogLevel::WARN_LEVEL) return;
    char line[1024];
    std::vsnprintf(line, sizeof line, format, ap);
    std::string text(line);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    // "[db/repair.cc:354] " says where in RocksDB, which a user has no use for.
    if (text.size() > 1 && text[0] == '[' && text.find("] ") != std::string::npos) text.erase(0, text.find("] ") + 2);
    if (text.rfind("DB::Open() failed", 0) == 0) return;  // the status Open() returns, which the caller words
    if (text.find("dropping") != std::string::npos || text.find("Corruption") != std::string::npos) {
      std::lock_guard<std::mutex> guard(mutex_);
      damage_.push_back(text);
    } else if (level >= rocksdb::InfoLogLevel::ERROR_LEVEL && print_errors_) {
      std::fprintf(stderr, "rocksdb: %s\n", text.c_str());
    }
  }

  /// What RocksDB said it dropped, in order.
  std::vector<std::string> damage() const {
    std::lock_guard<std::mutex> guard(mutex_);
    return damage_;
  }

 private:
  const bool print_errors_;
  mutable std::mutex mutex_;
  std::vector<std::string> damage_;
};

}  // namespace summit::storage
