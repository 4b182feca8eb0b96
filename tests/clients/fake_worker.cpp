#include "fake_worker.hpp"

#include <msgpack.hpp>

namespace summit::client_test {

fake_worker::fake_worker(int port) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.bind("tcp://127.0.0.1:" + (port ? std::to_string(port) : std::string("*")));
  endpoint_ = socket_.get(zmq::sockopt::last_endpoint);
  port_ = std::stoi(endpoint_.substr(endpoint_.rfind(':') + 1));
}

fake_worker::fake_worker(const std::string& address) : endpoint_(address) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.bind(address);
}

std::vector<std::string> fake_worker::receive(int wait_ms) {
  zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
  zmq::poll(&item, 1, std::chrono::milliseconds(wait_ms));
  std::vector<std::string> parts;
  if (!(item.revents & ZMQ_POLLIN)) return parts;
  zmq::message_t part;
  do {
    (void)socket_.recv(part, zmq::recv_flags::none);
    parts.push_back(part.to_string());
  } while (part.more());
  return parts;
}

void fake_worker::reply(const std::vector<std::string>& request, const std::string& body) {
  for (std::size_t i = 0; i + 1 < request.size(); ++i) socket_.send(zmq::buffer(request[i]), zmq::send_flags::sndmore);
  socket_.send(zmq::buffer(body), zmq::send_flags::none);
}

std::string ack_frame(std::uint64_t trial, std::int64_t iteration, bool stop) {
  msgpack::sbuffer buf;
  msgpack::packer<msgpack::sbuffer> pk(buf);
  pk.pack_array(3);
  pk.pack(1);
  pk.pack(4);
  pk.pack_map(3);
  pk.pack(std::string("trial"));
  pk.pack(trial);
  pk.pack(std::string("iteration"));
  pk.pack(iteration);
  pk.pack(std::string("stop"));
  pk.pack(stop);
  return {buf.data(), buf.size()};
}

sent_frame decode(const std::string& body) {
  auto handle = msgpack::unpack(body.data(), body.size());
  const auto& frame = handle.get();
  sent_frame out;
  out.kind = frame.via.array.ptr[1].as<int>();
  const auto& map = frame.via.array.ptr[2].via.map;
  for (std::uint32_t i = 0; i < map.size; ++i) {
    const auto key = map.ptr[i].key.as<std::string>();
    if (key == "trial") out.trial = map.ptr[i].val.as<std::uint64_t>();
    if (key == "iteration") out.iteration = map.ptr[i].val.as<std::int64_t>();
    if (key == "objective") {
      out.objective_type = map.ptr[i].val.type;
      out.objective = map.ptr[i].val.as<double>();
    }
    if (key == "context") out.context = map.ptr[i].val.as<std::map<std::string, double>>();
  }
  return out;
}

}  // namespace summit::client_test
