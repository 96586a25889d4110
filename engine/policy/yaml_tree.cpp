#include "policy/yaml_tree.hpp"

#include "policy/source_text.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>

namespace pw::policy {

bool YamlNode::is_null() const {
  if (kind == NodeKind::Null) return true;
  return kind == NodeKind::Scalar && style == ScalarStyle::Plain &&
         (value == "null" || value == "Null" || value == "NULL" || value == "~");
}

const YamlNode* YamlNode::find(std::string_view key) const {
  for (const MapEntry& entry : entries) {
    if (entry.key.is_scalar() && entry.key.value == key) return &entry.value;
  }
  return nullptr;
}

namespace {

// Thrown from the event handler to stop parsing a file after a fatal problem was reported.
struct StopParsing {};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const SourceText& source, std::size_t bom, DiagnosticSink& sink)
      : m_source(source), m_bom(bom), m_sink(sink) {}

  std::vector<YamlDocument>& documents() { return m_documents; }
  // A document cut short by an error is not returned: its checks would only add noise.
  void drop_incomplete() {
    if (m_in_document) m_documents.pop_back();
    m_in_document = false;
  }
  void finish(std::size_t end) {
    if (!m_documents.empty() && m_documents.back().end == 0) m_documents.back().end = end;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    const std::size_t begin = offset(mark);
    if (!m_documents.empty() && m_documents.back().begin == begin) {
      // yaml-cpp 0.7 starts a new empty document at a stray ',' forever without consuming it.
      const char c = begin < m_source.text().size() ? m_source.text()[begin] : ' ';
      m_sink.error(m_source.at(begin), "yaml-syntax",
                   std::string("YAML syntax error: unexpected '") + c + "'");
      m_documents.pop_back();
      throw StopParsing{};
    }
    finish(begin);
    m_documents.push_back({});
    m_documents.back().begin = begin;
    m_in_document = true;
    m_errors_at_start = m_sink.error_count();
  }
  void OnDocumentEnd() override {
    m_in_document = false;
    m_documents.back().clean = m_sink.error_count() == m_errors_at_start;
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    add(make(mark, NodeKind::Null));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    m_sink.error(m_source.at(offset(mark)), "yaml-alias",
                 "aliases are not allowed in policy files");
    YamlNode node = make(mark, NodeKind::Null);
    node.alias = true;
    add(std::move(node));
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                const std::string& value) override {
    YamlNode node = make(mark, NodeKind::Scalar);
    check_tag(mark, tag);
    node.value = value;
    node.style = style_at(node.offset);
    add(std::move(node));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                       YAML::EmitterStyle::value /*style*/) override {
    open(mark, tag, NodeKind::Sequence);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                  YAML::EmitterStyle::value /*style*/) override {
    open(mark, tag, NodeKind::Map);
  }
  void OnMapEnd() override {
    pair_entries(m_stack.back());
    close();
  }

