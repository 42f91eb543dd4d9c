// Every transition of docs/monitoring.md on its boundary, through the real
// store: each test runs against an SQLite file and, when the suite has a
// PostgreSQL server (SAFETYNET_TEST_POSTGRES), against a fresh database on it.
#include "engine/cases/night.h"

#include <algorithm>
#include <ctime>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/cases/case_outputs.h"
#include "engine/cases/case_store.h"
#include "engine/common/text.h"
#include "gtest/gtest.h"
#include "tests/cases/test_stores.h"

namespace safetynet::cases {
namespace {

Days D(std::string_view iso) { return *ParseIsoDate(iso); }

Finding F(std::string rule, std::string subject, Severity severity = Severity::kMedium) {
  Finding f;
  f.rule_id = std::move(rule);
  f.subject_kind = f.rule_id[0] == 'H' ? "HOUSEHOLD" : "ELDERLY";
  f.subject_id = std::move(subject);
  f.severity = severity;
  f.evidence = "x=1";
  f.district = "371002";
  f.town = "town";
  return f;
}

DispositionRow Row(int64_t line, std::string case_id, std::string date, std::string action,
                   std::string worker = "w1") {
  return {line, std::move(case_id), std::move(date), std::move(action), std::move(worker), ""};
}

// Nights processed one after the other against one store, each with a
// connection of its own (as separate runs would).
class Nights {
 public:
  explicit Nights(std::string store) : store_(std::move(store)) {}

  NightResult Run(std::string_view night, std::vector<Finding> findings,
                  std::vector<DispositionRow> dispositions = {}, std::set<std::string> gone = {}) {
    auto store = CaseStore::Open(store_, true);
    EXPECT_TRUE(store.ok()) << store.status();
    auto state = (*store)->BeginNight(D(night), params.reopen_days, data_made);
    EXPECT_TRUE(state.ok()) << state.status();
    NightInput input;
    input.night = D(night);
    input.params = params;
    input.findings = std::move(findings);
    input.dispositions = std::move(dispositions);
    input.subject_present = [&](std::string_view, std::string_view id) {
      return !gone.contains(std::string(id));
    };
    input.earlier_case = [&](std::string_view id) { return (*store)->FindEarlierCase(id); };
    NightResult result = ProcessNight(std::move(*state), std::move(input));
    EXPECT_TRUE((*store)->SaveNight(result, NightCountsJson(result)).ok());
    EXPECT_TRUE((*store)->CommitNight().ok());
    return result;
  }

  // Live changes on `date` (the live service between nights).
  std::vector<LiveChange> Live(std::string_view date, std::vector<Finding> findings) {
    auto store = CaseStore::Open(store_, true);
    EXPECT_TRUE(store.ok()) << store.status();
    std::vector<std::string> subjects;
    for (const Finding& f : findings) subjects.push_back(f.subject_id);
    auto state = (*store)->BeginLive(subjects, D(date), params.reopen_days);
    EXPECT_TRUE(state.ok()) << state.status();
    if (!state.ok()) return {};
    std::vector<LiveChange> changes = ProcessLive(std::move(*state), std::move(findings), params);
    const absl::Status saved = (*store)->SaveLive(changes);
    EXPECT_TRUE(saved.ok()) << saved;
    return changes;
  }

  // Dispositions posted to the live service on `date`.
  DispositionCheck Post(std::string_view date, std::vector<DispositionRow> rows) {
    auto store = CaseStore::Open(store_, true);
    EXPECT_TRUE(store.ok()) << store.status();
    if (!store.ok()) return {};
    auto checked = (*store)->PostDispositions(rows, D(date));
    EXPECT_TRUE(checked.ok()) << checked.status();
    return checked.ok() ? *checked : DispositionCheck();
  }

  CaseStore::WorklistNow WorklistNow(std::string_view date, std::string_view town = "") {
    auto store = CaseStore::Open(store_, false);
    EXPECT_TRUE(store.ok()) << store.status();
    if (!store.ok()) return {};
    auto now = (*store)->Worklist(D(date), town, params);
    EXPECT_TRUE(now.ok()) << now.status();
    return now.ok() ? *now : CaseStore::WorklistNow();
  }

  int64_t PostedWaiting() {
    auto store = CaseStore::Open(store_, false);
    EXPECT_TRUE(store.ok()) << store.status();
    auto waiting = (*store)->PostedWaiting();
    EXPECT_TRUE(waiting.ok()) << waiting.status();
    return waiting.value_or(-1);
  }

  const std::string& store() const { return store_; }
  MonitorParams params;
  int64_t data_made = 0;  // when the nights' data was made (BeginNight); 0 unknown

 private:
  std::string store_;
};

const CaseTonight* Find(const NightResult& r, std::string_view rule, std::string_view subject) {
  for (const CaseTonight& t : r.cases) {
    if (t.c.rule_id == rule && t.c.subject_id == subject) return &t;
  }
  return nullptr;
}

// The key's case closed (RESOLVED) on `night` in `r`.
void ExpectResolvedOn(const NightResult& r, std::string_view rule, std::string_view subject,
                      std::string_view night) {
  const CaseTonight* t = Find(r, rule, subject);
  ASSERT_NE(t, nullptr) << rule << " " << subject;
  EXPECT_EQ(t->status, CaseStatus::kResolved);
  EXPECT_EQ(t->c.closed, D(night));
}

std::vector<std::string> WorklistIds(const NightResult& r) {
  std::vector<std::string> ids;
  for (uint32_t i : r.worklist) ids.push_back(r.cases[i].c.case_id);
  return ids;
}

std::vector<std::string> RejectedCodes(const NightResult& r) {
  std::vector<std::string> codes;
  for (const RejectedDisposition& d : r.rejected)
    codes.push_back(Cat(d.line, " ", d.reason.substr(0, d.reason.find(':'))));
  return codes;
}

class NightTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    made_.emplace(MakeTestStore(GetParam()));
    store_ = made_->address;
    if (store_.empty()) GTEST_SKIP() << "no PostgreSQL server for this run";
  }
  std::optional<TestStore> made_;
  std::string store_;
};

