#include "engine/common/codes.h"

#include <gtest/gtest.h>

namespace safetynet {
namespace {

TEST(Codes, LookupIsExactAndCaseSensitive) {
  EXPECT_EQ(LookupCode(CategoryNames(), "DIBAO"), static_cast<uint8_t>(Category::kDibao));
  EXPECT_EQ(LookupCode(CategoryNames(), "dibao"), std::nullopt);
  EXPECT_EQ(LookupCode(CategoryNames(), "DIBAO "), std::nullopt);
  EXPECT_EQ(LookupCode(SignalTypeNames(), "UNEMPLOYMENT"),
            static_cast<uint8_t>(SignalType::kUnemployment));
  EXPECT_EQ(CodeName(LivingNames(), Living::kEmptyNest), "EMPTY_NEST");
}

}  // namespace
}  // namespace safetynet
