// Exec argv templates (DESIGN.md §7): per operation an argv list whose arguments may contain
// {node}, {fqdn}, {cluster} and {policy}. Each argument is substituted on its own and the
// result is handed to exec directly, never to a shell, so a value can never become two
// arguments. Names are validated before substitution so that none can start with '-' (read
// as an option) or carry control characters. Any other text in braces is left verbatim
// (PowerShell script blocks use braces).
#pragma once

#include "core/result.hpp"
#include "driver/driver.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pw::driver {

// A node name is one DNS label: 1..63 of [A-Za-z0-9-], neither first nor last '-'.
[[nodiscard]] Status validate_node_name(std::string_view name);

// A fully qualified name: DNS labels separated by '.', at most 253 characters.
[[nodiscard]] Status validate_fqdn(std::string_view fqdn);

// A cluster or policy name: [A-Za-z0-9][A-Za-z0-9._-]*, at most 253 characters.
[[nodiscard]] Status validate_object_name(std::string_view name);

// The argv for `call` from `argv_template`. A placeholder whose value is empty becomes empty
// text ({node} in a cluster-wide Inventory or Health: the script sees an empty argument). Fails
// when the template has no program or when a value it uses is not a valid name.
[[nodiscard]] Result<std::vector<std::string>> expand_template(
    const std::vector<std::string>& argv_template, const Call& call);

}  // namespace pw::driver
