#include <catch2/catch.hpp>

#include "../storage/temp_dir.hpp"
#include "actors/atoms.hpp"
#include "actors/storage_actor.hpp"

using namespace summit;
using namespace summit::actors;

namespace {

/// A storage actor over a log of its own.
struct storage_under_test {
  test::temp_dir dir;
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::actor storage;

  storage_under_test() {
    auto log = storage::store::open(dir.str(), storage::store::mode::read_write);
    REQUIRE(log.has_value());
    storage = spawn_storage(sys, std::move(*log));
  }

  /// Waits for `writes` answers, each a success, then checks the log holds
  /// one record per write and that they shared synced batches.
  void check_all_answered_in_shared_commits(caf::scoped_actor& self, int writes) {
    int answered = 0;
    self->receive_for(answered, writes)(
        [&](const summit::status& failed) { CHECK_FALSE(failed); },
        caf::after(std::chrono::seconds(30)) >> [] { FAIL("a write was not answered"); });
    CHECK(answered == writes);
    self->request(storage, std::chrono::seconds(5), stats_atom::value)
        .receive(
            [&](const storage::store::counters& c) {
              CHECK(c.records == static_cast<std::uint64_t>(writes));
              CHECK(c.commits < static_cast<std::uint64_t>(writes));
              INFO("commits: " << c.commits);
            },
            [](caf::error& e) { FAIL(caf::to_string(e)); });
    self->send_exit(storage, caf::exit_reason::user_shutdown);
  }
};

storage::batch one_observation(int iteration) { return {storage::observation_record{1, iteration, 0.5, {}, 0}}; }

}  // namespace

TEST_CASE("concurrent writes share synced batches and each is answered once stored", "[actors]") {
  storage_under_test t;
  constexpr int writers = 200;
  caf::scoped_actor self{t.sys};
  // All sent before any is answered: the storage actor sees them queued.
  for (int i = 0; i < writers; ++i) self->send(t.storage, write_atom::value, one_observation(i));
  t.check_all_answered_in_shared_commits(self, writers);
}

TEST_CASE("urgent writes among queued ones are answered once stored, sharing syncs", "[actors]") {
  storage_under_test t;
  constexpr int writes = 220;
  caf::scoped_actor self{t.sys};
  for (int i = 0; i < writes; ++i) {
    if (i % 11 == 0)
      self->send<caf::message_priority::high>(t.storage, write_atom::value, one_observation(i));
    else
      self->send(t.storage, write_atom::value, one_observation(i));
  }
  t.check_all_answered_in_shared_commits(self, writes);
}
