#include "storage/study_pages.hpp"

#include <unordered_set>

namespace summit::storage {

expected<std::unique_ptr<study_pages>> study_pages::open(const store& log, study_id study) {
  auto at = log.pin();
  if (!at) return make_error(log.directory() + ": the log is closed after a failed write");
  std::unique_ptr<study_pages> pages(new study_pages(log, study, std::move(at)));
  bool found = false;
  std::unordered_set<std::string> seen;
  store::visitor names;
  names.study = [&found](model::study_record) { found = true; };
  names.observation = [&](observation_record o) {
    for (auto& [name, v] : o.context)
      if (seen.insert(name).second) pages->metric_names_.push_back(std::move(name));
  };
  if (auto failed = log.replay_study(*pages->at_, study, 0, names)) return *failed;
  if (!found) return std::unique_ptr<study_pages>();
  return pages;
}

expected<study_pages::page> study_pages::read(trial_id after, std::size_t values) const {
  page p;
  std::size_t held = 0;
  store::visitor into{
      [&](model::study_record s) { p.state.put_study(std::move(s)); },
      [&](model::trial_record t) {
        p.last = t.id;
        held += 4 + t.parameters.size();  // its last row's fixed cells
        p.state.put_trial(std::move(t));
      },
      [&](observation_record o) {
        held += 4 + o.context.size();
        p.state.add_observation(o.trial, o.iteration, o.objective, o.context);
      }};
  const auto next_trial = [&] {
    p.more = held >= values;  // a trial follows, and this page is full
    return !p.more;
  };
  if (auto failed = log_.replay_study(*at_, study_, after, into, next_trial)) return *failed;
  return p;
}

}  // namespace summit::storage
