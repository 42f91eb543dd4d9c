#include "engine/serve/query_check.h"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/common/text.h"
#include "engine/lang/source.h"

namespace safetynet::serve {

std::optional<HttpResponse> UnknownQueryKey(const HttpRequest& request,
                                            std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : request.query) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::vector<std::string_view> names(known.begin(), known.end());
    std::string allowed;
    for (std::string_view name : known) allowed += Cat(allowed.empty() ? "" : ", ", name);
    return ErrorAnswer(400, "BAD_REQUEST",
                       Cat(lang::UnknownNameMessage("query parameter", key, names), "; ",
                           request.path, " takes ", allowed.empty() ? "none" : allowed));
  }
  return std::nullopt;
}

}  // namespace safetynet::serve
