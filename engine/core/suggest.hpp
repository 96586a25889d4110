// "Did you mean" suggestions (ninja's "unknown tool 'x', did you mean 'y'?").
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pw {

// Levenshtein distance, ASCII case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible typo (distance at
// most a third of the word's length, at least 1, or a case-insensitive prefix match).
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates);

// "a, b or c" for listing allowed values in a message.
std::string join_alternatives(std::span<const std::string_view> values);

}  // namespace pw
