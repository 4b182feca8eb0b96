#pragma once
// One hyperparameter of a search space (PRODUCT.md §2) and its maps to and
// from the unit interval, which sampling, grids and model-based algorithms
// share.
//
// Scales, for a numeric range [a, b]:
//   linear       t(x) = x
//   log          t(x) = ln x                      (a > 0; dense near a)
//   reverse_log  t(x) = -ln(a + b - x)            (a > 0; dense near b)
// and u = (t(x) - t(a)) / (t(b) - t(a)). reverse_log is Vizier's
// UNIT_REVERSE_LOG_SCALE and Spell's REVERSE_LOG: a log scale mirrored about
// the middle of the range, for values such as a momentum in [0.9, 0.999].
// Discrete parameters map [a - 0.5, b + 0.5] instead, so that rounding gives
// every integer, the ends included, its fair share of the interval.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "algorithms/space/random.hpp"
#include "model/core/expected.hpp"
#include "model/core/value.hpp"

namespace summit::algorithms {

enum class parameter_type : std::uint8_t { continuous, discrete, choice, ordinal };
enum class scale : std::uint8_t { linear, log, reverse_log };

std::string_view to_string(parameter_type t);
std::string_view to_string(scale s);
std::optional<parameter_type> parameter_type_from(std::string_view name);
std::optional<scale> scale_from(std::string_view name);

/// Part of a `when:`: holds when the parameter named `parent` is active and
/// its value is one of `values`.
struct condition {
  std::string parent;
  std::vector<value> values;
};

struct parameter {
  std::string name;
  parameter_type type = parameter_type::continuous;
  scale scaling = scale::linear;
  double low = 0;  ///< continuous and discrete (then integral)
  double high = 0;
  std::vector<value> values;  ///< choice, and ordinal in their order
  /// The parameter exists only when every condition holds (SGD's momentum
  /// only when the optimizer is SGD); none: always.
  std::vector<condition> when;

  bool is_numeric() const {
    return type == parameter_type::continuous || type == parameter_type::discrete;
  }
  /// Coordinates in the unit-cube encoding: one, whatever the type.
  int dimensions() const { return 1; }
};

/// Numeric parameters only. to_unit is clamped to [0, 1]; from_unit returns a
/// point of [low, high] (discrete ones rounded to an integer).
double to_unit(const parameter& p, double x);
double from_unit(const parameter& p, double u);

/// A uniform draw under the parameter's scale.
value sample(const parameter& p, random_engine& rng);

/// A numeric parameter's value multiplied by factor and clipped to
/// [low, high]; discrete parameters round to an integer inside it. The
/// perturbation of PBT and local search.
value scaled(const parameter& p, const value& v, double factor, double low, double high);

/// SHERPA's grid: n numeric points strictly inside the range, at
/// u = (i + 1) / (n + 1) on the parameter's scale (two points on [1, 2] are
/// 1 1/3 and 1 2/3), rounded and deduplicated for discrete parameters; every
/// value of a choice or ordinal parameter. n must be >= 1.
std::vector<value> grid_values(const parameter& p, int n);

/// The value as this parameter holds it (an integral number for a discrete
/// parameter, any number for a continuous one, a member of `values`), or an
/// error saying why it does not belong.
expected<value> coerce(const parameter& p, const value& v);

}  // namespace summit::algorithms