TEST_P(NightTest, NewThenOngoingCountsTheNights) {
  Nights nights(store_);
  NightResult first = nights.Run("2025-06-30", {F("H4_DIBAO_CANDIDATE", "HH1")});
  ASSERT_EQ(first.cases.size(), 1u);
  const CaseTonight& opened = first.cases[0];
  EXPECT_EQ(opened.c.case_id, "H4_DIBAO_CANDIDATE:HH1:20250630");
  EXPECT_EQ(opened.status, CaseStatus::kNew);
  EXPECT_EQ(opened.nights_fired, 1);
  EXPECT_TRUE(opened.on_worklist);
  nights.Run("2025-07-01", {F("H4_DIBAO_CANDIDATE", "HH1")});
  NightResult third = nights.Run("2025-07-09", {F("H4_DIBAO_CANDIDATE", "HH1")});
  ASSERT_EQ(third.cases.size(), 1u);
  EXPECT_EQ(third.cases[0].status, CaseStatus::kOngoing);
  EXPECT_EQ(third.cases[0].nights_fired, 3);  // nights processed, not days
  EXPECT_EQ(third.cases[0].c.case_id, "H4_DIBAO_CANDIDATE:HH1:20250630");
}

TEST_P(NightTest, EscalatedOnlyAboveTheHighestSoFar) {
  Nights nights(store_);
  const auto night = [&](std::string_view date, Severity s) {
    return nights.Run(date, {F("E1_VISIT_OVERDUE", "P1", s)}).cases.at(0);
  };
  EXPECT_EQ(night("2025-06-01", Severity::kMedium).status, CaseStatus::kNew);
  CaseTonight up = night("2025-06-02", Severity::kHigh);
  EXPECT_EQ(up.status, CaseStatus::kEscalated);
  EXPECT_EQ(up.c.highest_severity, Severity::kHigh);
  EXPECT_EQ(night("2025-06-03", Severity::kHigh).status, CaseStatus::kOngoing);
  CaseTonight down = night("2025-06-04", Severity::kLow);
  EXPECT_EQ(down.status, CaseStatus::kOngoing);
  EXPECT_EQ(down.c.severity, Severity::kLow);
  EXPECT_EQ(down.c.highest_severity, Severity::kHigh);
  // Back to HIGH: not higher than the highest before tonight.
  EXPECT_EQ(night("2025-06-05", Severity::kHigh).status, CaseStatus::kOngoing);
}

TEST_P(NightTest, ResolvedClearedOrSubjectGone) {
  Nights nights(store_);
  nights.Run("2025-06-30", {F("H4_DIBAO_CANDIDATE", "HH1"), F("H4_DIBAO_CANDIDATE", "HH2")});
  NightResult r = nights.Run("2025-07-01", {}, {}, {"HH2"});
  ASSERT_EQ(r.cases.size(), 2u);
  EXPECT_EQ(r.cases[0].status, CaseStatus::kResolved);
  EXPECT_EQ(r.cases[0].c.close_reason, CloseReason::kCleared);
  EXPECT_EQ(r.cases[0].c.closed, D("2025-07-01"));
  EXPECT_EQ(r.cases[0].nights_fired, 1);
  EXPECT_FALSE(r.cases[0].on_worklist);
  EXPECT_EQ(r.cases[1].c.close_reason, CloseReason::kSubjectGone);
  // Closed before tonight: not in tonight's outputs.
  EXPECT_TRUE(nights.Run("2025-07-02", {}).cases.empty());
}

TEST_P(NightTest, ReopenedExactlyAtReopenDaysAndNewOneDayPast) {
  Nights nights(store_);
  nights.Run("2025-06-01", {F("H4_DIBAO_CANDIDATE", "HH1"), F("H4_DIBAO_CANDIDATE", "HH2")});
  nights.Run("2025-06-02", {F("H4_DIBAO_CANDIDATE", "HH2")});  // HH1 closes on 06-02
  nights.Run("2025-06-03", {});                                // HH2 closes on 06-03
  // 2025-07-03 - 2025-06-02 = 31 days; 2025-07-03 - 2025-06-03 = 30 days.
  NightResult r =
      nights.Run("2025-07-03", {F("H4_DIBAO_CANDIDATE", "HH1"), F("H4_DIBAO_CANDIDATE", "HH2")});
  const CaseTonight* past = Find(r, "H4_DIBAO_CANDIDATE", "HH1");
  const CaseTonight* at = Find(r, "H4_DIBAO_CANDIDATE", "HH2");
  ASSERT_TRUE(past && at);
  EXPECT_EQ(past->status, CaseStatus::kNew);
  EXPECT_EQ(past->c.previous_case, "");
  EXPECT_EQ(at->status, CaseStatus::kReopened);
  EXPECT_EQ(at->c.previous_case, "H4_DIBAO_CANDIDATE:HH2:20250601");
  EXPECT_EQ(at->c.case_id, "H4_DIBAO_CANDIDATE:HH2:20250703");
  EXPECT_EQ(at->nights_fired, 1);
}

