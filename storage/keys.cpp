#include "storage/keys.hpp"

#include "storage/coding.hpp"

namespace summit::storage {

std::string kind_prefix(key_kind k) { return std::string(1, static_cast<char>(k)); }

std::string layout_key() { return kind_prefix(key_kind::meta) + "layout"; }

std::string study_key(study_id study) {
  std::string k = kind_prefix(key_kind::study);
  put_fixed64_be(k, study);
  return k;
}

std::string trial_key(study_id study, trial_id trial) {
  std::string k = kind_prefix(key_kind::trial);
  put_fixed64_be(k, study);
  put_fixed64_be(k, trial);
  return k;
}

std::string trials_prefix(study_id study) {
  std::string k = kind_prefix(key_kind::trial);
  put_fixed64_be(k, study);
  return k;
}

std::string observations_prefix(trial_id trial) {
  std::string k = kind_prefix(key_kind::observation);
  put_fixed64_be(k, trial);
  return k;
}

std::string observation_key(trial_id trial, std::int64_t iteration) {
  std::string k = kind_prefix(key_kind::observation);
  put_fixed64_be(k, trial);
  put_fixed64_be(k, static_cast<std::uint64_t>(iteration));
  return k;
}

std::string describe_key(std::string_view key) {
  reader in(key.substr(key.empty() ? 0 : 1));
  switch (static_cast<key_kind>(key.empty() ? 0 : key[0])) {
    case key_kind::meta: return "the layout version";
    case key_kind::study: return "study " + std::to_string(in.fixed64_be().value_or(0));
    case key_kind::trial: {
      in.fixed64_be();
      return "trial " + std::to_string(in.fixed64_be().value_or(0));
    }
    case key_kind::observation: {
      auto trial = in.fixed64_be().value_or(0);
      return "observation " + std::to_string(in.fixed64_be().value_or(0)) + " of trial " +
             std::to_string(trial);
    }
    default: return "an unknown key";
  }
}

}  // namespace summit::storage
