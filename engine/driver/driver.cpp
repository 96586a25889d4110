#include "driver/driver.hpp"

#include <array>

namespace pw::driver {

namespace {
constexpr std::array<const char*, 10> k_operation_names{
    "Inventory", "Health", "Search", "Download", "Drain",
    "Install",   "Reboot", "Resume", "PreCheck", "PostCheck"};
}  // namespace

const char* to_string(Operation operation) {
  return k_operation_names[static_cast<std::size_t>(operation)];
}

std::optional<Operation> operation_from_string(std::string_view name) {
  for (std::size_t i = 0; i < k_operation_names.size(); ++i) {
    if (name == k_operation_names[i]) return static_cast<Operation>(i);
  }
  return std::nullopt;
}

const char* to_string(CallStatus status) {
  switch (status) {
    case CallStatus::Ok:
      return "Ok";
    case CallStatus::Failed:
      return "Failed";
    case CallStatus::TimedOut:
      return "TimedOut";
    case CallStatus::ProtocolError:
      return "ProtocolError";
  }
  return "Unknown";
}

}  // namespace pw::driver
