#include "engine/serve/director_page.h"

namespace safetynet::serve {

std::string_view DirectorPageHtml() {
  // A raw string literal generated from director_page.html (embed_text.cmake).
  static constexpr std::string_view kPage =
#include "engine/serve/director_page_html.inc"
      ;
  return kPage;
}

}  // namespace safetynet::serve