TEST_P(NightTest, EachActionSnoozesForItsDaysAndTheSnoozeEndsOnItsDay) {
  Nights nights(store_);
  std::vector<Finding> four = {F("H4_DIBAO_CANDIDATE", "HH1"), F("H4_DIBAO_CANDIDATE", "HH2"),
                               F("H4_DIBAO_CANDIDATE", "HH3"), F("H4_DIBAO_CANDIDATE", "HH4")};
  nights.Run("2025-06-01", four);
  NightResult r =
      nights.Run("2025-06-01", four,
                 {Row(2, "H4_DIBAO_CANDIDATE:HH1:20250601", "2025-06-01", "ACKNOWLEDGED"),
                  Row(3, "H4_DIBAO_CANDIDATE:HH2:20250601", "2025-06-01", "VISITED"),
                  Row(4, "H4_DIBAO_CANDIDATE:HH3:20250601", "2025-06-01", "ASSISTANCE_STARTED"),
                  Row(5, "H4_DIBAO_CANDIDATE:HH4:20250601", "2025-06-01", "NO_ACTION_NEEDED")});
  EXPECT_TRUE(r.rejected.empty());
  ASSERT_EQ(r.cases.size(), 4u);
  EXPECT_EQ(r.cases[0].snoozed_until, kNoDate);  // 0 days: recorded and shown only
  EXPECT_EQ(r.cases[0].c.dispositions.at(r.cases[0].last_action).action, Action::kAcknowledged);
  EXPECT_TRUE(r.cases[0].on_worklist);
  EXPECT_EQ(r.cases[1].snoozed_until, D("2025-07-01"));
  EXPECT_EQ(r.cases[2].snoozed_until, D("2025-07-31"));
  EXPECT_EQ(r.cases[3].snoozed_until, D("2025-08-30"));
  for (int i = 1; i < 4; ++i) EXPECT_FALSE(r.cases[i].on_worklist) << i;
  // The day before the snooze ends: still snoozed; on its day: back on the worklist.
  NightResult before = nights.Run("2025-06-30", four);
  EXPECT_FALSE(before.cases[1].on_worklist);
  NightResult on = nights.Run("2025-07-01", four);
  EXPECT_TRUE(on.cases[1].on_worklist);
  EXPECT_EQ(on.cases[1].snoozed_until, D("2025-07-01"));
  EXPECT_FALSE(on.cases[2].on_worklist);
}

TEST_P(NightTest, EscalationAfterTheDispositionEndsTheSnoozeButNotOnItsDate) {
  Nights nights(store_);
  nights.Run("2025-06-01", {F("H4_DIBAO_CANDIDATE", "HH1", Severity::kLow),
                            F("H4_DIBAO_CANDIDATE", "HH2", Severity::kLow)});
  // HH1 visited on 06-02 and escalated that same night: still snoozed.
  NightResult same =
      nights.Run("2025-06-02",
                 {F("H4_DIBAO_CANDIDATE", "HH1", Severity::kMedium),
                  F("H4_DIBAO_CANDIDATE", "HH2", Severity::kLow)},
                 {Row(2, "H4_DIBAO_CANDIDATE:HH1:20250601", "2025-06-02", "VISITED"),
                  Row(3, "H4_DIBAO_CANDIDATE:HH2:20250601", "2025-06-01", "VISITED")});
  EXPECT_EQ(same.cases[0].status, CaseStatus::kEscalated);
  EXPECT_FALSE(same.cases[0].on_worklist);
  EXPECT_FALSE(same.cases[1].on_worklist);
  // HH2 escalates on a night after its visit: back on the worklist; it stays
  // there while ONGOING (the escalation is still after the visit).
  NightResult after = nights.Run("2025-06-03", {F("H4_DIBAO_CANDIDATE", "HH1", Severity::kMedium),
                                                F("H4_DIBAO_CANDIDATE", "HH2", Severity::kHigh)});
  EXPECT_FALSE(after.cases[0].on_worklist);
  EXPECT_EQ(after.cases[1].status, CaseStatus::kEscalated);
  EXPECT_TRUE(after.cases[1].on_worklist);
  NightResult later = nights.Run("2025-06-04", {F("H4_DIBAO_CANDIDATE", "HH1", Severity::kMedium),
                                                F("H4_DIBAO_CANDIDATE", "HH2", Severity::kHigh)});
  EXPECT_EQ(later.cases[1].status, CaseStatus::kOngoing);
  EXPECT_TRUE(later.cases[1].on_worklist);
  // A new visit after the escalation snoozes it again.
  NightResult again =
      nights.Run("2025-06-05",
                 {F("H4_DIBAO_CANDIDATE", "HH1", Severity::kMedium),
                  F("H4_DIBAO_CANDIDATE", "HH2", Severity::kHigh)},
                 {Row(2, "H4_DIBAO_CANDIDATE:HH2:20250601", "2025-06-05", "VISITED")});
  EXPECT_FALSE(again.cases[1].on_worklist);
}

TEST_P(NightTest, EveryRejectReasonAndNothingElseChanges) {
  Nights nights(store_);
  nights.Run("2025-06-01", {F("H4_DIBAO_CANDIDATE", "HH1"), F("H4_DIBAO_CANDIDATE", "HH2")});
  nights.Run("2025-06-05", {F("H4_DIBAO_CANDIDATE", "HH1")});  // HH2 closes on 06-05
  const std::string hh1 = "H4_DIBAO_CANDIDATE:HH1:20250601";
  const std::string hh2 = "H4_DIBAO_CANDIDATE:HH2:20250601";
  NightResult r = nights.Run("2025-06-10", {F("H4_DIBAO_CANDIDATE", "HH1")},
                             {Row(2, hh1, "2025-06-11", "VISITED"),  // after the night
                              Row(3, hh1, "2025-06-09", "CALLED"),   // not an action
                              Row(4, hh1, "2025-13-01", "VISITED"),  // not a date
                              Row(5, "H4_DIBAO_CANDIDATE:HH9:20250601", "2025-06-09", "VISITED"),
                              Row(6, hh1, "2025-05-31", "VISITED"),      // before it opened
                              Row(7, hh2, "2025-06-05", "VISITED"),      // on the day it closed
                              Row(8, hh1, "2025-06-09", "VISITED", ""),  // no worker
                              Row(9, hh2, "2025-06-04", "VISITED"),  // closed case, open then: kept
                              Row(10, hh1, "2025-06-10", "VISITED")});  // on the night: kept
  EXPECT_EQ(
      RejectedCodes(r),
      (std::vector<std::string>{"2 FUTURE_DATE", "3 UNKNOWN_ACTION", "4 BAD_DATE", "5 UNKNOWN_CASE",
                                "6 CASE_NOT_OPEN", "7 CASE_NOT_OPEN", "8 BAD_ROW"}));
  ASSERT_EQ(r.accepted.size(), 2u);
  EXPECT_EQ(r.accepted[0].line, 9);
  EXPECT_EQ(r.accepted[1].line, 10);
  EXPECT_EQ(r.cases.at(0).snoozed_until, D("2025-07-10"));
}

