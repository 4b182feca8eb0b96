#include "model/study_file/algorithm_sections.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace summit::model::detail {

namespace {

constexpr std::int64_t big = std::int64_t{1} << 40;

std::vector<double> read_factors(const yaml_reader& r, const YAML::Node& n) {
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

/// "about 1.84e+19: 64 axes of 2 points" for a message.
std::string grid_shape(const search_space& space, int n) {
  double points = 1;
  std::size_t fewest = SIZE_MAX, most = 0;
  for (const auto& p : space.parameters()) {
    const auto k = grid_values(p, n).size();
    points *= static_cast<double>(k);
    fewest = std::min(fewest, k);
    most = std::max(most, k);
  }
  char about[32];
  std::snprintf(about, sizeof about, "%.3g", points);
  const std::string per_axis =
      fewest == most ? std::to_string(most) : std::to_string(fewest) + " to " + std::to_string(most);
  return std::string("about ") + about + ": " + std::to_string(space.parameters().size()) + " axes of " + per_axis +
         " points";
}

std::optional<std::int64_t> read_max_trials(const yaml_reader& r, const YAML::Node& n) {
  if (auto m = n["max_trials"]) return r.integer(m, "algorithm.max_trials", 1, big);
  return std::nullopt;
}

/// One reader per algorithm: its own keys of the section n.
struct section_reader {
  const yaml_reader& r;
  const YAML::Node& n;
  const search_space& space;

  void operator()(grid_options& o) const {
    o.max_trials = read_max_trials(r, n);
    if (auto g = n["num_grid_points"])
      o.num_grid_points = static_cast<int>(r.integer(g, "algorithm.num_grid_points", 1, 1000));
    // Past 2^64 points a grid cannot say when it is done: it runs its first
    // max_trials points, or it is refused.
    if (!o.max_trials && !grid_size(space, o.num_grid_points))
      r.fail(n, "algorithm", "the grid has more than 2^64 points (" + grid_shape(space, o.num_grid_points) +
                                 "); set max_trials to run its first points, or use fewer num_grid_points");
  }
  void operator()(random_options& o) const { o.max_trials = read_max_trials(r, n); }
  void operator()(iterate_options& o) const {
    o.points = read_points(r, r.require(n, "points", "algorithm"), "algorithm.points", space);
    if (o.points.empty()) r.fail(n["points"], "algorithm.points", "needs at least one point");
  }
  void operator()(bayesian_options& o) const {
    o.max_trials = read_max_trials(r, n);
    if (auto acq = n["acquisition"]) {
      const auto name = r.string(acq, "algorithm.acquisition");
      const auto kind = acquisition_from(name);
      if (!kind) r.fail(acq, "algorithm.acquisition", "expected ei, pi or lcb, got '" + name + "'");
      o.acquisition = *kind;
    }
    if (auto k = n["num_initial"]) o.num_initial = static_cast<int>(r.integer(k, "algorithm.num_initial", 1, 100000));
    if (auto pts = n["initial_points"]) o.initial_points = read_points(r, pts, "algorithm.initial_points", space);
  }
  void operator()(asha_options& o) const {
    if (auto v = n["r"]) o.r = r.integer(v, "algorithm.r", 1, big);
    if (auto v = n["R"]) o.R = r.integer(v, "algorithm.R", 1, big);
    if (auto v = n["eta"]) o.eta = r.integer(v, "algorithm.eta", 2, 1000);
    if (auto v = n["s"]) o.s = r.integer(v, "algorithm.s", 0, 60);
    if (auto v = n["max_finished_configs"])
      o.max_finished_configs = r.integer(v, "algorithm.max_finished_configs", 1, big);
    if (o.R < o.r)
      r.fail(n["R"] ? n["R"] : n, "algorithm.R",
             "the maximum resource " + std::to_string(o.R) + " is below r = " + std::to_string(o.r));
    std::int64_t rungs = 0;  // floor(log_eta(R / r))
    for (std::int64_t budget = o.r; budget <= o.R / o.eta; budget *= o.eta) ++rungs;
    if (o.s > rungs)
      r.fail(n["s"], "algorithm.s",
             "s = " + std::to_string(o.s) + " leaves no rung: at most floor(log_eta(R/r)) = " + std::to_string(rungs));
  }
  void operator()(pbt_options& o) const {
    if (auto v = n["population_size"]) o.population_size = r.integer(v, "algorithm.population_size", 1, 100000);
    o.num_generations =
        r.integer(r.require(n, "num_generations", "algorithm"), "algorithm.num_generations", 1, 100000);
    if (auto f = n["perturbation_factors"]) o.perturbation_factors = read_factors(r, f);
    if (auto ranges = n["parameter_range"]) {
      r.expect_map(ranges, "algorithm.parameter_range");
      for (const auto& entry : ranges) {
        const std::string name = entry.first.Scalar();
        const std::string at = join("algorithm.parameter_range", name);
        const parameter* p = space.find(name);
        if (!p || !p->is_numeric()) r.fail(entry.first, at, "names no continuous or discrete parameter");
        r.expect_sequence(entry.second, at);
        if (entry.second.size() != 2) r.fail(entry.second, at, "expected [min, max]");
        const double low = r.number(entry.second[0], index(at, 0)), high = r.number(entry.second[1], index(at, 1));
        if (low > high) r.fail(entry.second, at, "min " + to_text(low) + " is greater than max " + to_text(high));
        o.parameter_range[name] = {low, high};
      }
    }
  }
  void operator()(local_search_options& o) const {
    const auto seed = r.require(n, "seed_configuration", "algorithm");
    o.seed_configuration = read_point(r, seed, "algorithm.seed_configuration", space);
    if (auto f = n["perturbation_factors"]) o.perturbation_factors = read_factors(r, f);
    if (auto t = n["repeat_trials"]) o.repeat_trials = r.integer(t, "algorithm.repeat_trials", 1, 1000);
  }
  void operator()(nsga2_options& o) const {
    o.max_trials = read_max_trials(r, n);
    if (auto v = n["population_size"]) o.population_size = r.integer(v, "algorithm.population_size", 2, 100000);
    if (auto v = n["crossover_prob"]) o.crossover_prob = probability(v, "algorithm.crossover_prob");
    if (auto v = n["mutation_prob"]) o.mutation_prob = probability(v, "algorithm.mutation_prob");
  }
  void operator()(external_options& o) const { o.max_trials = read_max_trials(r, n); }

  double probability(const YAML::Node& v, const std::string& path) const {
    const double p = r.number(v, path);
    if (p < 0 || p > 1) r.fail(v, path, "a probability is between 0 and 1, got " + to_text(p));
    return p;
  }
};

repeat_spec read_repeat(const yaml_reader& r, const YAML::Node& n) {
  r.expect_map(n, "algorithm.repeat", {"times", "wait", "aggregate"});
  repeat_spec out;
  out.times = r.integer(r.require(n, "times", "algorithm.repeat"), "algorithm.repeat.times", 1, 1000);
  if (auto w = n["wait"]) {
    const value v = r.scalar(w, "algorithm.repeat.wait");
    const bool* b = std::get_if<bool>(&v);
    if (!b) r.fail(w, "algorithm.repeat.wait", "expected true or false, got '" + to_text(v) + "'");
    out.wait = *b;
  }
  if (auto g = n["aggregate"]) {
    const auto name = r.string(g, "algorithm.repeat.aggregate");
    const auto how = repeat_aggregate_from(name);
    if (!how) r.fail(g, "algorithm.repeat.aggregate", "expected mean, median or best, got '" + name + "'");
    out.aggregate = *how;
  }
  return out;
}

void write_max_trials(YAML::Emitter& out, const std::optional<std::int64_t>& max_trials) {
  if (!max_trials) return;
  write_key(out, "max_trials");
  out << *max_trials;
}

void write_factors(YAML::Emitter& out, const std::vector<double>& factors) {
  write_key(out, "perturbation_factors");
  out << YAML::BeginSeq;
  for (double f : factors) write_number(out, f);
  out << YAML::EndSeq;
}

/// One writer per algorithm: its own keys, after name and seed.
struct section_writer {
  YAML::Emitter& out;

  void operator()(const grid_options& o) const {
    write_max_trials(out, o.max_trials);
    write_key(out, "num_grid_points");
    out << o.num_grid_points;
  }
  void operator()(const random_options& o) const { write_max_trials(out, o.max_trials); }
  void operator()(const iterate_options& o) const {
    write_key(out, "points");
    write_points(out, o.points);
  }
  void operator()(const bayesian_options& o) const {
    write_max_trials(out, o.max_trials);
    write_key(out, "acquisition");
    out << YAML::DoubleQuoted << std::string(to_string(o.acquisition));
    if (o.num_initial) {
      write_key(out, "num_initial");
      out << *o.num_initial;
    }
    if (!o.initial_points.empty()) {
      write_key(out, "initial_points");
      write_points(out, o.initial_points);
    }
  }
  void operator()(const asha_options& o) const {
    for (const auto& [key, v] : {std::pair{"r", o.r}, std::pair{"R", o.R}, std::pair{"eta", o.eta},
                                 std::pair{"s", o.s}, std::pair{"max_finished_configs", o.max_finished_configs}}) {
      write_key(out, key);
      out << v;
    }
  }
  void operator()(const pbt_options& o) const {
    write_key(out, "population_size");
    out << o.population_size;
    write_key(out, "num_generations");
    out << o.num_generations;
    write_factors(out, o.perturbation_factors);
    if (o.parameter_range.empty()) return;
    write_key(out, "parameter_range");
    out << YAML::BeginMap;
    for (const auto& [name, range] : o.parameter_range) {
      write_key(out, name);
      out << YAML::BeginSeq;
      write_number(out, range.first);
      write_number(out, range.second);
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  void operator()(const local_search_options& o) const {
    write_key(out, "seed_configuration");
    write_params(out, o.seed_configuration);
    write_factors(out, o.perturbation_factors);
    write_key(out, "repeat_trials");
    out << o.repeat_trials;
  }
  void operator()(const nsga2_options& o) const {
    write_max_trials(out, o.max_trials);
    write_key(out, "population_size");
    out << o.population_size;
    write_key(out, "crossover_prob");
    write_number(out, o.crossover_prob);
    if (o.mutation_prob) {
      write_key(out, "mutation_prob");
      write_number(out, *o.mutation_prob);
    }
  }
  void operator()(const external_options& o) const { write_max_trials(out, o.max_trials); }
};

}  // namespace

algorithm_spec read_algorithm(const yaml_reader& r, const YAML::Node& n, const search_space& space) {
  r.expect_map(n, "algorithm");
  const auto name_node = r.require(n, "name", "algorithm");
  const std::string name = r.string(name_node, "algorithm.name");
  auto options = algorithm_named(name);
  if (!options) {
    r.fail(name_node, "algorithm.name",
           "unknown algorithm '" + name + "' (available: " + comma_list(algorithm_names()) + ")");
  }
  r.expect_map(n, "algorithm", std::visit([](const auto& o) {
                 const auto& keys = std::decay_t<decltype(o)>::keys;
                 return std::vector<std::string_view>(keys.begin(), keys.end());
               }, *options));
  algorithm_spec a{std::move(*options), std::nullopt, {}};
  if (auto s = n["seed"]) a.seed = static_cast<std::uint64_t>(r.integer(s, "algorithm.seed", 0, INT64_MAX));
  std::visit(section_reader{r, n, space}, a.options);
  if (auto rep = n["repeat"]) a.repeat = read_repeat(r, rep);
  return a;
}

void write_algorithm(YAML::Emitter& out, const algorithm_spec& a) {
  out << YAML::BeginMap;
  write_key(out, "name");
  out << YAML::DoubleQuoted << std::string(name_of(a.options));
  if (a.seed) {
    write_key(out, "seed");
    out << *a.seed;
  }
  std::visit(section_writer{out}, a.options);
  if (a.repeat.times > 1) {
    write_key(out, "repeat");
    out << YAML::BeginMap;
    write_key(out, "times");
    out << a.repeat.times;
    write_key(out, "wait");
    out << a.repeat.wait;
    write_key(out, "aggregate");
    out << YAML::DoubleQuoted << std::string(to_string(a.repeat.aggregate));
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

params read_point(const yaml_reader& r, const YAML::Node& n, const std::string& at, const search_space& space) {
  r.expect_map(n, at);
  params raw;
  for (const auto& entry : n) raw.emplace(entry.first.Scalar(), r.scalar(entry.second, join(at, entry.first.Scalar())));
  auto valid = space.coerce(raw);
  if (!valid) r.fail(n, at, valid.error().message);
  return std::move(*valid);
}

std::vector<params> read_points(const yaml_reader& r, const YAML::Node& n, const std::string& path,
                                const search_space& space) {
  r.expect_sequence(n, path);
  std::vector<params> out;
  for (std::size_t i = 0; i < n.size(); ++i) out.push_back(read_point(r, n[i], index(path, i), space));
  return out;
}

}  // namespace summit::model::detail
