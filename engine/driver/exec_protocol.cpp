#include "driver/exec_protocol.hpp"

#include "driver/exec_outcome.hpp"
#include "driver/json_fields.hpp"
#include "driver/update_json.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <limits>
#include <vector>

namespace pw::driver {

using nlohmann::json;

namespace {

constexpr std::size_t k_quote_chars = 120;
constexpr std::size_t k_max_error_chars = 200;
constexpr std::int64_t k_max_result_code = 4;

bool is_blank(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Arrays and objects nest at most k_max_reply_depth deep; checked on the bytes, before any
// parser recurses or allocates.
Status check_depth(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > k_max_reply_depth) {
        return Error{"reply: arrays and objects nest deeper than " +
                     std::to_string(k_max_reply_depth) + " levels (at byte " + std::to_string(i) +
                     ")"};
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return Done{};
}

// Follows the parser's events to know which field it is in when it fails.
class FieldTracker {
 public:
  void on_event(json::parse_event_t event, const json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        m_frames.push_back(Frame{false, 0, {}, false});
        break;
      case json::parse_event_t::array_start:
        m_frames.push_back(Frame{true, 0, {}, false});
        break;
      case json::parse_event_t::key:
        if (!m_frames.empty() && parsed.is_string()) {
          m_frames.back().key = parsed.get_ref<const std::string&>();
          m_frames.back().has_key = true;
        }
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!m_frames.empty()) m_frames.pop_back();
        value_done();
        break;
      case json::parse_event_t::value:
        value_done();
        break;
    }
  }

  // Where the parser is: the member or element it reads.
  [[nodiscard]] JsonPlace place() const {
    JsonPlace place("reply");
    for (const Frame& frame : m_frames) {
      if (frame.is_array) {
        place = place.element(frame.index);
      } else if (frame.has_key) {
        place = place.member(frame.key);
      } else {
        break;
      }
    }
    return place;
  }

 private:
  struct Frame {
    bool is_array;
    std::size_t index;
    std::string key;
    bool has_key;
  };

  void value_done() {
    if (m_frames.empty()) return;
    Frame& top = m_frames.back();
    if (top.is_array) {
      ++top.index;
    } else {
      top.has_key = false;
    }
  }

