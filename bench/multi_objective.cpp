// Driver for bench/multi_objective.py: runs Summit's algorithms on
// ZDT1, ZDT2 (6-d), DTLZ2 (3 objectives, 6-d) and Binh-Korn (2 objectives,
// 2 constraints) and prints each trial's objectives and violation as one
// JSON line per run; the Python side computes the hypervolumes, with the
// same code for Optuna's samplers.
//
//   multi_objective ALGORITHM SEEDS TRIALS [POPULATION]

#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "algorithms/multi/pareto.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "model/study_file/study_file.hpp"

using namespace summit;
using namespace summit::algorithms;

namespace {

double num(const params& p, const std::string& name) { return std::get<double>(p.at(name)); }

std::string unit_box(int n) {
  std::string out;
  for (int i = 1; i <= n; ++i) out += "  x" + std::to_string(i) + ": {type: continuous, range: [0, 1]}\n";
  return out;
}

struct evaluation {
  std::vector<double> objectives;
  std::vector<double> constraints;  ///< value - bound for a max, bound - value for a min: feasible at <= 0
};

evaluation zdt(const params& p, bool concave) {
  double g = 0;
  for (int i = 2; i <= 6; ++i) g += num(p, "x" + std::to_string(i));
  g = 1 + 9 * g / 5;
  const double f1 = num(p, "x1"), ratio = f1 / g;
  return {{f1, g * (1 - (concave ? ratio * ratio : std::sqrt(ratio)))}, {}};
}

evaluation dtlz2(const params& p) {
  double g = 0;
  for (int i = 3; i <= 6; ++i) g += std::pow(num(p, "x" + std::to_string(i)) - 0.5, 2);
  const double a = num(p, "x1") * M_PI / 2, b = num(p, "x2") * M_PI / 2;
  return {{(1 + g) * std::cos(a) * std::cos(b), (1 + g) * std::cos(a) * std::sin(b), (1 + g) * std::sin(a)}, {}};
}

evaluation binh_korn(const params& p) {
  const double x = num(p, "x"), y = num(p, "y");
  return {{4 * x * x + 4 * y * y, (x - 5) * (x - 5) + (y - 5) * (y - 5)},
          {(x - 5) * (x - 5) + y * y - 25, 7.7 - ((x - 8) * (x - 8) + (y + 3) * (y + 3))}};
}

struct problem {
  std::string name;
  int objectives;
  std::string constraints;  ///< the study file's section, if any
  std::string parameters;
  std::function<evaluation(const params&)> f;
};

std::vector<problem> problems() {
  return {
      {"zdt1", 2, "", unit_box(6), [](const params& p) { return zdt(p, false); }},
      {"zdt2", 2, "", unit_box(6), [](const params& p) { return zdt(p, true); }},
      {"dtlz2", 3, "", unit_box(6), dtlz2},
      {"binh_korn", 2, "constraints:\n  - {metric: c1, max: 0}\n  - {metric: c2, max: 0}\n",
       "  x: {type: continuous, range: [0, 5]}\n  y: {type: continuous, range: [0, 3]}\n", binh_korn},
  };
}

model::study_spec spec_for(const problem& pr, const std::string& algorithm) {
  std::string objectives = "objectives:\n";
  for (int i = 1; i <= pr.objectives; ++i) objectives += "  - {metric: f" + std::to_string(i) + ", goal: minimize}\n";
  auto spec = model::parse_study("name: b\ncommand: run\n" + objectives + pr.constraints + "algorithm: " + algorithm +
                                     "\nparameters:\n" + pr.parameters,
                                 pr.name);
  if (!spec) throw std::runtime_error(spec.error().message);
  return *spec;
}

std::string numbers(const std::vector<double>& v) {
  std::string out;
  char buf[32];
  for (double x : v) {
    std::snprintf(buf, sizeof buf, "%.10g", x);
    out += (out.empty() ? "" : ",") + std::string(buf);
  }
  return "[" + out + "]";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: multi_objective ALGORITHM SEEDS TRIALS [POPULATION]\n");
    return 2;
  }
  const std::string name = argv[1];
  const int seeds = std::stoi(argv[2]), trials = std::stoi(argv[3]);
  const std::string population = argc > 4 ? ", population_size: " + std::string(argv[4]) : "";
  for (const auto& pr : problems())
    for (int seed = 0; seed < seeds; ++seed) {
      auto spec = spec_for(pr, "{name: " + name + ", seed: " + std::to_string(seed) + population + "}");
      auto alg = make_algorithm(spec);
      history h;
      for (const auto& o : spec.objectives) h.goals.push_back(o.direction);
      h.direction = h.goals[0];
      std::string points;
      double slowest = 0, total = 0;
      for (int i = 0; i < trials; ++i) {
        const auto start = std::chrono::steady_clock::now();
        auto s = alg->suggest(h);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        slowest = std::max(slowest, ms);
        total += ms;
        if (s.what != suggestion::kind::run) break;
        const auto e = pr.f(s.parameters);
        double violation = 0;
        for (double c : e.constraints) violation += std::max(0.0, c);
        std::vector<std::optional<double>> values(e.objectives.begin(), e.objectives.end());
        h.trials.push_back({static_cast<trial_id>(i + 1), s.parameters, trial_status::completed, s.origin,
                            e.objectives[0], 1, values, violation});
        points += std::string(points.empty() ? "" : ",") + "{\"f\":" + numbers(e.objectives) +
                  ",\"c\":" + numbers(e.constraints) + "}";
      }
      std::printf("{\"problem\": \"%s\", \"algorithm\": \"summit %s\", \"seed\": %d, \"mean_ms\": %.3f, "
                  "\"max_ms\": %.3f, \"trials\": [%s]}\n",
                  pr.name.c_str(), name.c_str(), seed, total / trials, slowest, points.c_str());
      std::fflush(stdout);
    }
}
