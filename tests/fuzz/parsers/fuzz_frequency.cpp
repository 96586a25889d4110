#include "fuzz_check.hpp"
#include "schedule/frequency.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using pw::fuzz::require;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const pw::schedule::FrequencyParse parse = pw::schedule::parse_frequency(text);
  pw::fuzz::check_issues(parse.issues, text);
  require(parse.frequency.has_value() == parse.issues.empty(), "a value exactly when no issue");
  if (parse.frequency) {
    const std::string canonical = pw::schedule::to_string(*parse.frequency);
    const pw::schedule::FrequencyParse again = pw::schedule::parse_frequency(canonical);
    require(again.frequency == parse.frequency, "to_string round-trips");
  }
  return 0;
}
