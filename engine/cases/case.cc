#include "engine/cases/case.h"

#include <array>

#include "engine/common/text.h"

namespace safetynet::cases {
namespace {

template <typename Enum, size_t N>
std::optional<Enum> Find(const std::array<std::string_view, N>& names, std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 3> kSeverities = {"LOW", "MEDIUM", "HIGH"};
constexpr std::array<std::string_view, 5> kStatuses = {"NEW", "REOPENED", "ESCALATED", "ONGOING",
                                                       "RESOLVED"};
constexpr std::array<std::string_view, 3> kCloseReasons = {"", "CLEARED", "SUBJECT_GONE"};
constexpr std::array<std::string_view, 4> kActions = {"ACKNOWLEDGED", "VISITED",
                                                      "ASSISTANCE_STARTED", "NO_ACTION_NEEDED"};

}  // namespace

std::string_view SeverityName(Severity s) { return kSeverities[static_cast<int>(s)]; }
std::optional<Severity> ParseSeverity(std::string_view t) { return Find<Severity>(kSeverities, t); }
std::string_view StatusName(CaseStatus s) { return kStatuses[static_cast<int>(s)]; }
std::optional<CaseStatus> ParseStatus(std::string_view t) { return Find<CaseStatus>(kStatuses, t); }
std::string_view CloseReasonName(CloseReason r) { return kCloseReasons[static_cast<int>(r)]; }
std::optional<CloseReason> ParseCloseReason(std::string_view t) {
  return Find<CloseReason>(kCloseReasons, t);
}
std::string_view ActionName(Action a) { return kActions[static_cast<int>(a)]; }
std::optional<Action> ParseAction(std::string_view t) { return Find<Action>(kActions, t); }

std::string CaseId(std::string_view rule_id, std::string_view subject_id, Days opened) {
  std::string date = FormatIsoDate(opened);  // YYYY-MM-DD -> YYYYMMDD
  std::erase(date, '-');
  return Cat(rule_id, ":", subject_id, ":", date);
}

void NormaliseSubjectId(std::string& id) {
  if (!id.empty() && id.back() == 'x') id.back() = 'X';
}

}  // namespace safetynet::cases
