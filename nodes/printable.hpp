#pragma once
// Text for a terminal.

#include <string>
#include <string_view>

namespace summit::nodes {

/// Control characters but line breaks and tab written as \xNN, so that a
/// name from an older log cannot move the cursor, change colours or ring
/// the bell.
std::string printable(std::string_view text);

}  // namespace summit::nodes
