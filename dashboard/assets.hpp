#pragma once
// The dashboard's page, built into the binary from dashboard/page/ at
// configure time: nothing is fetched from anywhere at run time.

#include <string>

namespace summit::dashboard {

const std::string& index_html();

}  // namespace summit::dashboard
