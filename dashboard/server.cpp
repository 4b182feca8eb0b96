#include "dashboard/server.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstdarg>
#include <cstring>

#include <microhttpd.h>

#include "dashboard/assets.hpp"

namespace summit::dashboard {

namespace {

// libmicrohttpd serves every connection from a few epoll loops: an idle or
// half-open connection costs a descriptor, never a thread, so the API
// answers however many of them wait. They are closed after
// `idle_seconds` without a byte, and one address holds at most
// `per_address` at once (the rest are refused at accept).
constexpr unsigned idle_seconds = 10;
constexpr unsigned per_address = 256;
constexpr unsigned all_connections = 2000;  // shared out among the threads
constexpr unsigned threads = 4;  // a slow answer holds up only its own loop's connections
constexpr std::size_t max_body = 64 * 1024;

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

struct reply {
  unsigned status = 200;
  std::string body;
  const char* type = "application/json";
};

reply json_error(unsigned status, const char* json) { return {status, json}; }

}  // namespace

struct server::impl {
  MHD_Daemon* daemon = nullptr;
  ask_function ask;
  std::string host;
  int port = 0;

  reply answer(MHD_Connection* c, const std::string& method, const std::string& path) const {
    if (method == "GET" && path == "/") return {200, index_html(), "text/html; charset=utf-8"};
    if (path.rfind("/api/", 0) != 0 || (method != "GET" && method != "POST"))
      return json_error(404, R"({"error":"not found"})");
    const char* host_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    if (!host_is_ours(host_header ? host_header : "", host, port))
      return json_error(403, R"({"error":"this dashboard answers only to its own address"})");
    const char* marker = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Summit");
    if (method != "GET" && (!marker || std::strcmp(marker, "1") != 0))
      return json_error(403, R"({"error":"requests that change something need the header X-Summit: 1"})");
    std::map<std::string, std::string> query;
    MHD_get_connection_values(
        c, MHD_GET_ARGUMENT_KIND,
        [](void* to, MHD_ValueKind, const char* key, const char* value) {
          static_cast<std::map<std::string, std::string>*>(to)->emplace(key, value ? value : "");
          return MHD_YES;
        },
        &query);
    const auto r = handle_api(method, path, query, ask);
    return {static_cast<unsigned>(r.status), r.body};
  }
};

namespace {

MHD_Result send(MHD_Connection* c, const reply& r) {
  MHD_Response* response =
      MHD_create_response_from_buffer(r.body.size(), const_cast<char*>(r.body.data()), MHD_RESPMEM_MUST_COPY);
  if (!response) return MHD_NO;
  MHD_add_response_header(response, "Content-Type", r.type);
  MHD_add_response_header(response, "Cache-Control", "no-store");
  const auto queued = MHD_queue_response(c, r.status, response);
  MHD_destroy_response(response);
  return queued;
}

/// Called once when the request's headers are in, then for each piece of
/// its body, then once more with none: the answer goes out then.
MHD_Result on_request(void* cls, MHD_Connection* c, const char* url, const char* method, const char*,
                      const char*, std::size_t* upload_size, void** state) {
  auto* body_bytes = static_cast<std::size_t*>(*state);
  if (!body_bytes) {
    *state = new std::size_t(0);
    return MHD_YES;
  }
  if (*upload_size > 0) {  // no request needs a body: counted, not kept
    *body_bytes += *upload_size;
    *upload_size = 0;
    return MHD_YES;
  }
  if (*body_bytes > max_body) return send(c, json_error(413, R"({"error":"request body too large"})"));
  return send(c, static_cast<const server::impl*>(cls)->answer(c, method, url));
}

void on_completed(void*, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
  delete static_cast<std::size_t*>(*state);
  *state = nullptr;
}

void quiet(void*, const char*, va_list) {}  // refused connections are not news

}  // namespace

server::server(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

server::~server() {
  if (impl_->daemon) MHD_stop_daemon(impl_->daemon);
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
  const auto refused = [&] {
    return make_error("cannot serve the dashboard on " + host + ":" + std::to_string(port) +
                      " (in use, or not an address of this machine)");
  };
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found) return refused();
  sockaddr_storage address{};
  std::memcpy(&address, found->ai_addr, found->ai_addrlen);
  const bool ipv6 = found->ai_family == AF_INET6;
  freeaddrinfo(found);

  auto i = std::make_unique<impl>();
  i->ask = std::move(ask);
  i->host = host;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | (ipv6 ? MHD_USE_IPv6 : 0);
  i->daemon = MHD_start_daemon(
      flags, static_cast<std::uint16_t>(port), nullptr, nullptr, &on_request, i.get(),
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&address),
      MHD_OPTION_LISTENING_ADDRESS_REUSE, 0U,  // SO_REUSEADDR, never SO_REUSEPORT: a taken port is an error
      MHD_OPTION_THREAD_POOL_SIZE, threads,
      MHD_OPTION_CONNECTION_TIMEOUT, idle_seconds,
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address,
      MHD_OPTION_CONNECTION_LIMIT, all_connections,
      MHD_OPTION_NOTIFY_COMPLETED, &on_completed, nullptr,
      MHD_OPTION_EXTERNAL_LOGGER, &quiet, nullptr,
      MHD_OPTION_END);
  if (!i->daemon) return refused();
  const auto* info = MHD_get_daemon_info(i->daemon, MHD_DAEMON_INFO_BIND_PORT);
  i->port = info ? info->port : port;
  std::unique_ptr<server> s(new server(std::move(i)));
  s->port_ = s->impl_->port;
  s->host_ = host;
  return s;
}

}  // namespace summit::dashboard
