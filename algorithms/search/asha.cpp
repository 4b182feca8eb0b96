#include "algorithms/search/asha.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "algorithms/search/trial_parameters.hpp"
#include "algorithms/space/random.hpp"

namespace summit::algorithms {

asha::asha(search_space space, asha_config config)
    : space_(std::move(space)), config_(std::move(config)) {
  int k = 0;
  for (std::int64_t budget = config_.r; budget <= config_.R / config_.eta; budget *= config_.eta) ++k;
  top_rung_ = std::max(0, k - static_cast<int>(config_.s));
}

std::int64_t asha::resource_of(int rung) const {
  std::int64_t budget = config_.r;
  for (std::int64_t i = 0; i < config_.s + rung; ++i) budget *= config_.eta;
  return budget;
}

params asha::with_rung(params p, std::size_t config, int rung, std::string load_from) const {
  p["rung"] = std::int64_t{rung};
  p["resource"] = resource_of(rung);
  p["load_from"] = std::move(load_from);
  p["save_to"] = config_.checkpoint_dir + "/config-" + std::to_string(config) + "-rung-" +
                 std::to_string(rung);
  return p;
}

suggestion asha::suggest(const history& h) {
  struct entry {
    const trial_summary* trial;
    std::size_t config;
  };
  std::vector<std::vector<entry>> completed(static_cast<std::size_t>(top_rung_) + 1);
  std::set<std::string> promoted;                         // save_to paths someone loads from
  std::unordered_map<std::string, std::size_t> config_of;  // save_to -> configuration number
  std::size_t configs = 0, finished = 0;
  for (const auto& t : h.trials) {
    const auto rung = integer_parameter(t.parameters, "rung", 0);
    const auto load_from = string_parameter(t.parameters, "load_from");
    if (!load_from.empty()) promoted.insert(load_from);
    std::size_t config = 0;
    if (auto parent = config_of.find(load_from); !load_from.empty() && parent != config_of.end())
      config = parent->second;
    else if (t.origin == trial_origin::retry)
      config = config_of[string_parameter(t.parameters, "save_to")];
    else
      config = ++configs;
    config_of.emplace(string_parameter(t.parameters, "save_to"), config);
    if (t.origin != trial_origin::retry && rung == top_rung_) ++finished;
    if (t.status == trial_status::completed && t.objective && rung >= 0 && rung < top_rung_)
      completed[static_cast<std::size_t>(rung)].push_back({&t, config});
  }
  if (finished >= static_cast<std::size_t>(config_.max_finished_configs)) return suggestion::done();

  for (int k = top_rung_ - 1; k >= 0; --k) {
    auto& rung = completed[static_cast<std::size_t>(k)];
    const std::size_t top = rung.size() / static_cast<std::size_t>(config_.eta);
    if (top == 0) continue;
    std::partial_sort(rung.begin(), rung.begin() + static_cast<long>(top), rung.end(),
                      [&](const entry& a, const entry& b) {
                        if (*a.trial->objective != *b.trial->objective)
                          return better(h.direction, *a.trial->objective, *b.trial->objective);
                        return a.trial->id < b.trial->id;
                      });
    for (std::size_t i = 0; i < top; ++i) {
      const auto save_to = string_parameter(rung[i].trial->parameters, "save_to");
      if (promoted.count(save_to)) continue;
      return suggestion::run(with_rung(rung[i].trial->parameters, rung[i].config, k + 1, save_to));
    }
  }
  random_engine rng(derive_seed(config_.seed, configs));
  return suggestion::run(with_rung(space_.sample(rng), configs + 1, 0, ""));
}

}  // namespace summit::algorithms
