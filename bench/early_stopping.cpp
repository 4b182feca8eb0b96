// bench/early_stopping (driven by early_stopping.py): what early stopping
// and multi-fidelity search save on synthetic learning curves with known
// final values. One trial at a time, as a single GPU would run them.
//
//   early_stopping SEED CONFIGS crossing|power
// prints one JSON line per strategy: total training iterations, the final
// value of the best configuration it trained to the end, how many
// configurations it tried; and one line with the configurations random
// search drew, so that other tools can be run on exactly the same ones.
//
// The curves (the same formulas are in early_stopping.py): lr log-uniform in
// [1e-4, 1], width uniform in [0, 1], u = log10(lr);
//   final(x) = 0.2 + 0.08 (u + 2.5)² + 0.5 (width - 0.7)²
//   noise(x, t) = 0.005 sin(13.7 t + 100 u + 31 width)
// crossing: loss(x, t) = final(x) + (1 + width) exp(-t / τ(x)) + noise,
//   τ(x) = 2 · 10^(-0.2 u): a large learning rate looks best for the first
//   few iterations and ends worse, a small one is slow. Early rankings
//   mislead, which is where early stopping loses most.
// power: loss(x, t) = final(x) + a(x) t^-0.7 + noise, a(x) = 0.3 + 0.35 (1 +
//   sin(1000 lr + 77 width)): curves of different speeds that rarely cross
//   late; early rankings are informative but noisy.

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "algorithms/search/make_algorithm.hpp"
#include "algorithms/stopping/stopping_rule.hpp"
#include "model/study_file/study_file.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;

