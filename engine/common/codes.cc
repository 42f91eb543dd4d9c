#include "engine/common/codes.h"

namespace safetynet {
namespace {

constexpr std::string_view kArea[] = {"URBAN", "RURAL"};
constexpr std::string_view kCategory[] = {"NONE", "DIBAO", "TEKUN", "MARGINAL", "MONITORED"};
constexpr std::string_view kTekunMode[] = {"", "CONCENTRATED", "DISPERSED"};
constexpr std::string_view kSex[] = {"M", "F"};
constexpr std::string_view kRelation[] = {"HEAD", "SPOUSE", "CHILD", "PARENT", "OTHER"};
constexpr std::string_view kSelfCare[] = {"FULL", "SEMI", "NONE"};
constexpr std::string_view kChildStatus[] = {"NONE", "ORPHAN_CONCENTRATED", "ORPHAN_DISPERSED",
                                             "DE_FACTO_UNSUPPORTED", "KEY_VULNERABLE"};
constexpr std::string_view kLiving[] = {"ALONE", "EMPTY_NEST", "LEFT_BEHIND", "WITH_FAMILY"};
constexpr std::string_view kSignalType[] = {"INCOME",  "MEDICAL",  "DISASTER", "DEATH",
                                            "VEHICLE", "PROPERTY", "BUSINESS", "UNEMPLOYMENT"};

}  // namespace

std::span<const std::string_view> CodeNames(CodeSet set) {
  static constexpr std::string_view kSeverity[] = {"LOW", "MEDIUM", "HIGH"};
  switch (set) {
    case CodeSet::kArea:
      return kArea;
    case CodeSet::kCategory:
      return kCategory;
    case CodeSet::kTekunMode:
      return kTekunMode;
    case CodeSet::kSex:
      return kSex;
    case CodeSet::kRelation:
      return kRelation;
    case CodeSet::kSelfCare:
      return kSelfCare;
    case CodeSet::kChildStatus:
      return kChildStatus;
    case CodeSet::kLiving:
      return kLiving;
    case CodeSet::kSignalType:
      return kSignalType;
    case CodeSet::kSeverity:
      return kSeverity;
    case CodeSet::kNone:
      break;
  }
  return {};
}

std::string_view CodeSetName(CodeSet set) {
  static constexpr std::string_view kNames[] = {
      "",          "AREA",         "CATEGORY", "TEKUN_MODE",  "SEX",     "RELATION",
      "SELF_CARE", "CHILD_STATUS", "LIVING",   "SIGNAL_TYPE", "SEVERITY"};
  return kNames[static_cast<int>(set)];
}

std::optional<uint8_t> LookupCode(std::span<const std::string_view> names, std::string_view text) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<uint8_t>(i);
  }
  return std::nullopt;
}

}  // namespace safetynet