TEST_P(NightTest, ACaseIdWithALowerCaseXAndALowerCaseActionAreRead) {
  Nights nights(store_);
  nights.Run("2025-06-01", {F("E1_VISIT_OVERDUE", "37100219350903001X")});
  NightResult r =
      nights.Run("2025-06-02", {F("E1_VISIT_OVERDUE", "37100219350903001X")},
                 {Row(2, "E1_VISIT_OVERDUE:37100219350903001x:20250601", "2025-06-02", "visited")});
  EXPECT_TRUE(r.rejected.empty()) << r.rejected.at(0).reason;
  ASSERT_EQ(r.accepted.size(), 1u);
  EXPECT_EQ(r.accepted[0].case_id, "E1_VISIT_OVERDUE:37100219350903001X:20250601");
  EXPECT_EQ(r.accepted[0].action, Action::kVisited);
}

TEST_P(NightTest, TheSameDispositionTwiceCountsOnceAndTheLaterRowIsTheLastAction) {
  Nights nights(store_);
  nights.Run("2025-06-01", {F("H4_DIBAO_CANDIDATE", "HH1")});
  const std::string id = "H4_DIBAO_CANDIDATE:HH1:20250601";
  NightResult r = nights.Run(
      "2025-06-02", {F("H4_DIBAO_CANDIDATE", "HH1")},
      {Row(2, id, "2025-06-02", "ACKNOWLEDGED"), Row(3, id, "2025-06-02", "ACKNOWLEDGED", "w2"),
       Row(4, id, "2025-06-02", "VISITED")});
  EXPECT_EQ(r.accepted.size(), 2u);
  EXPECT_EQ(r.repeated_dispositions, 1u);
  const CaseTonight& t = r.cases.at(0);
  EXPECT_EQ(t.c.dispositions.at(t.last_action).action, Action::kVisited);
  // Recorded on an earlier night: a repeat again; an earlier date is not the last action.
  NightResult next = nights.Run(
      "2025-06-03", {F("H4_DIBAO_CANDIDATE", "HH1")},
      {Row(2, id, "2025-06-02", "VISITED"), Row(3, id, "2025-06-01", "NO_ACTION_NEEDED")});
  EXPECT_EQ(next.repeated_dispositions, 1u);
  EXPECT_EQ(next.accepted.size(), 1u);
  const CaseTonight& u = next.cases.at(0);
  EXPECT_EQ(u.c.dispositions.size(), 3u);
  EXPECT_EQ(u.c.dispositions.at(u.last_action).action, Action::kVisited);
  EXPECT_EQ(u.snoozed_until, D("2025-08-30"));  // 06-01 + 90 is later than 06-02 + 30
}

TEST_P(NightTest, WorklistOrderAndTies) {
  Nights nights(store_);
  nights.Run("2025-06-01", {F("H5_EXPENDITURE_HARDSHIP", "HH1", Severity::kHigh),
                            F("H4_DIBAO_CANDIDATE", "HH2", Severity::kMedium),
                            F("H4_DIBAO_CANDIDATE", "HH3", Severity::kLow)});
  NightResult r = nights.Run(
      "2025-06-02", {F("H5_EXPENDITURE_HARDSHIP", "HH1", Severity::kHigh),  // HIGH ONGOING
                     F("H4_DIBAO_CANDIDATE", "HH2", Severity::kMedium),     // MEDIUM ONGOING
                     F("H4_DIBAO_CANDIDATE", "HH3", Severity::kMedium),     // MEDIUM ESCALATED
                     F("H6_MARGINAL_CANDIDATE", "HH0", Severity::kMedium),  // MEDIUM NEW
                     F("H4_DIBAO_CANDIDATE", "HH4", Severity::kMedium),     // MEDIUM NEW
                     F("H4_DIBAO_CANDIDATE", "HH5", Severity::kHigh)});     // HIGH NEW
  EXPECT_EQ(WorklistIds(r),
            (std::vector<std::string>{
                "H4_DIBAO_CANDIDATE:HH5:20250602",       // HIGH, new
                "H5_EXPENDITURE_HARDSHIP:HH1:20250601",  // HIGH, ongoing
                // MEDIUM new or escalated: opened, rule, subject
                "H4_DIBAO_CANDIDATE:HH3:20250601", "H4_DIBAO_CANDIDATE:HH4:20250602",
                "H6_MARGINAL_CANDIDATE:HH0:20250602", "H4_DIBAO_CANDIDATE:HH2:20250601"}));
}

