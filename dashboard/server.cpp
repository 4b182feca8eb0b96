#include "dashboard/server.hpp"

#include <thread>

#include <httplib.h>

#include "dashboard/assets.hpp"

namespace summit::dashboard {

struct server::impl {
  httplib::Server http;
  std::thread thread;
  ask_function ask;
  std::string host;
  int port = 0;
};

namespace {

/// Host headers a browser sends for this server itself.
bool host_is_ours(const std::string& header, const std::string& host, int port) {
  const std::string suffix = ":" + std::to_string(port);
  const std::string name = header.size() > suffix.size() && header.compare(header.size() - suffix.size(),
                                                                           suffix.size(), suffix) == 0
                               ? header.substr(0, header.size() - suffix.size())
                               : header;
  if (name == "127.0.0.1" || name == "localhost" || name == "[::1]") return true;
  // Bound to a named address on purpose: that name (or any, for 0.0.0.0).
  return host == "0.0.0.0" || name == host;
}

void serve_api(server::impl& i, const httplib::Request& req, httplib::Response& res) {
  if (!host_is_ours(req.get_header_value("Host"), i.host, i.port)) {
    res.status = 403;
    res.set_content(R"({"error":"this dashboard answers only to its own address"})", "application/json");
    return;
  }
  if (req.method != "GET" && req.get_header_value("X-Summit") != "1") {
    res.status = 403;
    res.set_content(R"({"error":"requests that change something need the header X-Summit: 1"})",
                    "application/json");
    return;
  }
  std::map<std::string, std::string> query;
  for (const auto& [k, v] : req.params) query[k] = v;
  const auto answer = handle_api(req.method, req.path, query, i.ask);
  res.status = answer.status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(answer.body, "application/json");
}

}  // namespace

server::server(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

server::~server() {
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string server::url() const {
  return "http://" + (impl_->host == "0.0.0.0" ? std::string("127.0.0.1") : impl_->host) + ":" +
         std::to_string(port_) + "/";
}

std::string server::exposure_warning() const {
  const auto& h = impl_->host;
  if (h == "localhost" || h == "::1" || h == "[::1]" || h.rfind("127.", 0) == 0) return "";
  return "WARNING: the dashboard on " + h + ":" + std::to_string(port_) +
         " has no password: anyone who can reach it can see the studies and stop trials";
}

expected<std::unique_ptr<server>> server::start(const std::string& host, int port, ask_function ask) {
  auto i = std::make_unique<impl>();
  i->ask = std::move(ask);
  i->host = host;
  auto* raw = i.get();
  i->http.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content(index_html(), "text/html; charset=utf-8");
  });
  i->http.Get(R"(/api/.*)", [raw](const httplib::Request& req, httplib::Response& res) { serve_api(*raw, req, res); });
  i->http.Post(R"(/api/.*)", [raw](const httplib::Request& req, httplib::Response& res) { serve_api(*raw, req, res); });
  // httplib's default adds SO_REUSEPORT, with which a second dashboard on a
  // taken port binds without a word and takes half the connections.
  i->http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  i->http.set_payload_max_length(64 * 1024);
  i->http.set_read_timeout(5, 0);
  const int bound = port == 0 ? i->http.bind_to_any_port(host) : (i->http.bind_to_port(host, port) ? port : -1);
  if (bound < 0)
    return make_error("cannot serve the dashboard on " + host + ":" + std::to_string(port) +
                      " (in use, or not an address of this machine)");
  i->port = bound;
  i->thread = std::thread([raw] { raw->http.listen_after_bind(); });
  std::unique_ptr<server> s(new server(std::move(i)));
  s->port_ = bound;
  s->host_ = host;
  return s;
}

}  // namespace summit::dashboard
