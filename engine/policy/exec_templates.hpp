// Exec argv templates of a Cluster (DESIGN.md §7): one argv list per driver operation, with
// only the placeholders {node}, {fqdn}, {cluster} and {policy}. Other text in braces that is
// not a placeholder-like word (e.g. a PowerShell script block) is left alone.
#pragma once

#include "policy/fields.hpp"
#include "policy/model.hpp"

namespace pw::policy {

// Reads `node` (the Exec mapping) into `out`. Rules: unknown-key (operation names),
// exec-template (not a non-empty list of strings), exec-placeholder.
void read_exec_templates(const Context& context, const YamlNode& node, ExecTemplates& out);

// For Driver: Exec, the operations the executor needs (Search, Download, Drain, Install,
// Reboot, Resume, Health). Reports "exec-missing" at `at` (the Exec value, else the Driver).
void check_required_templates(const Context& context, const YamlNode& at,
                              const ExecTemplates& templates, bool exec_given);

}  // namespace pw::policy
