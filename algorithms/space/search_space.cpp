#include "algorithms/space/search_space.hpp"

#include <algorithm>

namespace summit::algorithms {

search_space::search_space(std::vector<parameter> parameters)
    : parameters_(std::move(parameters)) {
  for (const auto& p : parameters_) {
    dimensions_ += p.dimensions();
    conditional_ = conditional_ || !p.when.empty();
  }
}

const parameter* search_space::find(std::string_view name) const {
  for (const auto& p : parameters_)
    if (p.name == name) return &p;
  return nullptr;
}

params search_space::sample(random_engine& rng) const {
  params out;
  for (const auto& p : parameters_) out.emplace(p.name, algorithms::sample(p, rng));
  if (!conditional_) return out;
  return conform(std::move(out), rng);
}

bool search_space::active(const parameter& p, const params& point) const { return active(p, point, 0); }

// The study file refuses cycles; the depth bound keeps a hand-made space
// with one from recursing for ever.
bool search_space::active(const parameter& p, const params& point, std::size_t depth) const {
  if (depth > parameters_.size()) return false;
  for (const auto& c : p.when) {
    const parameter* parent = find(c.parent);
    const auto it = point.find(c.parent);
    if (!parent || it == point.end() || !active(*parent, point, depth + 1)) return false;
    if (std::find(c.values.begin(), c.values.end(), it->second) == c.values.end()) return false;
  }
  return true;
}

params search_space::conform(params point, random_engine& rng) const {
  if (!conditional_) return point;
  // A value drawn for a parameter can activate another, so draws go on
  // until nothing changes; each pass activates one more level at least.
  for (std::size_t pass = 0; pass <= parameters_.size(); ++pass) {
    bool changed = false;
    for (const auto& p : parameters_)
      if (!point.count(p.name) && active(p, point)) {
        point.emplace(p.name, algorithms::sample(p, rng));
        changed = true;
      }
    if (!changed) break;
  }
  return active_part(std::move(point));
}

params search_space::active_part(params point) const {
  if (!conditional_) return point;
  // Decided on the whole point before anything leaves it: a parent's value
  // must still be there when its child is judged.
  std::vector<std::string> inactive;
  for (const auto& [name, v] : point)
    if (const parameter* p = find(name); p && !active(*p, point)) inactive.push_back(name);
  for (const auto& name : inactive) point.erase(name);
  return point;
}

namespace {

std::string conditions_text(const parameter& p) {
  std::string out;
  for (const auto& c : p.when) {
    if (!out.empty()) out += " and ";
    out += c.parent + (c.values.size() == 1 ? " is " : " is one of ");
    for (std::size_t i = 0; i < c.values.size(); ++i) out += (i ? ", " : "") + to_text(c.values[i]);
  }
  return out;
}

}  // namespace

expected<params> search_space::coerce(const params& values) const {
  params out;
  for (const auto& [name, v] : values) {
    const parameter* p = find(name);
    if (!p) return make_error(name + ": not a parameter of this study");
    auto held = algorithms::coerce(*p, v);
    if (!held) return make_error(name + ": " + held.error().message);
    out.emplace(name, std::move(*held));
  }
  for (const auto& p : parameters_) {
    const bool given = out.count(p.name) > 0;
    if (active(p, out)) {
      if (!given) return make_error(p.name + ": missing (every parameter needs a value)");
    } else if (given) {
      return make_error(p.name + ": has no value here (it exists only when " + conditions_text(p) + ")");
    }
  }
  return out;
}

std::optional<std::uint64_t> grid_size(const search_space& space, int n) {
  std::uint64_t size = 1;
  for (const auto& p : space.parameters())
    if (__builtin_mul_overflow(size, static_cast<std::uint64_t>(grid_values(p, n).size()), &size)) return std::nullopt;
  return size;
}

}  // namespace summit::algorithms