TEST_P(NightTest, TheLastNightAgainGivesTheSameAndAnEarlierNightIsRefused) {
  Nights nights(store_);
  const std::vector<Finding> first = {F("H4_DIBAO_CANDIDATE", "HH1"),
                                      F("H4_DIBAO_CANDIDATE", "HH2", Severity::kLow)};
  const std::vector<Finding> second = {F("H4_DIBAO_CANDIDATE", "HH2", Severity::kHigh),
                                       F("H4_DIBAO_CANDIDATE", "HH3")};
  const std::vector<DispositionRow> rows = {
      Row(2, "H4_DIBAO_CANDIDATE:HH1:20250601", "2025-06-01", "VISITED"),
      Row(3, "H4_DIBAO_CANDIDATE:HH2:20250601", "2025-06-02", "VISITED")};
  nights.Run("2025-06-01", first);
  const NightResult once = nights.Run("2025-06-02", second, rows);
  const NightResult twice = nights.Run("2025-06-02", second, rows);
  EXPECT_EQ(CasesCsv(once, false), CasesCsv(twice, false));
  EXPECT_EQ(WorklistCsv(once, false), WorklistCsv(twice, false));
  EXPECT_TRUE(twice.rejected.empty());
  EXPECT_EQ(twice.repeated_dispositions, 0u);
  // Then the store goes on as if the night had run once.
  const NightResult third = nights.Run("2025-06-03", second);
  EXPECT_EQ(Find(third, "H4_DIBAO_CANDIDATE", "HH2")->status, CaseStatus::kOngoing);
  EXPECT_EQ(Find(third, "H4_DIBAO_CANDIDATE", "HH2")->nights_fired, 3);

  auto store = CaseStore::Open(nights.store(), false);
  ASSERT_TRUE(store.ok());
  auto refused = (*store)->BeginNight(D("2025-06-02"), 30, 0);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("2025-06-03"), std::string::npos) << refused.status();
}

TEST_P(NightTest, SubjectHistoryAndTownLists) {
  Nights nights(store_);
  Finding member = F("E2_HOSPITALIZED_ALONE", "371002195712200001", Severity::kHigh);
  member.household_id = "HH1";
  nights.Run("2025-06-01", {F("H4_DIBAO_CANDIDATE", "HH1"), member});
  nights.Run("2025-06-02", {member},
             {Row(2, "H4_DIBAO_CANDIDATE:HH1:20250601", "2025-06-01", "VISITED")});
  auto store = CaseStore::Open(nights.store(), false);
  ASSERT_TRUE(store.ok());
  auto household = (*store)->SubjectHistory("HH1");
  ASSERT_TRUE(household.ok());
  ASSERT_EQ(household->size(), 2u);  // its own case and its member's
  auto person = (*store)->SubjectHistory("371002195712200001");
  ASSERT_TRUE(person.ok());
  ASSERT_EQ(person->size(), 1u);
  EXPECT_EQ((*person)[0].firings.size(), 2u);
  auto town = (*store)->OpenCasesOfTown("town");
  ASSERT_TRUE(town.ok());
  ASSERT_EQ(town->size(), 1u);  // H4 closed on 06-02
  EXPECT_EQ((*town)[0].c.rule_id, "E2_HOSPITALIZED_ALONE");
}

// Between nights (docs/monitoring.md "Between nights").
TEST_P(NightTest, ALiveCaseOpensOnTheLiveDateAndTheNextNightShowsItAsNew) {
  Nights nights(store_);
  nights.Run("2025-06-30", {F("H4_DIBAO_CANDIDATE", "HH1")});
  std::vector<LiveChange> live =
      nights.Live("2025-07-01", {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kHigh)});
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].status, CaseStatus::kNew);
  EXPECT_EQ(live[0].c.case_id, "E2_HOSPITALIZED_ALONE:P1:20250701");
  EXPECT_GT(live[0].c.number, 0);
  // The same finding again changes nothing.
  EXPECT_TRUE(
      nights.Live("2025-07-01", {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kHigh)}).empty());
  auto store = CaseStore::Open(nights.store(), false);
  ASSERT_TRUE(store.ok());
  auto history = (*store)->SubjectHistory("P1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  ASSERT_EQ((*history)[0].firings.size(), 1u);
  EXPECT_TRUE((*history)[0].firings[0].live);
  EXPECT_EQ((*history)[0].firings[0].status, "NEW");
  store->reset();

  NightResult night = nights.Run("2025-07-01", {F("H4_DIBAO_CANDIDATE", "HH1"),
                                                F("E2_HOSPITALIZED_ALONE", "P1", Severity::kHigh)});
  const CaseTonight* e2 = Find(night, "E2_HOSPITALIZED_ALONE", "P1");
  ASSERT_NE(e2, nullptr);
  EXPECT_EQ(e2->status, CaseStatus::kNew);
  EXPECT_EQ(e2->nights_fired, 1);
  EXPECT_EQ(e2->c.case_id, "E2_HOSPITALIZED_ALONE:P1:20250701");
  EXPECT_TRUE(e2->on_worklist);
  // The night run again keeps the case the live service opened.
  night = nights.Run("2025-07-01", {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kHigh)});
  e2 = Find(night, "E2_HOSPITALIZED_ALONE", "P1");
  ASSERT_NE(e2, nullptr);
  EXPECT_EQ(e2->status, CaseStatus::kNew);
  EXPECT_EQ(e2->c.case_id, "E2_HOSPITALIZED_ALONE:P1:20250701");
  night = nights.Run("2025-07-02", {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kHigh)});
  EXPECT_EQ(Find(night, "E2_HOSPITALIZED_ALONE", "P1")->status, CaseStatus::kOngoing);
  EXPECT_EQ(Find(night, "E2_HOSPITALIZED_ALONE", "P1")->nights_fired, 2);
}

