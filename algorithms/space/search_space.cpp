#include "algorithms/space/search_space.hpp"

namespace summit::algorithms {

search_space::search_space(std::vector<parameter> parameters)
    : parameters_(std::move(parameters)) {
  for (const auto& p : parameters_) dimensions_ += p.dimensions();
}

const parameter* search_space::find(std::string_view name) const {
  for (const auto& p : parameters_)
    if (p.name == name) return &p;
  return nullptr;
}

params search_space::sample(random_engine& rng) const {
  params out;
  for (const auto& p : parameters_) out.emplace(p.name, algorithms::sample(p, rng));
  return out;
}

expected<params> search_space::coerce(const params& values) const {
  params out;
  for (const auto& p : parameters_) {
    auto it = values.find(p.name);
    if (it == values.end()) return make_error(p.name + ": missing (every parameter needs a value)");
    auto v = algorithms::coerce(p, it->second);
    if (!v) return make_error(p.name + ": " + v.error().message);
    out.emplace(p.name, std::move(*v));
  }
  for (const auto& [name, v] : values)
    if (!find(name)) return make_error(name + ": not a parameter of this study");
  return out;
}

std::optional<std::uint64_t> grid_size(const search_space& space, int n) {
  std::uint64_t size = 1;
  for (const auto& p : space.parameters())
    if (__builtin_mul_overflow(size, static_cast<std::uint64_t>(grid_values(p, n).size()), &size)) return std::nullopt;
  return size;
}

}  // namespace summit::algorithms