namespace {

constexpr std::int64_t max_iterations = 27;

struct config {
  double lr, width;
};

config config_of(const params& p) { return {*as_number(p.at("lr")), *as_number(p.at("width"))}; }

bool crossing = true;

/// The loss after `progress` iterations of training.
double loss(const config& c, double progress) {
  const double u = std::log10(c.lr);
  const double final_value = 0.2 + 0.08 * (u + 2.5) * (u + 2.5) + 0.5 * (c.width - 0.7) * (c.width - 0.7);
  const double noise = 0.005 * std::sin(13.7 * progress + 100 * u + 31 * c.width);
  if (crossing) {
    const double tau = 2 * std::pow(10.0, -0.2 * u);
    return final_value + (1 + c.width) * std::exp(-progress / tau) + noise;
  }
  const double a = 0.3 + 0.35 * (1 + std::sin(1000 * c.lr + 77 * c.width));
  return final_value + a * std::pow(progress, -0.7) + noise;
}

study_spec spec_for(const std::string& algorithm, const std::string& stopping = "") {
  auto spec = parse_study("name: b\ncommand: run\nobjective: {goal: minimize}\nalgorithm: " + algorithm +
                              "\n" + stopping +
                              "parameters:\n  lr: {type: continuous, range: [1.0e-4, 1], scale: log}\n"
                              "  width: {type: continuous, range: [0, 1]}\n",
                          "bench");
  if (!spec) {
    std::fprintf(stderr, "%s\n", spec.error().message.c_str());
    std::exit(1);
  }
  return *spec;
}

void print(const char* name, std::int64_t iterations, double best, std::size_t configs) {
  std::printf("{\"strategy\": \"%s\", \"iterations\": %lld, \"best_final\": %.6f, \"configs\": %zu}\n", name,
              static_cast<long long>(iterations), best, configs);
}

void add_trial(history& h, const params& p, trial_status s, std::optional<double> objective, std::int64_t last) {
  h.trials.push_back({h.trials.size() + 1, p, s, trial_origin::algorithm, objective, last});
}

/// Random search, every trial to the end or until the rule stops it.
void random_search(std::uint64_t seed, std::size_t configs, const std::string& stopping, const char* name,
                   bool print_configs) {
  auto spec = spec_for("{name: random, max_trials: " + std::to_string(configs) + ", seed: " + std::to_string(seed) + "}",
                       stopping);
  auto algorithm = make_algorithm(spec);
  auto rule = make_stopping_rule(spec);
  history h;
  std::int64_t iterations = 0;
  double best = INFINITY;
  std::string drawn;
  for (auto s = algorithm->suggest(h); s.what == suggestion::kind::run; s = algorithm->suggest(h)) {
    const config c = config_of(s.parameters);
    drawn += std::string(drawn.empty() ? "" : ", ") + "[" + std::to_string(c.lr) + ", " + std::to_string(c.width) + "]";
    const trial_id id = h.trials.size() + 1;
    trial_status status = trial_status::completed;
    std::int64_t t = 1;
    for (; t <= max_iterations; ++t) {
      ++iterations;
      if (rule->observe(id, t, loss(c, static_cast<double>(t)))) {
        status = trial_status::stopped;
        break;
      }
    }
    rule->trial_ended(id, status == trial_status::completed);
    const double final_value = loss(c, static_cast<double>(max_iterations));
    if (status == trial_status::completed) best = std::min(best, final_value);
    add_trial(h, s.parameters, status, final_value, std::min(t, max_iterations));
  }
  print(name, iterations, best, h.trials.size());
  if (print_configs) std::printf("{\"configs\": [%s]}\n", drawn.c_str());
}

/// ASHA with checkpoints over the same number of new configurations as
/// random search: a promoted trial trains from its parent's resource on.
void asha_search(std::uint64_t seed, std::size_t configs) {
  auto spec = spec_for("{name: asha, r: 1, R: 27, eta: 3, max_finished_configs: 1000000, seed: " +
                       std::to_string(seed) + "}");
  auto algorithm = make_algorithm(spec, algorithm_context{"ck"});
  history h;
  std::int64_t iterations = 0;
  std::size_t started = 0;
  double best = INFINITY;
  std::map<std::string, std::int64_t> trained;  // save_to -> iterations in that checkpoint
  for (auto s = algorithm->suggest(h); s.what == suggestion::kind::run; s = algorithm->suggest(h)) {
    const auto resource = std::get<std::int64_t>(s.parameters.at("resource"));
    const auto& from = std::get<std::string>(s.parameters.at("load_from"));
    if (from.empty() && ++started > configs) break;  // one trial at a time: no promotion is left
    const std::int64_t start = from.empty() ? 0 : trained[from];
    iterations += resource - start;
    trained[std::get<std::string>(s.parameters.at("save_to"))] = resource;
    const config c = config_of(s.parameters);
    if (resource == max_iterations) best = std::min(best, loss(c, static_cast<double>(max_iterations)));
    add_trial(h, s.parameters, trial_status::completed, loss(c, static_cast<double>(resource)), resource);
  }
  print("asha", iterations, best, std::min(started, configs));
}

/// PBT: each generation trains 3 iterations from its checkpoint; a member's
/// state is how far it has trained, so new hyperparameters go on from there.
void pbt_search(std::uint64_t seed, std::int64_t population) {
  constexpr std::int64_t per_generation = 3;
  auto spec = spec_for("{name: pbt, population_size: " + std::to_string(population) + ", num_generations: " +
                       std::to_string(max_iterations / per_generation) + ", seed: " + std::to_string(seed) + "}");
  auto algorithm = make_algorithm(spec, algorithm_context{"ck"});
  history h;
  std::int64_t iterations = 0;
  double best = INFINITY;
  std::map<std::string, std::int64_t> trained;
  for (;;) {
    // A generation at a time: suggest all members, then run them.
    std::vector<std::size_t> started;
    for (auto s = algorithm->suggest(h); s.what == suggestion::kind::run; s = algorithm->suggest(h)) {
      add_trial(h, s.parameters, trial_status::running, std::nullopt, -1);
      started.push_back(h.trials.size() - 1);
    }
    if (started.empty()) break;
    for (auto i : started) {
      auto& t = h.trials[i];
      const auto& from = std::get<std::string>(t.parameters.at("load_from"));
      const std::int64_t done = (from.empty() ? 0 : trained[from]) + per_generation;
      trained[std::get<std::string>(t.parameters.at("save_to"))] = done;
      iterations += per_generation;
      t.status = trial_status::completed;
      t.objective = loss(config_of(t.parameters), static_cast<double>(done));
      if (done == max_iterations) best = std::min(best, *t.objective);
    }
  }
  print("pbt", iterations, best, static_cast<std::size_t>(population));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || (std::string(argv[3]) != "crossing" && std::string(argv[3]) != "power")) {
    std::fprintf(stderr, "usage: early_stopping SEED CONFIGS crossing|power\n");
    return 2;
  }
  crossing = std::string(argv[3]) == "crossing";
  const auto seed = std::stoull(argv[1]);
  const auto configs = std::stoul(argv[2]);
  random_search(seed, configs, "", "random", true);
  random_search(seed, configs, "stopping: {rule: median, min_iterations: 1, min_trials: 5}\n", "random+median", false);
  random_search(seed, configs, "stopping: {rule: median, min_iterations: 1, min_trials: 5, compare_with: completed}\n",
                "random+median(completed)", false);
  asha_search(seed, configs);
  pbt_search(seed, std::max<std::int64_t>(4, static_cast<std::int64_t>(configs) / 10));
  return 0;
}
