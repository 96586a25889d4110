#include "rollout/task_state.hpp"

#include <array>

namespace pw::rollout {

namespace {

struct Rule {
  SubState from;
  TaskEvent event;
  SubState to;
};

// The whole state machine. Anything not listed is illegal.
constexpr std::array k_rules{
    Rule{SubState::NotStarted, TaskEvent::Claim, SubState::Searching},
    Rule{SubState::Searching, TaskEvent::FoundNothing, SubState::Finished},
    Rule{SubState::Searching, TaskEvent::FoundUpdates, SubState::Downloading},
    Rule{SubState::Searching, TaskEvent::Fail, SubState::Finished},
    Rule{SubState::Searching, TaskEvent::Retry, SubState::Searching},
    Rule{SubState::Downloading, TaskEvent::Downloaded, SubState::WaitingForApproval},
    Rule{SubState::Downloading, TaskEvent::Fail, SubState::Finished},
    Rule{SubState::Downloading, TaskEvent::Retry, SubState::Downloading},
    Rule{SubState::WaitingForApproval, TaskEvent::Approve, SubState::Draining},
    Rule{SubState::Draining, TaskEvent::Drained, SubState::Installing},
    Rule{SubState::Draining, TaskEvent::Fail, SubState::Resuming},
    Rule{SubState::Draining, TaskEvent::Retry, SubState::Draining},
    Rule{SubState::Installing, TaskEvent::InstalledReboot, SubState::Restarting},
    Rule{SubState::Installing, TaskEvent::InstalledNoReboot, SubState::Resuming},
    Rule{SubState::Installing, TaskEvent::Fail, SubState::Resuming},
    Rule{SubState::Installing, TaskEvent::Retry, SubState::Installing},
    Rule{SubState::Restarting, TaskEvent::Healthy, SubState::Resuming},
    Rule{SubState::Restarting, TaskEvent::Fail, SubState::Resuming},
    Rule{SubState::Restarting, TaskEvent::Retry, SubState::Restarting},
    Rule{SubState::Resuming, TaskEvent::Resumed, SubState::Soaking},
    Rule{SubState::Resuming, TaskEvent::Reschedule, SubState::WaitingForApproval},
    Rule{SubState::Resuming, TaskEvent::GiveUp, SubState::Finished},
    Rule{SubState::Resuming, TaskEvent::Retry, SubState::Resuming},
    Rule{SubState::Soaking, TaskEvent::Soaked, SubState::Finished},
    Rule{SubState::WaitingForApproval, TaskEvent::ApproveCheck, SubState::PreChecking},
    Rule{SubState::PreChecking, TaskEvent::PreChecked, SubState::Draining},
    Rule{SubState::PreChecking, TaskEvent::Reschedule, SubState::WaitingForApproval},
    Rule{SubState::PreChecking, TaskEvent::GiveUp, SubState::Finished},
    Rule{SubState::Installing, TaskEvent::PostCheck, SubState::PostChecking},
    Rule{SubState::Restarting, TaskEvent::PostCheck, SubState::PostChecking},
    Rule{SubState::PostChecking, TaskEvent::PostChecked, SubState::Resuming},
    Rule{SubState::PostChecking, TaskEvent::Fail, SubState::Resuming},
    Rule{SubState::PostChecking, TaskEvent::GiveUp, SubState::Finished},
};

constexpr std::array<std::string_view, 7> k_task_names{
    "Created", "Claimed", "Preparing", "Approved", "Executing", "Restoring", "Completed"};
constexpr std::array<std::string_view, 12> k_sub_names{
    "NotStarted", "Searching", "Downloading", "WaitingForApproval", "Draining",    "Installing",
    "Restarting", "Resuming",  "Soaking",     "Finished",           "PreChecking", "PostChecking"};
constexpr std::array<std::string_view, 19> k_event_names{
    "Claim",        "FoundNothing",    "FoundUpdates",      "Downloaded", "Approve",
    "Drained",      "InstalledReboot", "InstalledNoReboot", "Healthy",    "Fail",
    "Retry",        "Resumed",         "Reschedule",        "GiveUp",     "Soaked",
    "ApproveCheck", "PreChecked",      "PostCheck",         "PostChecked"};
constexpr std::array<std::string_view, 7> k_result_names{
    "Pending", "Succeeded", "NothingToInstall", "Failed", "Deferred", "Halted", "HeldBack"};

}  // namespace

TaskState task_state_of(SubState sub_state) {
  switch (sub_state) {
    case SubState::NotStarted:
      return TaskState::Created;
    // As POA: a node waiting for its turn holds a claimed task; only the nodes holding a slot
    // are past Claimed (the drain is POA's Preparing, the node disabled).
    case SubState::Searching:
    case SubState::Downloading:
    case SubState::WaitingForApproval:
      return TaskState::Claimed;
    // A pre-checked node holds its slot and is prepared for the drain, not yet drained.
    case SubState::PreChecking:
    case SubState::Draining:
      return TaskState::Preparing;
    case SubState::Installing:
    case SubState::Restarting:
    case SubState::PostChecking:
      return TaskState::Executing;
    case SubState::Resuming:
    case SubState::Soaking:
      return TaskState::Restoring;
    case SubState::Finished:
      return TaskState::Completed;
  }
  return TaskState::Completed;
}

bool is_down(SubState sub_state) {
  return (sub_state >= SubState::Draining && sub_state <= SubState::Resuming) ||
         sub_state == SubState::PostChecking;
}

bool holds_slot(SubState sub_state) {
  return (sub_state >= SubState::Draining && sub_state <= SubState::Soaking) ||
         sub_state == SubState::PreChecking || sub_state == SubState::PostChecking;
}

bool is_preparing(SubState sub_state) {
  return sub_state == SubState::NotStarted || sub_state == SubState::Searching ||
         sub_state == SubState::Downloading;
}

bool is_in_operation(SubState sub_state) {
  return sub_state != SubState::NotStarted && sub_state != SubState::WaitingForApproval &&
         sub_state != SubState::Soaking && sub_state != SubState::Finished;
}

std::optional<SubState> transition(SubState from, TaskEvent event) {
  for (const Rule& rule : k_rules) {
    if (rule.from == from && rule.event == event) return rule.to;
  }
  return std::nullopt;
}

std::string_view to_string(TaskState state) {
  return k_task_names[static_cast<int>(state)];
}
std::string_view to_string(SubState sub_state) {
  return k_sub_names[static_cast<int>(sub_state) - 1];
}
std::string_view to_string(TaskEvent event) {
  return k_event_names[static_cast<int>(event)];
}
std::string_view to_string(NodeResult result) {
  return k_result_names[static_cast<int>(result)];
}

std::optional<SubState> sub_state_from_string(std::string_view name) {
  for (std::size_t i = 0; i < k_sub_names.size(); ++i) {
    if (k_sub_names[i] == name) return static_cast<SubState>(i + 1);
  }
  return std::nullopt;
}

std::optional<NodeResult> node_result_from_string(std::string_view name) {
  for (std::size_t i = 0; i < k_result_names.size(); ++i) {
    if (k_result_names[i] == name) return static_cast<NodeResult>(i);
  }
  return std::nullopt;
}

}  // namespace pw::rollout
