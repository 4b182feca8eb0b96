// A damaged write-ahead log is an error, never a silent half of the data;
// `summit repair` salvages what is intact (issue 14, item 4).

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "storage/salvage.hpp"

using namespace summit;
using namespace summit::storage;
using namespace summit::test;

namespace {

constexpr int observations = 3000;  // about 200 KiB of log: several 32 KiB blocks

/// A study whose trial 1 reports `observations` times, ten to a synced
/// write, and then completes: all of it still in the write-ahead log.
void write_study(const test::temp_dir& dir) {
  auto s = open_rw(dir);
  batch first;
  first.emplace_back(a_study());
  first.emplace_back(a_trial(1));
  REQUIRE_FALSE(s->commit(first));
  for (int i = 1; i <= observations; i += 10) {
    batch ten(10);
    for (int j = 0; j < 10; ++j) ten[j] = an_observation(1, i + j, 1.0 / (i + j));
    REQUIRE_FALSE(s->commit(ten));
  }
  auto ended = a_trial(1);
  ended.status = trial_status::completed;
  REQUIRE_FALSE(s->commit(batch{ended}));
}

std::filesystem::path the_wal(const test::temp_dir& dir) {
  std::filesystem::path found;
  for (const auto& f : std::filesystem::directory_iterator(dir.path() / "log"))
    if (f.path().extension() == ".log" && f.file_size() > 0) found = f.path();
  REQUIRE_FALSE(found.empty());
  return found;
}

void flip_byte(const std::filesystem::path& file, std::uintmax_t at) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(at));
  char c = 0;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(at));
  f.put(static_cast<char>(c ^ 0x40));
}

}  // namespace

TEST_CASE("a byte flipped in the middle of the write-ahead log is an error naming the directory and the file",
          "[storage]") {
  test::temp_dir dir;
  write_study(dir);
  const auto wal = the_wal(dir);
  flip_byte(wal, std::filesystem::file_size(wal) / 2);
  for (auto m : {store::mode::read_only, store::mode::read_write}) {
    auto s = store::open(dir.str(), m);
    REQUIRE_FALSE(s.has_value());
    const auto& message = s.error().message;
    CHECK(message.rfind(dir.str() + ": the log is damaged, nothing was read (", 0) == 0);
    CHECK(message.find(wal.string()) != std::string::npos);
    CHECK(message.find("summit repair --data " + dir.str()) != std::string::npos);
  }
  // Refusing changed nothing: the damaged file is still there to salvage.
  CHECK(std::filesystem::exists(wal));
}

TEST_CASE("a byte flipped in a table file is an error naming the file, when it is read", "[storage]") {
  test::temp_dir dir;
  write_study(dir);
  open_rw(dir).reset();  // reopening moves the write-ahead log into a table file
  std::filesystem::path table;
  for (const auto& f : std::filesystem::directory_iterator(dir.path() / "log"))
    if (f.path().extension() == ".sst") table = f.path();
  REQUIRE_FALSE(table.empty());
  flip_byte(table, std::filesystem::file_size(table) / 3);
  auto s = store::open(dir.str(), store::mode::read_only);
  const std::string message = s ? [&] {
    model::registry r;
    auto failed = load(**s, r);
    return failed ? failed->message : std::string();
  }()
                                : s.error().message;
  CHECK(message.rfind(dir.str() + ": the log is damaged (", 0) == 0);
  CHECK(message.find(table.string()) != std::string::npos);
  CHECK(message.find("summit repair --data " + dir.str()) != std::string::npos);
}

TEST_CASE("a torn last record, as a crash in the middle of a write leaves it, is tolerated", "[storage]") {
  test::temp_dir dir;
  write_study(dir);
  const auto wal = the_wal(dir);
  std::filesystem::resize_file(wal, std::filesystem::file_size(wal) - 5);
  auto s = open_rw(dir);
  auto r = replayed(*s);
  const auto& trial = r.studies().at(1).trials().at(0);
  CHECK(trial.observations.size() == observations);
  CHECK(trial.record.status == trial_status::running);  // the torn record was the trial's end
}

TEST_CASE("repair salvages every intact record into a new directory and says what was lost", "[storage]") {
  test::temp_dir dir;
  write_study(dir);
  const auto wal = the_wal(dir);
  const auto size_before = std::filesystem::file_size(wal);
  flip_byte(wal, size_before / 2);
  const auto into = (dir.path() / "repaired").string();

  auto report = salvage(dir.str(), into);
  REQUIRE(report.has_value());
  CHECK(report->studies == 1);
  CHECK(report->trials == 1);
  // One 32 KiB block at most is lost; the blocks after the damage are read.
  CHECK(report->observations < observations);
  CHECK(report->observations > observations - 32768 / 40);
  REQUIRE_FALSE(report->damage.empty());
  CHECK(report->damage.front().find(wal.string()) != std::string::npos);
  CHECK(report->lost_anything());

  auto repaired = store::open(into, store::mode::read_only);
  REQUIRE(repaired.has_value());
  auto r = replayed(**repaired);
  const auto& trial = r.studies().at(1).trials().at(0);
  CHECK(trial.observations.size() == report->observations);
  CHECK(trial.record.status == trial_status::completed);  // written after the damage, and kept
  CHECK(std::filesystem::file_size(wal) == size_before);  // the damaged directory is untouched
  CHECK_FALSE(std::filesystem::exists(std::filesystem::path(into) / "rocksdb-repair"));
}

TEST_CASE("repair of an intact directory loses nothing, and refuses a target that exists", "[storage]") {
  test::temp_dir dir;
  write_study(dir);
  const auto into = (dir.path() / "copy").string();
  auto report = salvage(dir.str(), into);
  REQUIRE(report.has_value());
  CHECK(report->observations == observations);
  CHECK_FALSE(report->lost_anything());
  CHECK(salvage(dir.str(), into).error().message == into + ": already exists; name a new directory to salvage into");
  CHECK(salvage(into + "/nothing", dir.str() + "/x").error().message == into + "/nothing: no Summit data here");
}
