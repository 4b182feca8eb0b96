#include "actors/study_query.hpp"

#include "actors/atoms.hpp"
#include "actors/coordinator.hpp"

namespace summit::actors {

expected<nlohmann::ordered_json> ask_study(caf::actor_system& sys, const caf::actor& coordinator,
                                           const protocol::study_request& request,
                                           std::chrono::milliseconds timeout) {
  caf::scoped_actor self{sys};
  expected<nlohmann::ordered_json> out =
      make_error("the coordinator did not answer", static_cast<std::uint16_t>(protocol::errc::unavailable));
  self->request(coordinator, timeout, study_atom::value, request)
      .receive(
          [&](const protocol::message& answer) {
            if (const auto* reply = std::get_if<protocol::study_reply>(&answer))
              out = nlohmann::ordered_json::parse(reply->json);
            else if (const auto* refused = std::get_if<protocol::error_reply>(&answer))
              out = make_error(refused->message, static_cast<std::uint16_t>(refused->code));
          },
          [](const caf::error&) {});
  return out;
}

}  // namespace summit::actors
