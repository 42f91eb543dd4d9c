#include "engine/common/codes.h"

#include <gtest/gtest.h>

namespace safetynet {
namespace {

TEST(Codes, LookupIsExactAndCaseSensitive) {
  EXPECT_EQ(LookupCode(CodeNames(CodeSet::kCategory), "DIBAO"),
            static_cast<uint8_t>(Category::kDibao));
  EXPECT_EQ(LookupCode(CodeNames(CodeSet::kCategory), "dibao"), std::nullopt);
  EXPECT_EQ(LookupCode(CodeNames(CodeSet::kCategory), "DIBAO "), std::nullopt);
  EXPECT_EQ(LookupCode(CodeNames(CodeSet::kSignalType), "UNEMPLOYMENT"),
            static_cast<uint8_t>(SignalType::kUnemployment));
  EXPECT_EQ(CodeName(Living::kEmptyNest), "EMPTY_NEST");
}

}  // namespace
}  // namespace safetynet
