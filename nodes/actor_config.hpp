#pragma once
// The actor-system settings every Summit process uses.

#include <caf/all.hpp>

namespace summit::nodes {

/// Sets the scheduler up on cfg and returns it. Work sharing (one queue,
/// woken by a condition variable) rather than CAF 0.17's default work
/// stealing, whose idle workers poll and then sleep in steps of up to 10 ms:
/// messages from the socket threads would otherwise wait on those sleeps.
caf::actor_system_config& configure(caf::actor_system_config& cfg);

}  // namespace summit::nodes
