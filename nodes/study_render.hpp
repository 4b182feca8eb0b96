#pragma once
// Text for people from the JSON documents of the study commands.

#include <string>

#include <nlohmann/json.hpp>

namespace summit::nodes {

std::string render_list(const nlohmann::ordered_json& studies);
std::string render_show(const nlohmann::ordered_json& study);
std::string render_best(const nlohmann::ordered_json& trial, const std::string& metric);
std::string render_metrics(const nlohmann::ordered_json& metrics);
/// "study 3 'name' is STOPPING"
std::string render_state(const nlohmann::ordered_json& summary);

}  // namespace summit::nodes
