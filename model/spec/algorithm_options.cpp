#include "model/spec/algorithm_options.hpp"

#include <algorithm>

namespace summit::model {

namespace {

template <std::size_t... I>
std::optional<algorithm_options> named(std::string_view name, std::index_sequence<I...>) {
  std::optional<algorithm_options> found;
  ((std::variant_alternative_t<I, algorithm_options>::name == name
        ? (void)found.emplace(std::in_place_index<I>)
        : (void)0),
   ...);
  return found;
}

template <std::size_t... I>
std::vector<std::string> names(std::index_sequence<I...>) {
  return {std::string(std::variant_alternative_t<I, algorithm_options>::name)...};
}

constexpr auto every_algorithm = std::make_index_sequence<std::variant_size_v<algorithm_options>>{};

}  // namespace

std::string_view to_string(acquisition a) {
  switch (a) {
    case acquisition::ei: return "ei";
    case acquisition::pi: return "pi";
    case acquisition::lcb: return "lcb";
  }
  return "ei";
}

std::string_view to_string(repeat_aggregate a) {
  switch (a) {
    case repeat_aggregate::mean: return "mean";
    case repeat_aggregate::median: return "median";
    case repeat_aggregate::best: return "best";
  }
  return "mean";
}

std::optional<acquisition> acquisition_from(std::string_view name) {
  for (auto a : {acquisition::ei, acquisition::pi, acquisition::lcb})
    if (to_string(a) == name) return a;
  return std::nullopt;
}

std::optional<repeat_aggregate> repeat_aggregate_from(std::string_view name) {
  for (auto a : {repeat_aggregate::mean, repeat_aggregate::median, repeat_aggregate::best})
    if (to_string(a) == name) return a;
  return std::nullopt;
}

double aggregate_copies(std::vector<double> v, repeat_aggregate how, goal direction) {
  switch (how) {
    case repeat_aggregate::median: {
      std::sort(v.begin(), v.end());
      const auto n = v.size();
      return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
    case repeat_aggregate::best:
      return direction == goal::minimize ? *std::min_element(v.begin(), v.end())
                                         : *std::max_element(v.begin(), v.end());
    case repeat_aggregate::mean: break;
  }
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

std::string_view name_of(const algorithm_options& options) {
  return std::visit([](const auto& o) { return std::decay_t<decltype(o)>::name; }, options);
}

std::optional<algorithm_options> algorithm_named(std::string_view name) {
  return named(name, every_algorithm);
}

bool weighs_several_objectives(const algorithm_options& options) {
  return std::visit([](const auto& o) { return std::decay_t<decltype(o)>::weighs_several_objectives; }, options);
}

bool suggests_regardless_of_ends(const algorithm_spec& spec) {
  const auto& o = spec.options;
  const bool blind = std::holds_alternative<random_options>(o) || std::holds_alternative<grid_options>(o) ||
                     std::holds_alternative<iterate_options>(o);
  return blind && spec.repeat.times == 1;
}

const std::vector<std::string>& algorithm_names() {
  static const auto all = names(every_algorithm);
  return all;
}

std::vector<std::string> own_parameters(const algorithm_options& options) {
  return std::visit(
      [](const auto& o) {
        const auto& own = std::decay_t<decltype(o)>::own_parameters;
        return std::vector<std::string>(own.begin(), own.end());
      },
      options);
}

}  // namespace summit::model
