#include "nodes/actor_config.hpp"

#include <cstdlib>
#include <string>
#include <thread>

namespace summit::nodes {

caf::actor_system_config& configure(caf::actor_system_config& cfg) {
  cfg.set("scheduler.max-threads", std::max(2u, std::thread::hardware_concurrency()));
  const char* policy = std::getenv("SUMMIT_CAF_POLICY");  // for measurements
  const bool stealing = policy && std::string(policy) == "stealing";
  cfg.set("scheduler.policy", stealing ? caf::atom("stealing") : caf::atom("sharing"));
  return cfg;
}

}  // namespace summit::nodes
