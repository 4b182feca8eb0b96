#include "nodes/actor_config.hpp"

#include <cstdlib>
#include <string>
#include <thread>

namespace summit::nodes {

caf::actor_system_config& configure(caf::actor_system_config& cfg) {
  cfg.set("scheduler.max-threads", std::max(2u, std::thread::hardware_concurrency()));
  // An actor hands its thread on after this many messages, rather than
  // after its whole mailbox: under load the coordinator's and the gateway's
  // hold thousands, and the small actors a hand-out passes through (a
  // worker's proxy, a suggester) waited for all of them. bench/scale: the
  // hand-out p99 47-59 -> 44-51 ms, p50 21-25 -> 18-20 ms, throughput alike.
  cfg.set("scheduler.max-throughput", std::size_t{100});
  const char* policy = std::getenv("SUMMIT_CAF_POLICY");  // for measurements
  const bool stealing = policy && std::string(policy) == "stealing";
  cfg.set("scheduler.policy", stealing ? caf::atom("stealing") : caf::atom("sharing"));
  return cfg;
}

}  // namespace summit::nodes
