#include <set>

#include <catch2/catch.hpp>

#include "actors/transport/trial_token.hpp"

using namespace summit::actors;

TEST_CASE("every trial token is 128 fresh bits, and only the same token matches", "[transport]") {
  std::set<std::string> tokens;
  for (int i = 0; i < 1000; ++i) {
    const auto t = new_trial_token();
    REQUIRE(t.size() == 32);
    CHECK(t.find_first_not_of("0123456789abcdef") == std::string::npos);
    tokens.insert(t);
  }
  CHECK(tokens.size() == 1000);
  const auto t = *tokens.begin();
  CHECK(same_token(t, t));
  CHECK_FALSE(same_token("", t));
  CHECK_FALSE(same_token(t.substr(0, 31), t));
  CHECK_FALSE(same_token(t + "0", t));
  std::string last_differs = t;
  last_differs.back() = last_differs.back() == '0' ? '1' : '0';
  CHECK_FALSE(same_token(last_differs, t));
  CHECK_FALSE(same_token("", ""));  // a trial without a token is never anyone's
}
