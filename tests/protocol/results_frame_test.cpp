#include <catch2/catch.hpp>

#include "../model/results_fixture.hpp"
#include "protocol/study_messages.hpp"

using namespace summit;

TEST_CASE("a study's results packed a row at a time are the table's own frame", "[protocol]") {
  const auto s = test::two_trials();
  const auto frame = protocol::encode_results(s);
  CHECK(frame == protocol::encode(protocol::to_message(model::study_reply{model::make_results_table(s)})));
  auto back = protocol::decode(frame, protocol::decode_limits::for_answers());
  REQUIRE(back.has_value());
  const auto& t = std::get<model::results_table>(*back);
  CHECK(t.first_metric == 6);
  CHECK(t.rows.size() == 5);
}
