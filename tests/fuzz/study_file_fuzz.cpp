// libFuzzer target: any text as a study file. parse_study() must answer with
// a spec or an error, never crash; an accepted spec's canonical form must
// parse back to itself, and its algorithm must give a valid first suggestion.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "algorithms/search/make_algorithm.hpp"
#include "model/study_file/study_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace summit::algorithms;
  using summit::model::canonical_text;
  using summit::model::parse_study;
  if (size > 8192) return 0;  // a study file, not a data set
  const auto spec = parse_study(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  if (!spec) return 0;
  const auto canonical = canonical_text(*spec);
  const auto again = parse_study(canonical, "canonical");
  if (!again || canonical_text(*again) != canonical) std::abort();
  if (spec->space.dimensions() > 64) return 0;  // keeps one suggestion cheap
  auto algorithm = make_algorithm(*spec);
  (void)algorithm->suggest(history{spec->objective().direction, {}, {}});
  return 0;
}
