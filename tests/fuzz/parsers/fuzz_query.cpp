#include "core/update.hpp"
#include "fuzz_check.hpp"
#include "query/query.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using pw::fuzz::require;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const pw::query::QueryParse parse = pw::query::parse_query(text);
  pw::fuzz::check_issues(parse.issues, text);
  require(parse.query.has_value() == parse.issues.empty(), "a query exactly when no issue");
  if (parse.query) {
    require(parse.query->text() == text, "text() is the criteria as written");
    pw::UpdateRecord update;
    update.update_id = "12345678-9abc-def0-1234-56789abcdef0";
    update.category_ids = {pw::k_os_category_id};
    const bool first = parse.query->matches(update);
    update.is_installed = true;
    update.type = pw::UpdateType::Driver;
    (void)parse.query->matches(update);
    update.is_installed = false;
    update.type = pw::UpdateType::Software;
    require(parse.query->matches(update) == first, "evaluation is deterministic");
  }
  return 0;
}
