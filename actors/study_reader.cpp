#include "actors/study_reader.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "actors/atoms.hpp"
#include "coordinator/study_reads.hpp"
#include "protocol/codec.hpp"
#include "protocol/study_messages.hpp"
#include "storage/load.hpp"
#include "storage/study_pages.hpp"

namespace summit::actors {

namespace {

using clock = std::chrono::steady_clock;

/// The study's records, from a snapshot of the log.
expected<model::registry> load(const storage::store& log, study_id study) {
  model::registry state;
  if (auto failed = storage::load_study(log, study, state))
    return protocol::make_error(protocol::errc::internal, failed->message);
  return state;
}

/// The exports that read a page at a time, each from the snapshot its first
/// page pinned, until its last page is sent, it is left for two minutes, or
/// more than four run at once (the oldest goes).
class paged_exports {
 public:
  explicit paged_exports(std::shared_ptr<const storage::store> log) : log_(std::move(log)) {}

  /// The frame of the page `c` asks for.
  std::string page(const model::export_results& c) {
    const auto now = clock::now();
    open_.erase(std::remove_if(open_.begin(), open_.end(),
                               [now](const entry& e) { return now - e.used > std::chrono::minutes(2); }),
                open_.end());
    auto it = std::find_if(open_.begin(), open_.end(),
                           [&c](const entry& e) { return e.id == c.snapshot && e.pages->study() == c.study; });
    if (c.snapshot != 0 && it == open_.end())
      return refusal(protocol::make_error(protocol::errc::unavailable,
                                          "the export of study " + std::to_string(c.study) +
                                              " waited too long between pages; run it again"));
    if (it == open_.end()) {
      auto pages = storage::study_pages::open(*log_, c.study);
      if (!pages) return refusal(protocol::make_error(protocol::errc::internal, pages.error().message));
      if (!*pages) return refusal(model::unknown_study(c.study));
      if (open_.size() == 4) open_.erase(open_.begin());
      open_.push_back({next_id_++, std::move(*pages), now});
      it = std::prev(open_.end());
    }
    auto read = it->pages->read(c.after, c.page_values);
    if (!read) return refusal(protocol::make_error(protocol::errc::internal, read.error().message));
    const model::study* s = read->state.find(c.study);
    if (!s) return refusal(model::unknown_study(c.study));
    it->used = now;
    const auto id = it->id;
    auto frame = protocol::encode_results(*s, {it->pages->metric_names(), read->next_after(), id});
    if (!read->more) open_.erase(it);
    return frame;
  }

 private:
  static std::string refusal(const summit::error& e) { return protocol::encode(protocol::to_message(e)); }

  struct entry {
    std::uint64_t id;
    std::unique_ptr<storage::study_pages> pages;
    clock::time_point used;
  };
  std::shared_ptr<const storage::store> log_;  // outlives the pages
  std::vector<entry> open_;
  std::uint64_t next_id_ = 1;
};

caf::behavior study_reader(caf::event_based_actor*, std::shared_ptr<const storage::store> log) {
  auto paged = std::make_shared<paged_exports>(log);
  return {
      [=](study_atom, const model::export_results& c) -> expected<model::study_reply> {
        auto state = load(*log, c.study);
        if (!state) return state.error();
        return coordinator::read(*state, model::study_command{c});
      },
      [=](frame_atom, const model::export_results& c) {
        if (c.page_values > 0) return paged->page(c);
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
