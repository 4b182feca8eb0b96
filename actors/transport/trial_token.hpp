#pragma once
// The secret of one trial (SUMMIT_TRIAL_TOKEN): a worker gives each trial
// process its own and answers only the requests that carry it, so that no
// other process that can reach the worker's socket reads a trial's
// parameters or reports for it.

#include <cstddef>
#include <string>
#include <string_view>

namespace summit::actors {

/// `size` bytes from the kernel's random source (getrandom), as hex digits.
std::string random_hex(std::size_t size);

/// 128 random bits, as 32 hex digits.
std::string new_trial_token();

/// Where a node's trials on this machine reach it: a Unix socket in Linux's
/// abstract namespace (no file to leave behind), with a random name. Over
/// loopback TCP each request and reply also crossed the kernel's network
/// stack: bench/ingest measured a third more kernel CPU per round trip.
std::string new_trial_socket_address();

/// Compares in time that depends on the lengths only, not on where the
/// first difference is.
bool same_token(std::string_view given, std::string_view expected);

}  // namespace summit::actors
