// bench/importance: the time of PED-ANOVA's importances (summit study
// importance, the dashboard's bars) for 1,000 to 100,000 COMPLETED trials
// over 10 parameters of every kind, the median of 21 runs each, and the
// ranking it gives (x0 and lr drive the objective, act a little, the rest
// nothing).
//
//   build/bench/importance [TRIALS ...]

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "algorithms/importance/ped_anova.hpp"

using namespace summit;
using namespace summit::algorithms;

namespace {

parameter numeric(std::string name, parameter_type type, scale s, double low, double high) {
  parameter p;
  p.name = std::move(name);
  p.type = type;
  p.scaling = s;
  p.low = low;
  p.high = high;
  return p;
}

parameter categories(std::string name, parameter_type type, int n) {
  parameter p;
  p.name = std::move(name);
  p.type = type;
  for (int i = 0; i < n; ++i) p.values.emplace_back(type == parameter_type::ordinal ? value(std::int64_t{i}) : value("v" + std::to_string(i)));
  return p;
}

search_space space() {
  return search_space({numeric("x0", parameter_type::continuous, scale::linear, 0, 1),
                       numeric("x1", parameter_type::continuous, scale::linear, 0, 1),
                       numeric("x2", parameter_type::continuous, scale::linear, -5, 5),
                       numeric("lr", parameter_type::continuous, scale::log, 1e-6, 1),
                       numeric("wd", parameter_type::continuous, scale::log, 1e-8, 1e-2),
                       numeric("units", parameter_type::discrete, scale::linear, 16, 512),
                       numeric("layers", parameter_type::discrete, scale::linear, 1, 8),
                       categories("act", parameter_type::choice, 4),
                       categories("arch", parameter_type::choice, 50),
                       categories("batch", parameter_type::ordinal, 6)});
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoull(argv[i], nullptr, 10));
  if (sizes.empty()) sizes = {1000, 10000, 100000};
  const auto s = space();
  for (const std::size_t n : sizes) {
    random_engine rng(1);
    std::vector<params> drawn;
    for (std::size_t i = 0; i < n; ++i) drawn.push_back(s.sample(rng));
    std::vector<importance_input> trials;
    for (const auto& p : drawn) {
      const double x0 = *as_number(p.at("x0")), lr = *as_number(p.at("lr"));
      const double v = std::pow(x0 - 0.3, 2) + 0.05 * std::pow(std::log10(lr) + 3, 2) +
                       (p.at("act") == value{std::string("v1")} ? 0 : 0.05);
      trials.push_back({&p, v});
    }
    std::vector<double> ms;
    expected<importance_result> r = make_error("");
    for (int run = 0; run < 21; ++run) {
      const auto t0 = std::chrono::steady_clock::now();
      r = ped_anova(s, trials, goal::minimize, 0.1);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%7zu trials x 10 parameters: median %.2f ms, max %.2f ms;", n, ms[ms.size() / 2], ms.back());
    if (!r) {
      std::printf(" %s\n", r.error().message.c_str());
      continue;
    }
    for (std::size_t i = 0; i < 4; ++i)
      std::printf(" %s %.3f%s", r->parameters[i].name.c_str(), r->parameters[i].importance, i < 3 ? "," : "\n");
  }
  return 0;
}