TEST_P(NightTest, LiveEscalatesAndUpdatesButNeverCloses) {
  Nights nights(store_);
  nights.Run("2025-06-30", {F("E1_VISIT_OVERDUE", "P1", Severity::kLow)});
  // A finding on the last night's date is filed on the day after it.
  std::vector<LiveChange> live =
      nights.Live("2025-06-30", {F("E1_VISIT_OVERDUE", "P1", Severity::kHigh)});
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].status, CaseStatus::kEscalated);
  EXPECT_EQ(live[0].c.last_escalated, D("2025-07-01"));
  EXPECT_EQ(live[0].c.case_id, "E1_VISIT_OVERDUE:P1:20250630");
  Finding changed = F("E1_VISIT_OVERDUE", "P1", Severity::kHigh);
  changed.evidence = "x=2";
  live = nights.Live("2025-07-01", {changed});
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].status, CaseStatus::kOngoing);
  // No finding for P1's other rule: nothing closes between nights.
  EXPECT_TRUE(nights.Live("2025-07-01", {F("E4_ALLOWANCE_MISSING", "P2")}).size() == 1u);
  NightResult night = nights.Run("2025-07-01", {F("E1_VISIT_OVERDUE", "P1", Severity::kHigh)});
  const CaseTonight* e1 = Find(night, "E1_VISIT_OVERDUE", "P1");
  ASSERT_NE(e1, nullptr);
  EXPECT_EQ(e1->status, CaseStatus::kEscalated);
  EXPECT_EQ(e1->c.evidence, "x=1");
  // The live-opened E4 that the night does not find closes, cleared, on its opening date.
  const CaseTonight* e4 = Find(night, "E4_ALLOWANCE_MISSING", "P2");
  ASSERT_NE(e4, nullptr);
  EXPECT_EQ(e4->status, CaseStatus::kResolved);
  EXPECT_EQ(e4->c.close_reason, CloseReason::kCleared);
  EXPECT_EQ(e4->nights_fired, 0);
  night = nights.Run("2025-07-02", {F("E1_VISIT_OVERDUE", "P1", Severity::kHigh)});
  EXPECT_EQ(Find(night, "E1_VISIT_OVERDUE", "P1")->status, CaseStatus::kOngoing);
}

// The service's date ran ahead of the nights: a night before the live case
// opened leaves it alone (and does not open a second case of its key); the
// night run again keeps it; later nights take it up.
TEST_P(NightTest, ANightBeforeALiveCaseOpenedLeavesItAlone) {
  Nights nights(store_);
  nights.Run("2025-06-30", {});
  std::vector<LiveChange> live =
      nights.Live("2025-07-03", {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kHigh)});
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].c.case_id, "E2_HOSPITALIZED_ALONE:P1:20250703");
  NightResult night = nights.Run("2025-06-30", {F("E2_HOSPITALIZED_ALONE", "P1")});
  EXPECT_EQ(Find(night, "E2_HOSPITALIZED_ALONE", "P1"), nullptr);
  night = nights.Run("2025-07-01", {});
  EXPECT_EQ(Find(night, "E2_HOSPITALIZED_ALONE", "P1"), nullptr);
  night = nights.Run("2025-07-02", {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kHigh)});
  EXPECT_EQ(Find(night, "E2_HOSPITALIZED_ALONE", "P1"), nullptr);
  night = nights.Run("2025-07-03", {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kHigh)});
  const CaseTonight* e2 = Find(night, "E2_HOSPITALIZED_ALONE", "P1");
  ASSERT_NE(e2, nullptr);
  EXPECT_EQ(e2->status, CaseStatus::kNew);
  EXPECT_EQ(e2->c.case_id, "E2_HOSPITALIZED_ALONE:P1:20250703");
  ExpectResolvedOn(nights.Run("2025-07-04", {}), "E2_HOSPITALIZED_ALONE", "P1", "2025-07-04");
}

TEST_P(NightTest, LiveReopensWithinReopenDaysAndNeedsANight) {
  Nights nights(store_);
  auto store = CaseStore::Open(store_, true);
  ASSERT_TRUE(store.ok());
  const std::vector<std::string> subjects = {"P1"};
  EXPECT_EQ((*store)->BeginLive(subjects, D("2025-06-30"), 30).status().code(),
            absl::StatusCode::kFailedPrecondition);
  store->reset();
  nights.Run("2025-06-01", {F("E2_HOSPITALIZED_ALONE", "P1")});
  nights.Run("2025-06-02", {});
  std::vector<LiveChange> live = nights.Live("2025-06-20", {F("E2_HOSPITALIZED_ALONE", "P1")});
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].status, CaseStatus::kReopened);
  EXPECT_EQ(live[0].c.previous_case, "E2_HOSPITALIZED_ALONE:P1:20250601");
  NightResult night = nights.Run("2025-06-21", {F("E2_HOSPITALIZED_ALONE", "P1")});
  EXPECT_EQ(Find(night, "E2_HOSPITALIZED_ALONE", "P1")->status, CaseStatus::kReopened);
}

std::vector<std::string> Codes(const std::vector<RejectedDisposition>& rejected) {
  std::vector<std::string> codes;
  for (const RejectedDisposition& d : rejected)
    codes.push_back(Cat(d.line, " ", d.reason.substr(0, d.reason.find(':'))));
  return codes;
}

std::vector<Action> Actions(const Case& c) {
  std::vector<Action> actions;
  for (const Disposition& d : c.dispositions) actions.push_back(d.action);
  return actions;
}

// A worker is a name or an id people read: clean UTF-8, no control
// characters, at most 300 bytes -- in a file's rows and in posted ones.
TEST(CheckDispositions, AWorkerWithAControlCharacterTooLongOrNotUtf8IsABadRow) {
  const std::string id = "H4_DIBAO_CANDIDATE:HH1:20250601";
  auto find = [&](std::string_view case_id) -> std::optional<EarlierCase> {
    if (case_id != id) return std::nullopt;
    return EarlierCase{1, D("2025-06-01"), kNoDate, {}};
  };
  DispositionCheck checked =
      CheckDispositions(D("2025-06-05"),
                        {Row(0, id, "2025-06-02", "VISITED", "a\nb"),
                         Row(1, id, "2025-06-02", "VISITED", std::string(301, 'w')),
                         Row(2, id, "2025-06-02", "VISITED", "\xC3\x28"),
                         Row(3, id, "2025-06-02", "VISITED", std::string(300, 'w')),
                         Row(4, id, "2025-06-03", "VISITED", "张三（社区）")},
                        find);
  EXPECT_EQ(Codes(checked.rejected),
            (std::vector<std::string>{"0 BAD_ROW", "1 BAD_ROW", "2 BAD_ROW"}));
  EXPECT_NE(checked.rejected[0].reason.find("control"), std::string::npos);
  EXPECT_NE(checked.rejected[1].reason.find("301 bytes"), std::string::npos);
  EXPECT_EQ(checked.accepted.size(), 2u);
}

