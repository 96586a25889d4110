// UpdateRecord <-> JSON with the PascalCase keys of DESIGN.md §2.3 ("UpdateId", "Title",
// "KBArticleIds", "CategoryIds", "IsInstalled", ...), as drivers report updates in Search
// replies and as the daemon stores them. Missing keys take the defaults of §2.3.
#pragma once

#include "core/result.hpp"
#include "core/update.hpp"
#include "driver/json_fields.hpp"

#include <nlohmann/json.hpp>

namespace pw::driver {

[[nodiscard]] nlohmann::json update_to_json(const UpdateRecord& update);

// Errors name the offending field ("update field 'UpdateId': missing; expected a string").
[[nodiscard]] Result<UpdateRecord> update_from_json(const nlohmann::json& json);
// The same, for an update at `place` inside a larger document ("reply field 'Updates[2]...'").
[[nodiscard]] Result<UpdateRecord> update_from_json(const nlohmann::json& json,
                                                    const JsonPlace& place);

}  // namespace pw::driver
