// UpdateRecord <-> JSON with the PascalCase keys of DESIGN.md §2.3 ("UpdateId", "Title",
// "KBArticleIds", "CategoryIds", "IsInstalled", ...), as drivers report updates in Search
// replies. Missing keys take the defaults of §2.3.
#pragma once

#include "core/result.hpp"
#include "core/update.hpp"

#include <nlohmann/json.hpp>

namespace pw::driver {

[[nodiscard]] nlohmann::json update_to_json(const UpdateRecord& update);

// Errors name the offending key ("UpdateId is required", "IsInstalled must be a boolean").
[[nodiscard]] Result<UpdateRecord> update_from_json(const nlohmann::json& json);

}  // namespace pw::driver
