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

std::span<const std::string_view> AreaNames() { return kArea; }
std::span<const std::string_view> CategoryNames() { return kCategory; }
std::span<const std::string_view> TekunModeNames() { return kTekunMode; }
std::span<const std::string_view> SexNames() { return kSex; }
std::span<const std::string_view> RelationNames() { return kRelation; }
std::span<const std::string_view> SelfCareNames() { return kSelfCare; }
std::span<const std::string_view> ChildStatusNames() { return kChildStatus; }
std::span<const std::string_view> LivingNames() { return kLiving; }
std::span<const std::string_view> SignalTypeNames() { return kSignalType; }

std::optional<uint8_t> LookupCode(std::span<const std::string_view> names, std::string_view text) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<uint8_t>(i);
  }
  return std::nullopt;
}

}  // namespace safetynet
