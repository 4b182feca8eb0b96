#include <catch2/catch.hpp>

#include "nodes/format.hpp"

using summit::nodes::printable;

TEST_CASE("text for a terminal keeps line breaks, tabs and UTF-8, and writes other control characters out",
          "[nodes]") {
  CHECK(printable("study 'esc \x1b[31mred' \a") == "study 'esc \\x1b[31mred' \\x07");
  CHECK(printable(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(printable("line\n\tnext \xf0\x9f\x8e\x89 \x7f") == "line\n\tnext \xf0\x9f\x8e\x89 \\x7f");
}
