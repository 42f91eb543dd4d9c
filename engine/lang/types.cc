#include "engine/lang/types.h"

#include "engine/common/codes.h"
#include "engine/common/text.h"

namespace safetynet::lang {

std::span<const std::string_view> CodeNames(CodeSet set) {
  static constexpr std::string_view kSeverity[] = {"LOW", "MEDIUM", "HIGH"};
  switch (set) {
    case CodeSet::kArea:
      return AreaNames();
    case CodeSet::kCategory:
      return CategoryNames();
    case CodeSet::kTekunMode:
      return TekunModeNames();
    case CodeSet::kSex:
      return SexNames();
    case CodeSet::kRelation:
      return RelationNames();
    case CodeSet::kSelfCare:
      return SelfCareNames();
    case CodeSet::kChildStatus:
      return ChildStatusNames();
    case CodeSet::kLiving:
      return LivingNames();
    case CodeSet::kSignalType:
      return SignalTypeNames();
    case CodeSet::kSeverity:
      return kSeverity;
    case CodeSet::kNone:
      break;
  }
  return {};
}

std::string_view CodeSetName(CodeSet set) {
  static constexpr std::string_view kNames[] = {"",         "AREA",      "CATEGORY", "TEKUN_MODE",
                                                "SEX",      "RELATION",  "SELF_CARE", "CHILD_STATUS",
                                                "LIVING",   "SIGNAL_TYPE", "SEVERITY"};
  return kNames[static_cast<int>(set)];
}

std::string TypeName(Type type) {
  switch (type.base) {
    case BaseType::kBool:
      return "bool";
    case BaseType::kInt:
      return "int";
    case BaseType::kMoney:
      return type.exact ? "exact money (unrounded)" : "money";
    case BaseType::kRatio:
      return "ratio";
    case BaseType::kDate:
      return "date";
    case BaseType::kCode:
      return Cat(CodeSetName(type.codes), " code");
    case BaseType::kMemberSet:
      return "member set";
    case BaseType::kSignalSet:
      return "signal set";
  }
  return "?";
}

}  // namespace safetynet::lang
