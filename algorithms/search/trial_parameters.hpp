#pragma once
// Reading the parameters an algorithm set on its own trials (asha's rung,
// pbt's generation, their checkpoint paths), with a default for a trial that
// lacks one or holds another type.

#include <string>

#include "model/core/value.hpp"

namespace summit::algorithms {

inline std::int64_t integer_parameter(const params& p, const char* name, std::int64_t otherwise) {
  auto it = p.find(name);
  if (it == p.end()) return otherwise;
  const auto* i = std::get_if<std::int64_t>(&it->second);
  return i ? *i : otherwise;
}

inline std::string string_parameter(const params& p, const char* name) {
  auto it = p.find(name);
  if (it == p.end()) return {};
  const auto* s = std::get_if<std::string>(&it->second);
  return s ? *s : std::string();
}

}  // namespace summit::algorithms
