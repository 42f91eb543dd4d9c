#include "engine/people/words.h"

namespace safetynet::people {

std::string_view SeverityWord(int64_t severity) {
  static constexpr std::string_view kWords[] = {"低", "中", "高"};
  return severity >= 0 && severity <= 2 ? kWords[severity] : "";
}

std::string_view SubjectKindWord(std::string_view kind) {
  if (kind == "HOUSEHOLD") return "户";
  if (kind == "PERSON") return "家庭成员";
  if (kind == "ELDERLY") return "老年人";
  return kind;
}

std::string_view CaseStatusWord(cases::CaseStatus status) {
  switch (status) {
    case cases::CaseStatus::kNew:
      return "新增";
    case cases::CaseStatus::kReopened:
      return "重新打开";
    case cases::CaseStatus::kEscalated:
      return "升级";
    case cases::CaseStatus::kOngoing:
      return "持续";
    case cases::CaseStatus::kResolved:
      return "已解决";
  }
  return "";
}

std::string_view ActionWord(cases::Action action) {
  switch (action) {
    case cases::Action::kAcknowledged:
      return "已知悉";
    case cases::Action::kVisited:
      return "已走访";
    case cases::Action::kAssistanceStarted:
      return "已启动救助";
    case cases::Action::kNoActionNeeded:
      return "无需处理";
  }
  return "";
}

}  // namespace safetynet::people
