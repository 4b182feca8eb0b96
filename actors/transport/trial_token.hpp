#pragma once
// The secret of one trial (SUMMIT_TRIAL_TOKEN): a worker gives each trial
// process its own and answers only the requests that carry it, so that no
// other process that can reach the worker's socket reads a trial's
// parameters or reports for it.

#include <string>
#include <string_view>

namespace summit::actors {

/// 128 bits from the kernel's random source (getrandom), as 32 hex digits.
std::string new_trial_token();

/// Compares in time that depends on the lengths only, not on where the
/// first difference is.
bool same_token(std::string_view given, std::string_view expected);

}  // namespace summit::actors
