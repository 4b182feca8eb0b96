#pragma once
// How every summit command line ends: help printed, a bad argument named.
// Shared by the full binary and the light one that serves `summit report`.

#include <cstdio>

#include <CLI/CLI.hpp>

namespace summit::nodes {

/// Parses argv and runs the chosen command, whose callback sets exit_code:
/// help goes to stdout (0), a bad argument is "summit: why (see summit
/// --help)" on stderr (2).
inline int parse_and_run(CLI::App& app, int argc, char** argv, const int& exit_code) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "summit: %s (see summit --help)\n", e.what());
    return 2;
  }
  return exit_code;
}

}  // namespace summit::nodes
