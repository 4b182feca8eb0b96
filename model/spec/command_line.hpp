#pragma once
// A trial's command line from the study's command and its parameters, and
// the kernel's limits it must stay within (checked when a study is read, so
// that no trial fails with "cannot execute /bin/sh").

#include <optional>
#include <string>
#include <string_view>

#include "model/spec/study_spec.hpp"

namespace summit::model {

/// s as one shell word: bare when it holds only characters the shell leaves
/// alone (0.001, relu, /a/b), else single-quoted with ' written as '\''.
std::string shell_quote(std::string_view s);

/// Every `:name:` replaced by its parameter's shell-quoted value in one pass,
/// so a value that itself looks like a placeholder stays as it is; '' (an
/// empty word) when p has no value for name: an inactive parameter, as the
/// study file refuses a placeholder that names no parameter.
std::string substitute(std::string_view command, const params& p);

/// The kernel's limit on one argument or environment string (Linux's
/// MAX_ARG_STRLEN, 32 pages): the command goes to `sh -c` as one argument.
inline constexpr std::size_t max_exec_string = 32 * 4096;

struct exec_limit_error {
  std::string key;  ///< "command" or "parameters.NAME"
  std::string message;
};

/// Whether some trial of the study would pass max_exec_string: the command
/// with each parameter's longest value, SUMMIT_PARAM_<name>, SUMMIT_PARAMS.
std::optional<exec_limit_error> exceeds_exec_limits(const study_spec& spec);

}  // namespace summit::model
