#include "actors/study_query.hpp"

#include "actors/atoms.hpp"

namespace summit::actors {

expected<model::study_reply> ask_study(caf::actor_system& sys, const caf::actor& coordinator,
                                       const model::study_command& command, std::chrono::milliseconds timeout) {
  caf::scoped_actor self{sys};
  expected<model::study_reply> out =
      make_error("the coordinator did not answer", static_cast<std::uint16_t>(protocol::errc::unavailable));
  self->request(coordinator, timeout, study_atom::value, command)
      .receive([&](expected<model::study_reply>& answer) { out = std::move(answer); }, [](const caf::error&) {});
  return out;
}

}  // namespace summit::actors
