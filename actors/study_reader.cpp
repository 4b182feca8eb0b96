#include "actors/study_reader.hpp"

#include "actors/atoms.hpp"
#include "coordinator/study_reads.hpp"
#include "protocol/codec.hpp"
#include "protocol/study_messages.hpp"
#include "storage/load.hpp"

namespace summit::actors {

namespace {

/// The study's records, from a snapshot of the log.
expected<model::registry> load(const storage::store& log, study_id study) {
  model::registry state;
  if (auto failed = storage::load_study(log, study, state))
    return protocol::make_error(protocol::errc::internal, failed->message);
  return state;
}

caf::behavior study_reader(caf::event_based_actor*, std::shared_ptr<const storage::store> log) {
  return {
      [=](study_atom, const model::export_results& c) -> expected<model::study_reply> {
        auto state = load(*log, c.study);
        if (!state) return state.error();
        return coordinator::read(*state, model::study_command{c});
      },
      [=](frame_atom, const model::export_results& c) {
        // Packed from the study a row at a time: the table is never whole here.
        auto state = load(*log, c.study);
        if (!state) return protocol::encode(protocol::to_message(state.error()));
        const model::study* s = state->find(c.study);
        if (!s) return protocol::encode(protocol::to_message(model::unknown_study(c.study)));
        return protocol::encode_results(*s);
      },
  };
}

}  // namespace

caf::actor spawn_study_reader(caf::actor_system& sys, std::shared_ptr<const storage::store> log) {
  // Detached: a large study takes its reads off CAF's scheduler threads.
  return sys.spawn<caf::detached>(study_reader, std::move(log));
}

}  // namespace summit::actors
