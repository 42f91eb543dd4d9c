// The query keys an endpoint takes (docs/api.md): a key it does not know is
// an error naming it, with the nearest known one, rather than ignored (a
// misspelt ?twon= would otherwise answer for the whole city). Pure;
// thread-safe.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>

#include "engine/serve/http_message.h"

namespace safetynet::serve {

// 400 BAD_REQUEST naming the first key of `request`'s query not in `known`
// ("did you mean"); nullopt if every key is known.
std::optional<HttpResponse> UnknownQueryKey(const HttpRequest& request,
                                            std::initializer_list<std::string_view> known);

}  // namespace safetynet::serve
