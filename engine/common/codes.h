// The code values of the exchange format (households, persons, elderly,
// signals) as small enums, with their exact upper-case names, and the code
// sets they form (which the rule language's code types name).
//
// The numeric values are those stored in snapshot code columns
// (proto/safetynet/snapshot.proto); never renumber them. Lookups are pure and
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace safetynet {

enum class Area : uint8_t { kUrban = 0, kRural = 1 };
enum class Category : uint8_t { kNone = 0, kDibao = 1, kTekun = 2, kMarginal = 3, kMonitored = 4 };
enum class TekunMode : uint8_t { kNone = 0, kConcentrated = 1, kDispersed = 2 };
enum class Sex : uint8_t { kMale = 0, kFemale = 1 };
enum class Relation : uint8_t { kHead = 0, kSpouse = 1, kChild = 2, kParent = 3, kOther = 4 };
enum class SelfCare : uint8_t { kFull = 0, kSemi = 1, kNone = 2 };
enum class ChildStatus : uint8_t {
  kNone = 0,
  kOrphanConcentrated = 1,
  kOrphanDispersed = 2,
  kDeFactoUnsupported = 3,
  kKeyVulnerable = 4,
};
enum class Living : uint8_t { kAlone = 0, kEmptyNest = 1, kLeftBehind = 2, kWithFamily = 3 };
enum class SignalType : uint8_t {
  kIncome = 0,
  kMedical = 1,
  kDisaster = 2,
  kDeath = 3,
  kVehicle = 4,
  kProperty = 5,
  kBusiness = 6,
  kUnemployment = 7,
};

// The code sets: each exchange-format code above, and the severity of an
// alert (LOW, MEDIUM, HIGH), which rules compute.
enum class CodeSet : uint8_t {
  kNone = 0,
  kArea,
  kCategory,
  kTekunMode,
  kSex,
  kRelation,
  kSelfCare,
  kChildStatus,
  kLiving,
  kSignalType,
  kSeverity,
};

// The names of a code set's codes, indexed by code value (TEKUN_MODE's index
// 0 is "": no mode); empty for kNone.
std::span<const std::string_view> CodeNames(CodeSet set);
// "AREA", "CATEGORY", ...; "" for kNone.
std::string_view CodeSetName(CodeSet set);

// The index of `text` in `names` (case-sensitive), or nullopt.
std::optional<uint8_t> LookupCode(std::span<const std::string_view> names, std::string_view text);

// The code set of an enum above: CodeSetOf<Area>::value == CodeSet::kArea.
template <typename Enum>
struct CodeSetOf;
#define SAFETYNET_CODE_SET_OF(Enum, set)  \
  template <>                             \
  struct CodeSetOf<Enum> {                \
    static constexpr CodeSet value = set; \
  };
SAFETYNET_CODE_SET_OF(Area, CodeSet::kArea)
SAFETYNET_CODE_SET_OF(Category, CodeSet::kCategory)
SAFETYNET_CODE_SET_OF(TekunMode, CodeSet::kTekunMode)
SAFETYNET_CODE_SET_OF(Sex, CodeSet::kSex)
SAFETYNET_CODE_SET_OF(Relation, CodeSet::kRelation)
SAFETYNET_CODE_SET_OF(SelfCare, CodeSet::kSelfCare)
SAFETYNET_CODE_SET_OF(ChildStatus, CodeSet::kChildStatus)
SAFETYNET_CODE_SET_OF(Living, CodeSet::kLiving)
SAFETYNET_CODE_SET_OF(SignalType, CodeSet::kSignalType)
#undef SAFETYNET_CODE_SET_OF

// The name of a code: CodeName(Living::kEmptyNest) == "EMPTY_NEST".
template <typename Enum>
std::string_view CodeName(Enum value) {
  return CodeNames(CodeSetOf<Enum>::value)[static_cast<size_t>(value)];
}

}  // namespace safetynet
