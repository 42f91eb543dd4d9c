// The engine's own words in the lists and pages for people, in Chinese
// (docs/outputs-for-people.md): severities, subject kinds, case statuses and
// caseworkers' actions. The rules' words (alert and value labels, reason
// sentences) are the rules' own (docs/rule-language.md, "Labels and
// reasons"); these are the words of the monitoring spec's fixed vocabulary,
// kept together here. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/cases/case.h"

namespace safetynet::people {

std::string_view SeverityWord(int64_t severity);  // 0 低, 1 中, 2 高; "" otherwise
std::string_view SubjectKindWord(
    std::string_view kind);  // HOUSEHOLD 户, PERSON 家庭成员, ELDERLY 老年人
std::string_view CaseStatusWord(
    cases::CaseStatus status);  // NEW 新增 (report::kNewCases), ... RESOLVED 已解决
std::string_view ActionWord(cases::Action action);  // ACKNOWLEDGED 已知悉, ...

}  // namespace safetynet::people
