// Maps a byte offset inside a scalar's decoded value (where a string parser such as
// parse_frequency found a problem) to the file position of that character, so the caret lands
// on the exact token even inside a quoted string. One-line plain, single- and double-quoted
// scalars are mapped exactly (quotes, '' and backslash escapes accounted for); multi-line and
// block scalars point at the value's first character.
#pragma once

#include "core/diagnostic.hpp"
#include "policy/source_text.hpp"
#include "policy/yaml_tree.hpp"

namespace pw::policy {

// File location of value bytes [offset, offset + length) of scalar `node`.
SourceLocation locate_in_scalar(const SourceText& source, const YamlNode& node, std::size_t offset,
                                std::size_t length);

// Reports each issue of a string parser at its file position.
void report_text_issues(const SourceText& source, const YamlNode& node,
                        const std::vector<TextIssue>& issues, DiagnosticSink& sink);

}  // namespace pw::policy
