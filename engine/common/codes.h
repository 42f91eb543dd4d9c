// The code values of the exchange format (households, persons, elderly,
// signals) as small enums, with their exact upper-case names.
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

// The names of a code, indexed by its numeric value.
std::span<const std::string_view> AreaNames();
std::span<const std::string_view> CategoryNames();
std::span<const std::string_view> TekunModeNames();  // index 0 is "" (no mode)
std::span<const std::string_view> SexNames();
std::span<const std::string_view> RelationNames();
std::span<const std::string_view> SelfCareNames();
std::span<const std::string_view> ChildStatusNames();
std::span<const std::string_view> LivingNames();
std::span<const std::string_view> SignalTypeNames();

// The index of `text` in `names` (case-sensitive), or nullopt.
std::optional<uint8_t> LookupCode(std::span<const std::string_view> names, std::string_view text);

template <typename Enum>
std::string_view CodeName(std::span<const std::string_view> names, Enum value) {
  return names[static_cast<size_t>(value)];
}

}  // namespace safetynet
