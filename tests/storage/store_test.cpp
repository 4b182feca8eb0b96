#include <atomic>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>
#include <rocksdb/db.h>

#include "../model/helpers.hpp"
#include "storage/coding.hpp"
#include "storage/keys.hpp"
#include "storage/load.hpp"
#include "storage/store.hpp"
#include "fixtures.hpp"
#include "temp_dir.hpp"

using namespace summit;
using namespace summit::storage;
using namespace summit::test;


TEST_CASE("keys sort studies before trials before observations, numerically", "[storage]") {
  CHECK(study_key(2) < study_key(256));
  CHECK(study_key(UINT64_MAX) < trial_key(1, 1));
  CHECK(trial_key(1, 9) < trial_key(2, 1));
  CHECK(trial_key(UINT64_MAX, UINT64_MAX) < observation_key(1, 0));
  CHECK(observation_key(1, 9) < observation_key(1, 10));
}

TEST_CASE("varints and zigzag round-trip, and a short buffer fails cleanly", "[storage]") {
  std::string buf;
  for (std::int64_t v : {0L, 1L, -1L, 300L, -300L, INT64_MAX, INT64_MIN}) put_varint_signed(buf, v);
  reader in(buf);
  for (std::int64_t v : {0L, 1L, -1L, 300L, -300L, INT64_MAX, INT64_MIN}) CHECK(in.varint_signed() == v);
  CHECK(in.done());
  reader short_read(std::string_view("\x05" "ab", 3));
  CHECK_FALSE(short_read.string().has_value());
  CHECK(short_read.failed());
}

TEST_CASE("a committed log replays into the same state after reopening", "[storage]") {
  test::temp_dir dir;
  {
    auto s = open_rw(dir);
    REQUIRE_FALSE(s->commit(batch{a_study(), a_trial(1), a_trial(2)}));
    REQUIRE_FALSE(s->commit(batch{an_observation(1, 1, 0.5), an_observation(1, 2, 0.25)}));
    auto ended = a_trial(1);
    ended.status = trial_status::completed;
    ended.exit_code = 0;
    ended.ended_ms = 10;
    REQUIRE_FALSE(s->commit(batch{ended}));
  }
  auto s = open_rw(dir);
  auto r = replayed(*s);
  REQUIRE(r.studies().size() == 1);
  const auto& st = r.studies().at(1);
  CHECK(st.spec().name == "s");
  CHECK(st.spec().algorithm.seed == std::optional<std::uint64_t>(3));
  CHECK(st.record().workdir == "/tmp/w");
  REQUIRE(st.trials().size() == 2);
  const auto& t1 = st.trials()[0];
  CHECK(t1.record.status == trial_status::completed);
  CHECK(t1.record.parameters == a_trial(1).parameters);
  CHECK(t1.record.worker == "local");
  REQUIRE(t1.observations.size() == 2);
  CHECK(t1.observations[1].objective == 0.25);
  CHECK(st.metric_names() == std::vector<std::string>{"acc"});
  CHECK(st.best_trial()->record.id == 1);
  CHECK(r.next_trial_id() == 3);
  CHECK(r.next_study_id() == 2);
}

TEST_CASE("one study loads alone, from a snapshot, while the log is written", "[storage]") {
  test::temp_dir dir;
  auto s = open_rw(dir);
  REQUIRE_FALSE(s->commit(batch{a_study(1), a_study(2), a_trial(1, 1), a_trial(2, 2), a_trial(3, 1)}));
  REQUIRE_FALSE(s->commit(batch{an_observation(1, 1, 0.5), an_observation(2, 1, 0.7), an_observation(3, 4, 0.1),
                                an_observation(3, 5, 0.2)}));
  model::registry one;
  REQUIRE_FALSE(load_study(*s, 1, one));
  REQUIRE(one.studies().size() == 1);
  const auto& st = one.studies().at(1);
  REQUIRE(st.trials().size() == 2);
  CHECK(st.trials()[0].observations.size() == 1);
  CHECK(st.trials()[1].observations.size() == 2);
  CHECK(st.observation_count() == 3);
  model::registry none;
  REQUIRE_FALSE(load_study(*s, 9, none));
  CHECK(none.studies().empty());

  // A reader in another thread while the writer commits: each load sees a
  // whole commit or none of it.
  std::atomic<bool> writing{true}, write_failed{false};
  std::thread writer([&] {  // Catch2's assertions are for the test's own thread
    for (std::int64_t i = 10; i < 300; ++i)
      if (s->commit(batch{an_observation(1, i, 0.5), an_observation(3, i, 0.5)})) write_failed = true;
    writing = false;
  });
  std::size_t loads = 0;
  while (writing || loads == 0) {
    model::registry r;
    REQUIRE_FALSE(load_study(*s, 1, r));
    const auto& trials = r.studies().at(1).trials();
    CHECK(trials[0].observations.size() + 1 == trials[1].observations.size());
    ++loads;
  }
  writer.join();
  CHECK_FALSE(write_failed);
}

