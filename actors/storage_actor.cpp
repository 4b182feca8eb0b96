#include "actors/storage_actor.hpp"

#include "actors/atoms.hpp"

namespace summit::actors {

namespace {

struct pending_write {
  storage::batch records;
  caf::response_promise reply;
};

struct storage_state {
  std::shared_ptr<storage::store> log;
  std::vector<pending_write> urgent;  ///< sent at high priority: synced first, in a group of their own
  std::vector<pending_write> pending;
  bool flush_scheduled = false;
};

void commit(storage::store& log, std::vector<pending_write>& writes) {
  if (writes.empty()) return;
  std::vector<const storage::batch*> group;
  group.reserve(writes.size());
  for (const auto& p : writes) group.push_back(&p.records);
  const summit::status result = log.commit(group);
  for (auto& p : writes) p.reply.deliver(result);
  writes.clear();
}

caf::behavior storage_actor(caf::stateful_actor<storage_state>* self, std::shared_ptr<storage::store> log) {
  self->state.log = std::move(log);
  return {
      [=](write_atom, storage::batch& records) -> caf::result<summit::status> {
        auto reply = self->make_response_promise();
        const bool urgent = self->current_mailbox_element()->mid.is_urgent_message();
        (urgent ? self->state.urgent : self->state.pending).push_back({std::move(records), reply});
        // The flush message queues behind every write already in the mailbox,
        // so one sync covers all of them.
        if (!self->state.flush_scheduled) {
          self->state.flush_scheduled = true;
          self->send(self, flush_atom::value);
        }
        return reply;
      },
      [=](flush_atom) {
        auto& st = self->state;
        st.flush_scheduled = false;
        // A few records someone waits on (a new trial to hand out) do not
        // wait for a group of thousands of observations: one more sync.
        commit(*st.log, st.urgent);
        commit(*st.log, st.pending);
      },
      [=](stats_atom) { return self->state.log->stats(); },
  };
}

}  // namespace

caf::actor spawn_storage(caf::actor_system& sys, std::shared_ptr<storage::store> log) {
  return sys.spawn<caf::detached>(storage_actor, std::move(log));
}

}  // namespace summit::actors