  std::vector<Frame> m_frames;
};

// nlohmann's message without its "[json.exception.parse_error.101] " prefix, capped.
std::string exception_text(const std::exception& error) {
  std::string_view text = error.what();
  if (text.starts_with("[json.exception.")) {
    const std::size_t end = text.find("] ");
    if (end != std::string_view::npos) text.remove_prefix(end + 2);
  }
  if (text.size() <= k_max_error_chars) return std::string(text);
  return std::string(text.substr(0, k_max_error_chars)) + "...";
}

Result<json> parse_document(std::string_view text) {
  std::size_t first = 0;
  while (first < text.size() && is_blank(text[first])) ++first;
  if (first == text.size()) {
    return Error{"the driver printed nothing on stdout; expected one JSON document"};
  }
  if (text.size() > k_max_reply_bytes) {
    return Error{"reply: " + std::to_string(text.size()) + " bytes, more than the limit of " +
                 std::to_string(k_max_reply_bytes)};
  }
  PW_TRY(check_depth(text));
  FieldTracker tracker;
  const json::parser_callback_t follow = [&tracker](int, json::parse_event_t event, json& parsed) {
    tracker.on_event(event, parsed);
    return true;
  };
  try {
    return json::parse(text.begin(), text.end(), follow);
  } catch (const json::parse_error& error) {
    const std::string field = tracker.place().path();
    return Error{"the driver's stdout is not one JSON document (" + exception_text(error) +
                 (field.empty() ? "" : ", in field '" + field + "'") + "); it starts with " +
                 quote_start(text.substr(first), k_quote_chars)};
  } catch (const std::exception& error) {  // out_of_range: a number beyond a double
    return tracker.place().error(exception_text(error));
  }
}

Result<Reply> decode_inventory(const json& document, const JsonPlace& root) {
  PW_TRY(expect_object(document, root));
  auto nodes = find_array(document, root, "Nodes", Presence::Required);
  if (!nodes) return Error{nodes.error()};
  InventoryReply reply;
  for (std::size_t i = 0; i < (*nodes)->size(); ++i) {
    const json& item = (**nodes)[i];
    const JsonPlace place = root.member("Nodes").element(i);
    PW_TRY(expect_object(item, place));
    InventoryNode node;
    PW_TRY(read_string(item, place, "Name", Presence::Required, node.name));
    if (node.name.empty()) return place.member("Name").error("must not be empty");
    PW_TRY(read_string(item, place, "UpgradeDomain", Presence::Optional, node.upgrade_domain));
    PW_TRY(read_string_map(item, place, "Labels", Presence::Optional, node.labels));
    reply.nodes.push_back(std::move(node));
  }
  return Reply{std::move(reply)};
}

Result<Reply> decode_health(const json& document, const JsonPlace& root) {
  PW_TRY(expect_object(document, root));
  HealthReply reply;
  PW_TRY(read_bool(document, root, "Healthy", Presence::Required, reply.healthy));
  PW_TRY(read_string(document, root, "State", Presence::Optional, reply.state));
  return Reply{std::move(reply)};
}

Result<Reply> decode_cluster_health(const json& document, const JsonPlace& root) {
  PW_TRY(expect_object(document, root));
  ClusterHealthReply reply;
  PW_TRY(read_strings(document, root, "Unhealthy", Presence::Required, reply.unhealthy));
  return Reply{std::move(reply)};
}

Result<Reply> decode_search(const json& document, const JsonPlace& root) {
  PW_TRY(expect_object(document, root));
  auto updates = find_array(document, root, "Updates", Presence::Required);
  if (!updates) return Error{updates.error()};
  SearchReply reply;
  reply.updates.reserve((*updates)->size());
  for (std::size_t i = 0; i < (*updates)->size(); ++i) {
    auto update = update_from_json((**updates)[i], root.member("Updates").element(i));
    if (!update) return Error{update.error()};
    reply.updates.push_back(std::move(update).value());
  }
  return Reply{std::move(reply)};
}

Result<InstalledUpdate> decode_installed(const json& item, const JsonPlace& place) {
  PW_TRY(expect_object(item, place));
  InstalledUpdate update;
  PW_TRY(read_string(item, place, "UpdateId", Presence::Required, update.update_id));
  if (update.update_id.empty()) return place.member("UpdateId").error("must not be empty");
  for (char& c : update.update_id) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::int64_t code = 0;
  PW_TRY(read_integer(item, place, "ResultCode", Presence::Required, 0, k_max_result_code, code));
  update.result_code = static_cast<int>(code);
  PW_TRY(read_integer(item, place, "HResult", Presence::Optional,
                      std::numeric_limits<std::int64_t>::min(),
                      std::numeric_limits<std::int64_t>::max(), update.hresult));
  return update;
}

Result<Reply> decode_install(const json& document, const JsonPlace& root) {
  PW_TRY(expect_object(document, root));
  auto updates = find_array(document, root, "Updates", Presence::Required);
  if (!updates) return Error{updates.error()};
  InstallReply reply;
  for (std::size_t i = 0; i < (*updates)->size(); ++i) {
    auto update = decode_installed((**updates)[i], root.member("Updates").element(i));
    if (!update) return Error{update.error()};
    reply.updates.push_back(std::move(update).value());
  }
  PW_TRY(read_bool(document, root, "RebootRequired", Presence::Optional, reply.reboot_required));
  return Reply{std::move(reply)};
}

}  // namespace

std::string encode_request(const Call& call) {
  json request{{"Operation", to_string(call.operation)},
               {"Node", call.node},
               {"Fqdn", call.fqdn},
               {"Cluster", call.cluster},
               {"Policy", call.policy}};
  if (!call.query.empty()) request["WUQuery"] = call.query;
  if (call.updates) request["Updates"] = *call.updates;
  if (!call.reboot_policy.empty()) request["RebootPolicy"] = call.reboot_policy;
  // Invalid UTF-8 (none is expected: names are validated, ids come from parsed replies) is
  // replaced rather than thrown.
  return request.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<Reply> decode_reply(Operation operation, ReplyScope scope, std::string_view text) {
  Result<json> document = parse_document(text);
  if (!document) return Error{document.error()};
  const JsonPlace root("reply");
  switch (operation) {
    case Operation::Inventory:
      return decode_inventory(*document, root);
    case Operation::Health:
      return scope == ReplyScope::Cluster ? decode_cluster_health(*document, root)
                                          : decode_health(*document, root);
    case Operation::Search:
      return decode_search(*document, root);
    case Operation::Install:
      return decode_install(*document, root);
    case Operation::Download:
    case Operation::Drain:
    case Operation::Reboot:
    case Operation::Resume:
    case Operation::PreCheck:
    case Operation::PostCheck:
      break;
  }
  return Reply{};
}

}  // namespace pw::driver