TEST_CASE("writing the same observation twice stores it once", "[storage]") {
  test::temp_dir dir;
  auto s = open_rw(dir);
  REQUIRE_FALSE(s->commit(batch{a_study(), a_trial(1)}));
  REQUIRE_FALSE(s->commit(batch{an_observation(1, 4, 0.5)}));
  REQUIRE_FALSE(s->commit(batch{an_observation(1, 4, 0.5), an_observation(1, 4, 0.5)}));
  std::size_t seen = 0;
  REQUIRE_FALSE(s->replay({nullptr, nullptr, [&](observation_record) { ++seen; }}));
  CHECK(seen == 1);
}

TEST_CASE("many batches commit in one synced write", "[storage]") {
  test::temp_dir dir;
  auto s = open_rw(dir);
  REQUIRE_FALSE(s->commit(batch{a_study(), a_trial(1)}));
  std::vector<batch> pending;
  for (int i = 0; i < 100; ++i) pending.push_back(batch{an_observation(1, i, i * 0.1)});
  std::vector<const batch*> group;
  for (const auto& b : pending) group.push_back(&b);
  const auto before = s->stats();
  REQUIRE_FALSE(s->commit(group));
  CHECK(s->stats().commits == before.commits + 1);
  CHECK(s->stats().records == before.records + 100);
  CHECK(replayed(*s).studies().at(1).observation_count() == 100);
}

TEST_CASE("a read-only store sees the data and refuses a directory without any", "[storage]") {
  test::temp_dir dir;
  {
    auto s = open_rw(dir);
    REQUIRE_FALSE(s->commit(batch{a_study(), a_trial(1)}));
  }
  auto ro = store::open(dir.str(), store::mode::read_only);
  REQUIRE(ro.has_value());
  CHECK(replayed(**ro).studies().size() == 1);
  test::temp_dir empty;
  CHECK(store::open(empty.str(), store::mode::read_only).error().message ==
        empty.str() + ": no Summit data here");
}

TEST_CASE("a second writer on the same directory is refused", "[storage]") {
  test::temp_dir dir;
  auto first = open_rw(dir);
  auto second = store::open(dir.str(), store::mode::read_write);
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().message.find("in use by another Summit process") != std::string::npos);
}

TEST_CASE("a directory from a newer key layout is refused, not misread", "[storage]") {
  test::temp_dir dir;
  open_rw(dir).reset();
  {
    // What a future build would have written.
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::Options(), (dir.path() / "log").string(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::string v;
    put_fixed32_be(v, layout_version + 1);
    REQUIRE(db->Put(rocksdb::WriteOptions(), layout_key(), v).ok());
  }
  for (auto m : {store::mode::read_write, store::mode::read_only}) {
    auto s = store::open(dir.str(), m);
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().message == dir.str() + ": written by a newer Summit (key layout v2; this build reads up to v1)");
  }
}

TEST_CASE("a RocksDB directory that Summit did not write is refused", "[storage]") {
  test::temp_dir dir;
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(o, (dir.path() / "log").string(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    REQUIRE(db->Put(rocksdb::WriteOptions(), "other", "data").ok());
  }
  CHECK(store::open(dir.str(), store::mode::read_write).error().message ==
        dir.str() + ": not a Summit data directory (no layout version)");
}

TEST_CASE("replay names a corrupt record instead of misreading it", "[storage]") {
  CHECK(decode_trial("\x01\x05").error().message == "corrupt trial record");
  CHECK(decode_study("\x02").error().message == "corrupt study record");
  CHECK(decode_observation(observation_key(1, 1), "\x01\x00").error().message ==
        "corrupt observation record");
}

TEST_CASE("record encodings round-trip every field", "[storage]") {
  auto t = a_trial(7, 3);
  t.origin = trial_origin::retry;
  t.retry_of = 6;
  t.attempt = 2;
  t.status = trial_status::failed;
  t.exit_code = -1;
  t.signal = 9;
  t.interrupted = true;
  t.reason = "killed by signal 9";
  t.ended_ms = -5;
  auto [key, value] = encode(t);
  CHECK(key == trial_key(3, 7));
  auto back = decode_trial(value);
  REQUIRE(back.has_value());
  CHECK(back->parameters == t.parameters);
  CHECK(back->origin == trial_origin::retry);
  CHECK(back->retry_of == 6);
  CHECK(back->attempt == 2);
  CHECK(back->signal == 9);
  CHECK(back->interrupted);
  CHECK(back->reason == t.reason);
  CHECK(back->ended_ms == -5);
}
