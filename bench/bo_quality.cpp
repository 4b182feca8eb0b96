// bench/bo_quality (driven by bo_quality.py): Summit's bayesian and random
// search on Branin (2-d), Hartmann6 (6-d), Rosenbrock (4-d) and a mixed
// space, sequentially, several seeds; prints one JSON line per run with the
// best value after each trial, and the time of suggestions at given history
// sizes.
//
//   bo_quality regret SEEDS TRIALS [MODEL_POINTS]
//                                       one line per (function, algorithm, seed); with
//                                       MODEL_POINTS, bayesian alone conditioning on at most that many
//   bo_quality timing N...              suggestion times from N observations on (Hartmann6),
//                                       refits in the background
//   bo_quality timing-inline N...       the same, every refit made in a suggestion
//   bo_quality timing-wide D N...       as timing, on a D-dimensional sphere

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <future>
#include <stdexcept>
#include <string>

#include "algorithms/bayes/bayesian.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "model/study_file/study_file.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;

namespace {

double num(const params& p, const std::string& k) { return *as_number(p.at(k)); }

double branin(const params& p) {
  const double x1 = num(p, "x1"), x2 = num(p, "x2");
  const double b = 5.1 / (4 * M_PI * M_PI), c = 5 / M_PI, t = 1 / (8 * M_PI);
  return std::pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * std::cos(x1) + 10;
}

double hartmann6(const params& p) {
  static const double a[4][6] = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
                                 {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
  static const double pp[4][6] = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
                                  {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                                  {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
                                  {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
  static const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
  double f = 0;
  for (int i = 0; i < 4; ++i) {
    double s = 0;
    for (int j = 0; j < 6; ++j) s += a[i][j] * std::pow(num(p, "x" + std::to_string(j + 1)) - pp[i][j], 2);
    f -= alpha[i] * std::exp(-s);
  }
  return f;
}

double rosenbrock4(const params& p) {
  double f = 0;
  for (int i = 1; i < 4; ++i) {
    const double a = num(p, "x" + std::to_string(i)), b = num(p, "x" + std::to_string(i + 1));
    f += 100 * std::pow(b - a * a, 2) + std::pow(1 - a, 2);
  }
  return f;
}

// A space like a training job's: a linear, a log-scaled, a choice and a
// discrete parameter; the optimum 0 is at x = 0.3, lr = 0.01, act = tanh, n = 7.
double mixed(const params& p) {
  const std::string act = std::get<std::string>(p.at("act"));
  const double offset = act == "tanh" ? 0.0 : act == "relu" ? 0.3 : 0.6;
  return std::pow(num(p, "x") - 0.3, 2) + std::pow(std::log10(num(p, "lr")) + 2, 2) / 4 + offset +
         std::pow(num(p, "n") - 7, 2) / 20;
}

double sphere(const params& p) {
  double f = 0;
  for (const auto& [name, v] : p) f += std::pow(*as_number(v) - 0.3, 2);
  return f;
}

struct problem {
  std::string name;
  std::string parameters;
  double optimum;
  double (*f)(const params&);
};

const problem problems[] = {
    {"branin", "  x1: {type: continuous, range: [-5, 10]}\n  x2: {type: continuous, range: [0, 15]}\n", 0.397887, branin},
    {"hartmann6",
     "  x1: {type: continuous, range: [0, 1]}\n  x2: {type: continuous, range: [0, 1]}\n"
     "  x3: {type: continuous, range: [0, 1]}\n  x4: {type: continuous, range: [0, 1]}\n"
     "  x5: {type: continuous, range: [0, 1]}\n  x6: {type: continuous, range: [0, 1]}\n",
     -3.32237, hartmann6},
    {"rosenbrock4",
     "  x1: {type: continuous, range: [-2, 2]}\n  x2: {type: continuous, range: [-2, 2]}\n"
     "  x3: {type: continuous, range: [-2, 2]}\n  x4: {type: continuous, range: [-2, 2]}\n",
     0.0, rosenbrock4},
    {"mixed",
     "  x: {type: continuous, range: [0, 1]}\n  lr: {type: continuous, range: [1.0e-4, 1], scale: log}\n"
     "  act: {type: choice, values: [relu, tanh, sigmoid]}\n  n: {type: discrete, range: [1, 10]}\n",
     0.0, mixed},
};

study_spec spec_for(const problem& pr, const std::string& algorithm, int seed, int trials) {
  auto spec = parse_study("name: b\ncommand: run\nobjective: {goal: minimize}\nalgorithm: {name: " + algorithm +
                              ", max_trials: " + std::to_string(trials) + ", seed: " + std::to_string(seed) +
                              "}\nparameters:\n" + pr.parameters,
                          pr.name);
  if (!spec) throw std::runtime_error(spec.error().message);
  return *spec;
}

/// model_points: when given, only bayesian, conditioning on at most that
/// many trials (what the subset of data costs in regret).
void regret(int seeds, int trials, std::optional<std::size_t> model_points) {
  const std::vector<std::string> algorithms =
      model_points ? std::vector<std::string>{"bayesian"} : std::vector<std::string>{"bayesian", "random"};
  for (const auto& pr : problems)
    for (const auto& alg : algorithms)
      for (int seed = 0; seed < seeds; ++seed) {
        const auto spec = spec_for(pr, alg, seed, trials);
        std::unique_ptr<algorithm> a = make_algorithm(spec);
        std::string label = alg;
        if (model_points) {
          const auto& o = std::get<bayesian_options>(spec.algorithm.options);
          bayes::bayesian_config config{o.max_trials, static_cast<std::uint64_t>(seed), o.acquisition, o.num_initial,
                                        o.initial_points};
          config.model_points = *model_points;
          a = std::make_unique<bayes::bayesian>(spec.space, config);
          label += " (model_points " + std::to_string(*model_points) + ")";
        }
        history h;
        double best = 1e300;
        std::string curve;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < trials; ++i) {
          auto s = a->suggest(h);
          if (s.what != suggestion::kind::run) break;
          const double y = pr.f(s.parameters);
          best = std::min(best, y);
          h.trials.push_back({static_cast<trial_id>(i + 1), s.parameters, trial_status::completed, s.origin, y, 1});
          curve += (curve.empty() ? "" : ",") + std::to_string(best - pr.optimum);
        }
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("{\"function\": \"%s\", \"algorithm\": \"summit %s\", \"seed\": %d, \"seconds\": %.3f, \"regret\": [%s]}\n",
                    pr.name.c_str(), label.c_str(), seed, secs, curve.c_str());
        std::fflush(stdout);
      }
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

// For each size n: n random Hartmann6 trials, then a fresh bayesian's
// suggestions, each completed at once, until n + max(30, n/5) (at least one
// refit comes due). `background`: its jobs run on threads of their own and
// are given back before the next suggestion once finished, as the
// coordinator's suggester does; otherwise none runs and each fit is made in
// the suggestion that needs it.
void timing(const problem& pr, const std::vector<int>& sizes, bool background) {
  for (int n : sizes) {
    auto spec = spec_for(pr, "random", 1, n);
    auto rand = make_algorithm(spec);
    history h;
    for (int i = 0; i < n; ++i) {
      auto s = rand->suggest(h);
      h.trials.push_back({static_cast<trial_id>(i + 1), s.parameters, trial_status::completed, s.origin, pr.f(s.parameters), 1});
    }
    const int more = std::max(30, n / 5);
    auto bo = make_algorithm(spec_for(pr, "bayesian", 1, n + more));
    std::vector<std::future<std::function<void()>>> running;
    std::vector<double> ms;
    for (int k = 0; k < more; ++k) {
      for (auto it = running.begin(); it != running.end();) {
        if (it->wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
          ++it;
          continue;
        }
        it->get()();
        it = running.erase(it);
      }
      const auto start = std::chrono::steady_clock::now();
      auto s = bo->suggest(h);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      for (auto& job : bo->take_background_jobs())
        if (background) running.push_back(std::async(std::launch::async, job.run));
      h.trials.push_back({static_cast<trial_id>(h.trials.size() + 1), s.parameters, trial_status::completed, s.origin,
                          pr.f(s.parameters), 1});
    }
    for (auto& r : running) r.wait();
    const double first = ms.front();
    ms.erase(ms.begin());
    std::printf("{\"function\": \"%s\", \"timing\": %d, \"background\": %s, \"suggestions\": %d, \"first_ms\": %.1f, \"p50_ms\": %.1f, "
                "\"p99_ms\": %.1f, \"max_ms\": %.1f}\n",
                pr.name.c_str(), n, background ? "true" : "false", more, first, percentile(ms, 0.5), percentile(ms, 0.99),
                *std::max_element(ms.begin(), ms.end()));
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "regret" && (argc == 4 || argc == 5)) {
    regret(std::stoi(argv[2]), std::stoi(argv[3]),
           argc == 5 ? std::optional<std::size_t>(std::stoul(argv[4])) : std::nullopt);
    return 0;
  }
  if ((mode == "timing" || mode == "timing-inline") && argc > 2) {
    std::vector<int> sizes;
    for (int i = 2; i < argc; ++i) sizes.push_back(std::stoi(argv[i]));
    timing(problems[1], sizes, mode == "timing");  // Hartmann6
    return 0;
  }
  if (mode == "timing-wide" && argc > 3) {
    const int d = std::stoi(argv[2]);
    std::string parameters;
    for (int i = 1; i <= d; ++i) parameters += "  x" + std::to_string(i) + ": {type: continuous, range: [0, 1]}\n";
    std::vector<int> sizes;
    for (int i = 3; i < argc; ++i) sizes.push_back(std::stoi(argv[i]));
    timing({"sphere" + std::to_string(d), parameters, 0, sphere}, sizes, true);
    return 0;
  }
  std::fprintf(stderr, "usage: bo_quality regret SEEDS TRIALS [MODEL_POINTS] | timing N... | timing-inline N... | timing-wide D N...\n");
  return 2;
}
