#pragma once
// The dashboard's HTTP server (libmicrohttpd) on its own threads: the page at
// "/", the JSON API of api.hpp under "/api/". It binds to 127.0.0.1 unless
// told otherwise. State-changing requests must carry the header
// `X-Summit: 1`, which a page from another site cannot add without a CORS
// preflight the server never grants; and a Host header naming another
// machine is refused, so a DNS-rebinding page cannot read the API either.

#include <memory>
#include <string>

#include "dashboard/api.hpp"
#include "model/core/expected.hpp"

namespace summit::dashboard {

class server {
 public:
  /// Binds and starts serving; port 0 picks a free port.
  static expected<std::unique_ptr<server>> start(const std::string& host, int port, ask_function ask);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  int port() const { return port_; }
  /// "http://127.0.0.1:8880/"
  std::string url() const;
  /// A loud line when other machines can reach the dashboard (its stop
  /// buttons have no password), else "".
  std::string exposure_warning() const;

  struct impl;

 private:
  explicit server(std::unique_ptr<impl> i);
  std::unique_ptr<impl> impl_;
  int port_ = 0;
  std::string host_;
};

}  // namespace summit::dashboard
