#include "actors/storage_actor.hpp"

#include <initializer_list>

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

// Urgent writes get a sync of their own only when this many records or more
// wait at normal priority; below, a second sync costs more than sharing one.
constexpr std::size_t own_sync_above_records = 256;

/// One synced write of all these writes, each answered.
void commit(storage::store& log, std::initializer_list<std::vector<pending_write>*> queues) {
  std::vector<const storage::batch*> group;
  for (const auto* q : queues)
    for (const auto& p : *q) group.push_back(&p.records);
  if (group.empty()) return;
  const summit::status result = log.commit(group);
  for (auto* q : queues) {
    for (auto& p : *q) p.reply.deliver(result);
    q->clear();
  }
}

std::size_t records_in(const std::vector<pending_write>& writes) {
  std::size_t n = 0;
  for (const auto& p : writes) n += p.records.size();
  return n;
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
        if (!st.urgent.empty() && records_in(st.pending) >= own_sync_above_records) {
          commit(*st.log, {&st.urgent});
          commit(*st.log, {&st.pending});
        } else {
          commit(*st.log, {&st.urgent, &st.pending});
        }
      },
      [=](stats_atom) { return self->state.log->stats(); },
  };
}

}  // namespace

caf::actor spawn_storage(caf::actor_system& sys, std::shared_ptr<storage::store> log) {
  return sys.spawn<caf::detached>(storage_actor, std::move(log));
}

}  // namespace summit::actors
