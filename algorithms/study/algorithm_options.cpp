#include "algorithms/study/algorithm_options.hpp"

namespace summit::algorithms::detail {

namespace {

std::vector<double> parse_factors(const yaml_reader& r, const YAML::Node& n) {
  const std::string path = "algorithm.perturbation_factors";
  r.expect_sequence(n, path);
  if (n.size() == 0) r.fail(n, path, "needs at least one factor");
  std::vector<double> out;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const double f = r.number(n[i], index(path, i));
    if (f <= 0) r.fail(n[i], index(path, i), "a factor must be positive, got " + to_text(f));
    out.push_back(f);
  }
  return out;
}

void parse_asha(const yaml_reader& r, const YAML::Node& n, algorithm_spec& a) {
  constexpr std::int64_t big = std::int64_t{1} << 40;
  if (auto v = n["r"]) a.r = r.integer(v, "algorithm.r", 1, big);
  if (auto v = n["R"]) a.R = r.integer(v, "algorithm.R", 1, big);
  if (auto v = n["eta"]) a.eta = r.integer(v, "algorithm.eta", 2, 1000);
  if (auto v = n["s"]) a.s = r.integer(v, "algorithm.s", 0, 60);
  if (auto v = n["max_finished_configs"])
    a.max_finished_configs = r.integer(v, "algorithm.max_finished_configs", 1, big);
  if (a.R < a.r)
    r.fail(n["R"] ? n["R"] : n, "algorithm.R",
           "the maximum resource " + std::to_string(a.R) + " is below r = " + std::to_string(a.r));
  std::int64_t rungs = 0;  // floor(log_eta(R / r))
  for (std::int64_t budget = a.r; budget <= a.R / a.eta; budget *= a.eta) ++rungs;
  if (a.s > rungs)
    r.fail(n["s"], "algorithm.s",
           "s = " + std::to_string(a.s) + " leaves no rung: at most floor(log_eta(R/r)) = " +
               std::to_string(rungs));
}

void parse_pbt(const yaml_reader& r, const YAML::Node& n, algorithm_spec& a, const search_space& space) {
  if (auto v = n["population_size"]) a.population_size = r.integer(v, "algorithm.population_size", 1, 100000);
  a.num_generations =
      r.integer(r.require(n, "num_generations", "algorithm"), "algorithm.num_generations", 1, 100000);
  if (auto f = n["perturbation_factors"]) a.perturbation_factors = parse_factors(r, f);
  if (auto ranges = n["parameter_range"]) {
    r.expect_map(ranges, "algorithm.parameter_range");
    for (const auto& entry : ranges) {
      const std::string name = entry.first.Scalar();
      const std::string at = join("algorithm.parameter_range", name);
      const parameter* p = space.find(name);
      if (!p || !p->is_numeric())
        r.fail(entry.first, at, "names no continuous or discrete parameter");
      r.expect_sequence(entry.second, at);
      if (entry.second.size() != 2) r.fail(entry.second, at, "expected [min, max]");
      const double low = r.number(entry.second[0], index(at, 0)), high = r.number(entry.second[1], index(at, 1));
      if (low > high) r.fail(entry.second, at, "min " + to_text(low) + " is greater than max " + to_text(high));
      a.parameter_range[name] = {low, high};
    }
  }
}

void parse_local_search(const yaml_reader& r, const YAML::Node& n, algorithm_spec& a, const search_space& space) {
  const auto seed = r.require(n, "seed_configuration", "algorithm");
  a.seed_configuration = parse_point(r, seed, "algorithm.seed_configuration", space);
  if (auto f = n["perturbation_factors"]) a.perturbation_factors = parse_factors(r, f);
  if (auto t = n["repeat_trials"]) a.repeat_trials = r.integer(t, "algorithm.repeat_trials", 1, 1000);
}

void parse_repeat(const yaml_reader& r, const YAML::Node& n, algorithm_spec& a) {
  r.expect_map(n, "algorithm.repeat", {"times", "wait", "aggregate"});
  a.repeat_times = r.integer(r.require(n, "times", "algorithm.repeat"), "algorithm.repeat.times", 1, 1000);
  if (auto w = n["wait"]) {
    const value v = r.scalar(w, "algorithm.repeat.wait");
    const bool* b = std::get_if<bool>(&v);
    if (!b) r.fail(w, "algorithm.repeat.wait", "expected true or false, got '" + to_text(v) + "'");
    a.repeat_wait = *b;
  }
  if (auto g = n["aggregate"]) {
    a.repeat_aggregate = r.string(g, "algorithm.repeat.aggregate");
    if (a.repeat_aggregate != "mean" && a.repeat_aggregate != "median" && a.repeat_aggregate != "best")
      r.fail(g, "algorithm.repeat.aggregate", "expected mean, median or best, got '" + a.repeat_aggregate + "'");
  }
}

}  // namespace

void parse_algorithm_options(const yaml_reader& r, const YAML::Node& n, algorithm_spec& a,
                             const search_space& space) {
  if (a.name == "asha") parse_asha(r, n, a);
  if (a.name == "pbt") parse_pbt(r, n, a, space);
  if (a.name == "local_search") parse_local_search(r, n, a, space);
  if (auto rep = n["repeat"]) parse_repeat(r, rep, a);
}

params parse_point(const yaml_reader& r, const YAML::Node& n, const std::string& at, const search_space& space) {
  r.expect_map(n, at);
  params raw;
  for (const auto& entry : n)
    raw.emplace(entry.first.Scalar(), r.scalar(entry.second, join(at, entry.first.Scalar())));
  auto valid = space.coerce(raw);
  if (!valid) r.fail(n, at, valid.error().message);
  return std::move(*valid);
}

}  // namespace summit::algorithms::detail
