#include "protocol/study_messages.hpp"

#include "model/study_file/study_file.hpp"
#include "protocol/study_codec.hpp"

namespace summit::protocol {

namespace {

struct framer {
  const std::string& source;
  message operator()(const model::submit_study& s) const {
    return submit_request{model::canonical_text(s.spec), source, s.workdir};
  }
  template <class Command>
  message operator()(const Command& c) const {
    return c;
  }
};

}  // namespace

message to_message(const model::study_command& c, const std::string& source) {
  return std::visit(framer{source}, c);
}

std::optional<expected<model::study_command>> study_command_of(const message& m) {
  if (const auto* submit = std::get_if<submit_request>(&m)) {
    auto spec = model::parse_study(submit->text, submit->source.empty() ? "submitted study" : submit->source);
    if (!spec) return expected<model::study_command>(make_error(model::study_errc::invalid_study, spec.error().message));
    return expected<model::study_command>(model::submit_study{std::move(*spec), submit->workdir});
  }
  return std::visit(
      [](const auto& x) -> std::optional<expected<model::study_command>> {
        if constexpr (std::is_constructible_v<model::study_command, decltype(x)>)
          return expected<model::study_command>(model::study_command{x});
        else
          return std::nullopt;
      },
      m);
}

message to_message(const model::study_reply& r) {
  return std::visit([](const auto& answer) -> message { return answer; }, r);
}

message to_message(const summit::error& e) {
  const auto code = e.code > 0 && e.code <= 255 ? static_cast<errc>(e.code) : errc::internal;
  return error_reply{code, e.message};
}

std::optional<model::study_reply> study_reply_of(const message& m) {
  return std::visit(
      [](const auto& x) -> std::optional<model::study_reply> {
        if constexpr (std::is_constructible_v<model::study_reply, decltype(x)>)
          return model::study_reply{x};
        else
          return std::nullopt;
      },
      m);
}

std::string encode_results(const model::study& s) { return encode_results(s, {s.metric_names(), 0, 0}); }

std::string encode_results(const model::study& s, const results_page& page) {
  msgpack::sbuffer buf;
  detail::packer pk(buf);
  pk.pack_array(3);
  pk.pack_uint32(version);
  pk.pack_uint8(static_cast<std::uint8_t>(kind::results));
  detail::encode_results_body(pk, s, page);
  return std::string(buf.data(), buf.size());
}

}  // namespace summit::protocol