 private:
  std::size_t offset(const YAML::Mark& mark) const {
    return mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos) + m_bom;
  }

  // yaml-cpp's mark stands before the node's anchor and tag; the token comes after them.
  std::size_t skip_properties(std::size_t pos) const {
    const std::string_view text = m_source.text();
    while (pos < text.size() && (text[pos] == '&' || text[pos] == '!')) {
      while (pos < text.size() && text[pos] != ' ' && text[pos] != '\n') ++pos;
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\r')) {
        ++pos;
      }
    }
    return pos;
  }

  ScalarStyle style_at(std::size_t pos) const {
    if (pos >= m_source.text().size()) return ScalarStyle::Plain;
    switch (m_source.text()[pos]) {
      case '\'':
        return ScalarStyle::SingleQuoted;
      case '"':
        return ScalarStyle::DoubleQuoted;
      case '|':
        return ScalarStyle::Literal;
      case '>':
        return ScalarStyle::Folded;
      default:
        return ScalarStyle::Plain;
    }
  }

  YamlNode make(const YAML::Mark& mark, NodeKind kind) const {
    YamlNode node;
    node.kind = kind;
    node.offset = skip_properties(offset(mark));
    const SourceLocation location = m_source.at(node.offset);
    node.line = location.line;
    node.column = location.column;
    return node;
  }

  void check_tag(const YAML::Mark& mark, const std::string& tag) {
    if (tag.empty() || tag == "?" || tag == "!") return;
    m_sink.error(m_source.at(offset(mark)), "yaml-tag",
                 "tags ('" + tag + "') are not allowed in policy files");
  }

  void open(const YAML::Mark& mark, const std::string& tag, NodeKind kind) {
    YamlNode node = make(mark, kind);
    check_tag(mark, tag);
    if (static_cast<int>(m_stack.size()) >= k_max_depth) {
      m_sink.error(m_source.at(node.offset), "nesting-too-deep",
                   "nesting deeper than " + std::to_string(k_max_depth) +
                       " levels is not allowed in policy files");
      throw StopParsing{};
    }
    m_stack.push_back(std::move(node));
  }

  void close() {
    YamlNode node = std::move(m_stack.back());
    m_stack.pop_back();
    add(std::move(node));
  }

  void add(YamlNode node) {
    if (m_stack.empty()) {
      if (!m_documents.empty()) m_documents.back().root = std::move(node);
      return;
    }
    m_stack.back().items.push_back(std::move(node));
  }

  // Map children arrive as key, value, key, value: pair them and reject duplicate keys.
  void pair_entries(YamlNode& map) {
    std::unordered_map<std::string, int> first_line;
    for (std::size_t i = 0; i + 1 < map.items.size(); i += 2) {
      MapEntry entry{std::move(map.items[i]), std::move(map.items[i + 1])};
      if (entry.value.kind == NodeKind::Null && !entry.value.alias) {
        // An empty value has no token; yaml-cpp marks where the next one starts. Use the key.
        entry.value.offset = entry.key.offset;
        entry.value.line = entry.key.line;
        entry.value.column = entry.key.column;
      }
      if (entry.key.is_scalar()) {
        const auto [it, inserted] = first_line.emplace(entry.key.value, entry.key.line);
        if (!inserted) {
          m_sink.error(m_source.at(entry.key.offset, entry.key.value.size()), "duplicate-key",
                       "duplicate key '" + entry.key.value + "' (first at line " +
                           std::to_string(it->second) + ", again at line " +
                           std::to_string(entry.key.line) + ")");
          continue;
        }
      }
      map.entries.push_back(std::move(entry));
    }
    map.items.clear();
  }

  const SourceText& m_source;
  std::size_t m_bom;
  DiagnosticSink& m_sink;
  std::vector<YamlNode> m_stack;
  std::vector<YamlDocument> m_documents;
  bool m_in_document = false;
  int m_errors_at_start = 0;
};

void report_yaml_exception(const SourceText& source, std::size_t bom,
                           const YAML::Exception& exception, DiagnosticSink& sink) {
  const YAML::Mark& mark = exception.mark;
  const std::size_t offset = mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos) + bom;
  std::string message = exception.msg.empty() ? std::string("invalid YAML") : exception.msg;
  sink.error(source.at(offset), "yaml-syntax", "YAML syntax error: " + message);
}

}  // namespace

std::vector<YamlDocument> parse_yaml(std::string_view file, std::string_view text,
                                     DiagnosticSink& sink) {
  const SourceText source(std::string(file), text);
  if (!check_bytes(source, sink)) return {};
  const std::size_t bom = bom_length(text);
  TreeBuilder builder(source, bom, sink);
  try {
    std::istringstream stream{std::string(text.substr(bom))};
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const StopParsing&) {
    builder.drop_incomplete();
  } catch (const YAML::Exception& exception) {
    report_yaml_exception(source, bom, exception, sink);
    builder.drop_incomplete();
  }
  builder.finish(text.size());
  return std::move(builder.documents());
}

}  // namespace pw::policy
