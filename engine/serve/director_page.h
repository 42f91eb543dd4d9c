// The director's page of `safetynet serve`: the HTML that GET / answers
// (docs/api.md, "The director's page"). One self-contained page (inline CSS
// and script, no external resource, no data of its own) that asks for the
// access token and then calls the API (/v1/standards, /v1/what-if, /v1/sweep)
// from the browser. Its source is engine/serve/director_page.html, embedded
// at build time (embed_text.cmake). Static storage; thread-safe.
#pragma once

#include <string_view>

namespace safetynet::serve {

// The page, UTF-8 HTML, byte for byte engine/serve/director_page.html. Serve
// it as "text/html; charset=utf-8". Valid for the life of the program.
std::string_view DirectorPageHtml();

}  // namespace safetynet::serve
