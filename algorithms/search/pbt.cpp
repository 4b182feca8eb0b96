#include "algorithms/search/pbt.hpp"

#include <algorithm>
#include <cmath>

#include "algorithms/search/trial_parameters.hpp"
#include "algorithms/space/random.hpp"

namespace summit::algorithms {

pbt::pbt(search_space space, pbt_config config) : space_(std::move(space)), config_(std::move(config)) {}

std::optional<std::size_t> pbt::planned_trials() const {
  return static_cast<std::size_t>(config_.population_size * config_.num_generations);
}

params pbt::member(params p, std::int64_t generation, std::int64_t index, std::string load_from,
                   std::string lineage) const {
  p["generation"] = generation;
  p["load_from"] = std::move(load_from);
  p["save_to"] = config_.checkpoint_dir + "/generation-" + std::to_string(generation) + "-member-" +
                 std::to_string(index + 1);
  p["lineage"] = std::move(lineage);
  return p;
}

params pbt::perturb(const params& p, random_engine& rng) const {
  params out = p;
  for (const auto& q : space_.parameters()) {
    const auto held = out.find(q.name);
    if (held == out.end()) continue;  // inactive: conform() draws it if a change activates it
    auto& v = held->second;
    if (q.is_numeric()) {
      const auto& factors = config_.perturbation_factors;
      const double factor = factors[rng.below(factors.size())];
      auto [low, high] = std::pair{q.low, q.high};
      if (auto range = config_.parameter_range.find(q.name); range != config_.parameter_range.end())
        std::tie(low, high) = range->second;
      v = scaled(q, v, factor, low, high);
    } else if (q.type == parameter_type::ordinal) {
      const auto at = std::find(q.values.begin(), q.values.end(), v) - q.values.begin();
      const auto last = static_cast<long>(q.values.size()) - 1;
      const long step = rng.below(2) ? 1 : -1;
      v = q.values[static_cast<std::size_t>(std::clamp<long>(at + step, 0, last))];
    } else {
      v = q.values[rng.below(q.values.size())];
    }
  }
  return space_.conform(std::move(out), rng);
}

suggestion pbt::suggest(const history& h) {
  const std::size_t n = h.trials.size() - h.count(trial_origin::retry);
  const auto size = static_cast<std::size_t>(config_.population_size);
  const auto generation = static_cast<std::int64_t>(n / size) + 1;
  const auto index = static_cast<std::int64_t>(n % size);
  if (generation > config_.num_generations) return suggestion::done();
  random_engine rng(derive_seed(config_.seed, n));
  if (generation == 1) return suggestion::run(member(space_.sample(rng), 1, index, "", ""));

  std::vector<const trial_summary*> ranked;
  for (const auto& t : h.trials) {
    if (integer_parameter(t.parameters, "generation", 0) != generation - 1) continue;
    if (t.status == trial_status::running) return suggestion::wait();
    if (t.status == trial_status::completed && t.objective) ranked.push_back(&t);
  }
  if (ranked.empty()) return suggestion::done();  // the whole generation failed: nothing to go on from
  std::sort(ranked.begin(), ranked.end(), [&](const trial_summary* a, const trial_summary* b) {
    if (*a->objective != *b->objective) return better(h.direction, *a->objective, *b->objective);
    return a->id < b->id;
  });
  // 20% (at least one, when there are two to choose from) are replaced.
  const std::size_t k = ranked.size();
  const std::size_t replaced = k < 2 ? 0 : std::max<std::size_t>(1, k / 5);
  const auto slot = static_cast<std::size_t>(index);
  const bool keep = slot < k - replaced;
  const trial_summary& parent = *ranked[keep ? slot : rng.below(std::max<std::size_t>(1, replaced))];
  std::string lineage = string_parameter(parent.parameters, "lineage");
  lineage += (lineage.empty() ? "" : ",") + std::to_string(parent.id);
  const params base = keep ? parent.parameters : perturb(parent.parameters, rng);
  return suggestion::run(
      member(base, generation, index, string_parameter(parent.parameters, "save_to"), std::move(lineage)));
}

}  // namespace summit::algorithms