// docs/api.md "Dispositions": checked when posted as a night would, kept,
// and taken by the first night dated on or after each; a night run again
// takes them again.
TEST_P(NightTest, PostedDispositionsAreCheckedNowAndTakenByTheNextNight) {
  Nights nights(store_);
  nights.Run("2025-06-01", {F("H4_DIBAO_CANDIDATE", "HH1"), F("H4_DIBAO_CANDIDATE", "HH2")});
  nights.Run("2025-06-02", {F("H4_DIBAO_CANDIDATE", "HH1")});  // HH2's case closes
  const std::string hh1 = "H4_DIBAO_CANDIDATE:HH1:20250601",
                    hh2 = "H4_DIBAO_CANDIDATE:HH2:20250601";
  DispositionCheck posted = nights.Post(
      "2025-06-05", {Row(0, hh1, "2025-06-03", "VISITED"), Row(1, hh1, "2025-06-03", "VISITED"),
                     Row(2, hh2, "2025-06-03", "VISITED"),
                     Row(3, "H4_DIBAO_CANDIDATE:HH9:20250601", "2025-06-03", "VISITED"),
                     Row(4, hh1, "2025-06-06", "VISITED"), Row(5, hh1, "2025-06-03", "CALLED"),
                     Row(6, hh1, "6/3/2025", "VISITED"), Row(7, hh1, "2025-06-03", "VISITED", ""),
                     Row(8, hh1, "2025-06-04", "no_action_needed")});
  EXPECT_EQ(posted.accepted.size(), 2u);
  EXPECT_EQ(posted.repeated, 1u);
  EXPECT_EQ(Codes(posted.rejected),
            (std::vector<std::string>{"2 CASE_NOT_OPEN", "3 UNKNOWN_CASE", "4 FUTURE_DATE",
                                      "5 UNKNOWN_ACTION", "6 BAD_DATE", "7 BAD_ROW"}));
  EXPECT_NE(posted.rejected[2].reason.find("after the service's date 2025-06-05"),
            std::string::npos)
      << posted.rejected[2].reason;
  // Posted again: already posted, counted once.
  posted = nights.Post("2025-06-05", {Row(0, hh1, "2025-06-03", "VISITED")});
  EXPECT_TRUE(posted.accepted.empty());
  EXPECT_EQ(posted.repeated, 1u);
  EXPECT_EQ(nights.PostedWaiting(), 2);

  // The worklist now counts them: VISITED snoozes HH1's case to 2025-07-03.
  CaseStore::WorklistNow now = nights.WorklistNow("2025-06-05");
  ASSERT_EQ(now.cases.size(), 1u);
  EXPECT_EQ(now.cases[0].snoozed_until, D("2025-09-02"));  // NO_ACTION_NEEDED: 2025-06-04 + 90
  EXPECT_TRUE(now.worklist.empty());
  EXPECT_EQ(now.posted_waiting, 2u);

  // The night of 2025-06-03 takes the one dated then; the other waits.
  NightResult night = nights.Run("2025-06-03", {F("H4_DIBAO_CANDIDATE", "HH1")});
  EXPECT_EQ(night.accepted.size(), 1u);
  EXPECT_TRUE(night.rejected.empty());
  const CaseTonight* c = Find(night, "H4_DIBAO_CANDIDATE", "HH1");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Actions(c->c), std::vector<Action>{Action::kVisited});
  EXPECT_EQ(c->snoozed_until, D("2025-07-03"));
  EXPECT_FALSE(c->on_worklist);
  EXPECT_EQ(nights.PostedWaiting(), 1);
  // Run again: the same, not lost and not twice.
  night = nights.Run("2025-06-03", {F("H4_DIBAO_CANDIDATE", "HH1")});
  EXPECT_EQ(night.accepted.size(), 1u);
  EXPECT_EQ(Actions(Find(night, "H4_DIBAO_CANDIDATE", "HH1")->c),
            std::vector<Action>{Action::kVisited});
  EXPECT_EQ(nights.PostedWaiting(), 1);
  night = nights.Run("2025-06-04", {F("H4_DIBAO_CANDIDATE", "HH1")});
  EXPECT_EQ(night.accepted.size(), 1u);
  EXPECT_EQ(Find(night, "H4_DIBAO_CANDIDATE", "HH1")->snoozed_until, D("2025-09-02"));
  EXPECT_EQ(nights.PostedWaiting(), 0);
}

// A posted disposition the night finds no longer valid (its case closed
// that night) is rejected there, named as posted with its number.
TEST_P(NightTest, APostedDispositionTheNightRejectsIsReportedAsPosted) {
  Nights nights(store_);
  nights.Run("2025-06-01", {F("H4_DIBAO_CANDIDATE", "HH1")});
  DispositionCheck posted = nights.Post(
      "2025-06-02", {Row(0, "H4_DIBAO_CANDIDATE:HH1:20250601", "2025-06-02", "VISITED")});
  ASSERT_EQ(posted.accepted.size(), 1u);
  NightResult night = nights.Run("2025-06-02", {});
  ASSERT_EQ(night.rejected.size(), 1u);
  EXPECT_TRUE(night.rejected[0].posted);
  EXPECT_GT(night.rejected[0].line, 0);
  EXPECT_EQ(Codes(night.rejected)[0], Cat(night.rejected[0].line, " CASE_NOT_OPEN"));
  const std::string csv = RejectedDispositionsCsv("dispositions.csv", night, false);
  EXPECT_NE(csv.find(Cat(kPostedFile, ",", night.rejected[0].line, ",CASE_NOT_OPEN")),
            std::string::npos)
      << csv;
  EXPECT_EQ(nights.PostedWaiting(), 0);
}

