// A small YAML tree with exact source positions, built from yaml-cpp's event API so the loader
// controls every hostile case itself (DESIGN.md §9): size, nesting depth, aliases, duplicate
// keys, tabs, invalid UTF-8. Scalars keep their style so offsets inside a quoted string can be
// mapped back to file columns (see scalar_position.hpp).
// Thread-safety: parse_yaml is reentrant.
#pragma once

#include "core/diagnostic.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pw::policy {

enum class NodeKind { Null, Scalar, Sequence, Map };
enum class ScalarStyle { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

struct MapEntry;

struct YamlNode {
  NodeKind kind = NodeKind::Null;
  ScalarStyle style = ScalarStyle::Plain;
  std::string value;              // scalars: the decoded value
  std::size_t offset = 0;         // byte offset in the file text of the token (after anchor/tag)
  int line = 0;                   // 1-based
  int column = 0;                 // 1-based, bytes
  bool alias = false;             // an alias, reported already: a Null that further checks ignore
  std::vector<YamlNode> items;    // Sequence
  std::vector<MapEntry> entries;  // Map, in file order

  [[nodiscard]] bool is_scalar() const { return kind == NodeKind::Scalar; }
  // Null node or a plain scalar spelling null ("null", "Null", "NULL", "~").
  [[nodiscard]] bool is_null() const;
  // The value of `key` in a Map, or nullptr.
  [[nodiscard]] const YamlNode* find(std::string_view key) const;
};

struct MapEntry {
  YamlNode key;
  YamlNode value;
};

struct YamlDocument {
  YamlNode root;          // Null for an empty document
  std::size_t begin = 0;  // byte range of the document in the file text
  std::size_t end = 0;
  bool clean = true;  // no error was reported while reading it (aliases, duplicate keys)
};

inline constexpr std::size_t k_max_file_bytes = 1024 * 1024;
inline constexpr int k_max_depth = 64;

// Parses every document of `text` (the whole file). Problems go to `sink` positioned in `file`;
// on a problem that makes the file unreadable (syntax, depth, encoding) the documents before it
// are still returned. Never throws.
std::vector<YamlDocument> parse_yaml(std::string_view file, std::string_view text,
                                     DiagnosticSink& sink);

}  // namespace pw::policy
