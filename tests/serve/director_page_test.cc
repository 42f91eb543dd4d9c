// The embedded director's page is director_page.html byte for byte, and
// self-contained. (Its behaviour in a browser: tests/browser/director_page_test.sh.)
#include "engine/serve/director_page.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace safetynet::serve {
namespace {

TEST(DirectorPage, IsTheHtmlFileByteForByte) {
  std::ifstream file(SAFETYNET_DIRECTOR_PAGE, std::ios::binary);
  ASSERT_TRUE(file) << SAFETYNET_DIRECTOR_PAGE;
  std::ostringstream text;
  text << file.rdbuf();
  EXPECT_GT(text.str().size(), 10000u);
  EXPECT_EQ(DirectorPageHtml(), text.str());
}

TEST(DirectorPage, IsSelfContained) {
  const std::string page(DirectorPageHtml());
  EXPECT_TRUE(page.starts_with("<!doctype html>"));
  EXPECT_TRUE(page.ends_with("</html>\n"));
  for (const char* outside : {"src=", "@import", "url(", "<link rel=\"stylesheet\"", "//cdn"}) {
    EXPECT_EQ(page.find(outside), std::string::npos) << outside;
  }
  // The one absolute address is SVG's namespace, not a resource.
  size_t at = 0;
  while ((at = page.find("http", at)) != std::string::npos) {
    EXPECT_EQ(page.compare(at, 26, "http://www.w3.org/2000/svg"), 0) << page.substr(at, 40);
    ++at;
  }
  EXPECT_NE(page.find("Authorization"), std::string::npos);
  EXPECT_NE(page.find("sessionStorage"), std::string::npos);
  EXPECT_EQ(page.find("localStorage"), std::string::npos);
}

}  // namespace
}  // namespace safetynet::serve