// docs/cases.md "Between nights": a case the live service opened after the
// night's data was made stays open that night (its live finding stands);
// data made after it decides.
TEST_P(NightTest, ALiveCaseMadeAfterTheNightsDataStaysOpen) {
  Nights nights(store_);
  nights.Run("2025-06-30", {});
  ASSERT_EQ(nights.Live("2025-07-01", {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kHigh)}).size(),
            1u);
  const int64_t now = std::time(nullptr);
  nights.data_made = now - 3600;
  NightResult night = nights.Run("2025-07-01", {});
  const CaseTonight* e2 = Find(night, "E2_HOSPITALIZED_ALONE", "P1");
  ASSERT_NE(e2, nullptr);
  EXPECT_EQ(e2->status, CaseStatus::kNew);
  EXPECT_EQ(e2->c.closed, kNoDate);
  EXPECT_EQ(e2->c.severity, Severity::kHigh);
  EXPECT_EQ(e2->nights_fired, 1);
  EXPECT_TRUE(e2->on_worklist);
  night = nights.Run("2025-07-02", {});  // the same data, another night: still open
  EXPECT_EQ(Find(night, "E2_HOSPITALIZED_ALONE", "P1")->status, CaseStatus::kOngoing);
  nights.data_made = now + 3600;  // data that holds the signal and does not fire
  ExpectResolvedOn(nights.Run("2025-07-03", {}), "E2_HOSPITALIZED_ALONE", "P1", "2025-07-03");
}

// Section 2.1: the last night again gives the same, also after a live
// escalation dated that night that the night's data does not repeat.
TEST_P(NightTest, TheLastNightAgainKeepsALiveEscalationOfItsDate) {
  Nights nights(store_);
  nights.Run("2025-06-30", {F("H4_DIBAO_CANDIDATE", "HH1", Severity::kMedium)});
  ASSERT_EQ(nights.Live("2025-07-01", {F("H4_DIBAO_CANDIDATE", "HH1", Severity::kHigh)}).size(),
            1u);
  const std::vector<Finding> low = {F("H4_DIBAO_CANDIDATE", "HH1", Severity::kLow)};
  for (int run = 0; run < 2; ++run) {
    NightResult night = nights.Run("2025-07-01", low);
    const CaseTonight* c = Find(night, "H4_DIBAO_CANDIDATE", "HH1");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->status, CaseStatus::kEscalated) << "run " << run;
    EXPECT_EQ(c->c.highest_severity, Severity::kHigh) << "run " << run;
    EXPECT_EQ(c->c.last_escalated, D("2025-07-01")) << "run " << run;
  }
}

// A case the live service opened is NEW at the next night even when that
// night's finding is more severe; its highest severity is kept all the same,
// so the night after does not escalate it again.
TEST_P(NightTest, ALiveCaseMoreSevereAtTheNextNightKeepsItsHighestSeverity) {
  Nights nights(store_);
  nights.Run("2025-06-30", {});
  ASSERT_EQ(nights.Live("2025-07-01", {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kMedium)}).size(),
            1u);
  const std::vector<Finding> high = {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kHigh)};
  NightResult night = nights.Run("2025-07-01", high);
  const CaseTonight* e2 = Find(night, "E2_HOSPITALIZED_ALONE", "P1");
  ASSERT_NE(e2, nullptr);
  EXPECT_EQ(e2->status, CaseStatus::kNew);
  EXPECT_EQ(e2->c.highest_severity, Severity::kHigh);
  // Run again with a milder finding: as if it had run so the first time.
  night = nights.Run("2025-07-01", {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kMedium)});
  EXPECT_EQ(Find(night, "E2_HOSPITALIZED_ALONE", "P1")->c.highest_severity, Severity::kMedium);
  night = nights.Run("2025-07-01", high);
  night = nights.Run("2025-07-02", high);
  e2 = Find(night, "E2_HOSPITALIZED_ALONE", "P1");
  ASSERT_NE(e2, nullptr);
  EXPECT_EQ(e2->status, CaseStatus::kOngoing);
  EXPECT_EQ(e2->c.highest_severity, Severity::kHigh);
}

TEST_P(NightTest, TheWorklistNowPutsALiveCaseInItsPlace) {
  Nights nights(store_);
  nights.Run("2025-06-01",
             {F("H4_DIBAO_CANDIDATE", "HH1"), F("E1_VISIT_OVERDUE", "P2", Severity::kLow)});
  nights.Live("2025-06-02", {F("E2_HOSPITALIZED_ALONE", "P1", Severity::kHigh)});
  CaseStore::WorklistNow now = nights.WorklistNow("2025-06-02");
  EXPECT_EQ(now.last_night, D("2025-06-01"));
  ASSERT_EQ(now.worklist.size(), 3u);
  const CaseTonight& first = now.cases[now.worklist[0]];
  EXPECT_EQ(first.c.case_id, "E2_HOSPITALIZED_ALONE:P1:20250602");
  EXPECT_EQ(first.status, CaseStatus::kNew);
  EXPECT_EQ(now.cases[now.worklist[1]].c.rule_id, "H4_DIBAO_CANDIDATE");
  EXPECT_EQ(now.cases[now.worklist[2]].c.rule_id, "E1_VISIT_OVERDUE");
  EXPECT_EQ(nights.WorklistNow("2025-06-02", "town").worklist.size(), 3u);
  EXPECT_TRUE(nights.WorklistNow("2025-06-02", "elsewhere").cases.empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, NightTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         [](const auto& info) { return StoreKindName(info.param); });

}  // namespace
}  // namespace safetynet::cases
