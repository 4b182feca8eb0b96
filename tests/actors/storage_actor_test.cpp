#include <catch2/catch.hpp>

#include "../storage/temp_dir.hpp"
#include "actors/atoms.hpp"
#include "actors/storage_actor.hpp"

using namespace summit;
using namespace summit::actors;

TEST_CASE("concurrent writes share synced batches and each is answered once stored", "[actors]") {
  test::temp_dir dir;
  auto log = storage::store::open(dir.str(), storage::store::mode::read_write);
  REQUIRE(log.has_value());
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto storage = spawn_storage(sys, std::move(*log));
  constexpr int writers = 200;
  {
    caf::scoped_actor self{sys};
    // All sent before any is answered: the storage actor sees them queued.
    for (int i = 0; i < writers; ++i)
      self->send(storage, write_atom::value, storage::batch{storage::observation_record{1, i, 0.5, {}, 0}});
    int answered = 0;
    self->receive_for(answered, writers)(
        [&](const summit::status& failed) { CHECK_FALSE(failed); },
        caf::after(std::chrono::seconds(30)) >> [] { FAIL("a write was not answered"); });
    CHECK(answered == writers);
    self->request(storage, std::chrono::seconds(5), stats_atom::value)
        .receive(
            [&](const storage::store::counters& c) {
              CHECK(c.records == static_cast<std::uint64_t>(writers));
              CHECK(c.commits < static_cast<std::uint64_t>(writers));
              INFO("commits: " << c.commits);
            },
            [](caf::error& e) { FAIL(caf::to_string(e)); });
    self->send_exit(storage, caf::exit_reason::user_shutdown);
  }
}
