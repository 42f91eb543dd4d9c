// The live service's data: posted signals checked as the import checks
// signals.csv rows (engine/serve/signal_check.h), and the subjects a signal
// touches re-evaluated with it (engine/serve/live_data.h), against the
// whole-data evaluation of the same data.
#include "engine/serve/live_data.h"

#include <gtest/gtest.h>

#include "engine/common/resident_id.h"
#include "engine/serve/signal_check.h"
#include "tests/support/reference_data.h"

namespace safetynet::serve {
namespace {

api::SignalFields Signal(std::string id, std::string type, std::string person, std::string date,
                         std::string amount = "", std::string inpatient = "") {
  api::SignalFields s;
  s.set_signal_id(id);
  s.set_source("MEDICAL_INSURANCE");
  s.set_type(type);
  s.set_person_id(person);
  s.set_event_date(date);
  s.set_amount(amount);
  s.set_inpatient(inpatient);
  return s;
}

const Days kAsOf = *ParseIsoDate("2025-06-30");

class LiveDataTest : public ::testing::Test {
 protected:
  LiveDataTest()
      : live_(std::shared_ptr<const lang::Program>(testing::WeihaiRules()),
              std::shared_ptr<const Dataset>(testing::ImportReferenceData("tiny"))) {}

  SignalCheck Check(const api::SignalsRequest& request) {
    return CheckSignals(request, options_, [this](std::string_view id) { return live_.Known(id); });
  }

  // An elderly resident living alone, alive, without E2 on the as-of date.
  PackedId AloneWithoutE2() {
    const Dataset& d = live_.snapshot();
    for (uint32_t e = 0; e < d.elderly.size(); ++e) {
      if (d.elderly.living[e] != Living::kAlone) continue;
      const PackedId id = d.elderly.person_id[e];
      auto evaluation = live_.Evaluate({&id, 1}, kAsOf);
      EXPECT_TRUE(evaluation.ok()) << evaluation.status();
      bool e2 = false, dead = false;
      for (const LiveFinding& f : evaluation->findings) {
        e2 |= f.finding.rule_id == "E2_HOSPITALIZED_ALONE";
        dead |= f.finding.rule_id == "E3_DECEASED_ALLOWANCE";
      }
      if (!e2 && !dead) return id;
    }
    ADD_FAILURE() << "no elderly resident alone without E2 in tiny";
    return 0;
  }

  ImportOptions options_;
  LiveData live_;
};

TEST_F(LiveDataTest, GoodSignalsAreTakenAndBadOnesNamedByPlaceAndColumn) {
  const std::string person = FormatResidentId(live_.snapshot().elderly.person_id[0]);
  api::SignalsRequest request;
  *request.add_signals() = Signal("L-1", "MEDICAL", person, "2025-06-29", "120.50", "1");
  *request.add_signals() = Signal("L-2", "MEDICAL", person, "2025-06-31", "10", "1");
  *request.add_signals() = Signal("L-1", "MEDICAL", person, "2025-06-29", "10", "0");
  *request.add_signals() = Signal("L-3", "INCOME", person, "2025-06-01", "-5");
  // A detail with line breaks and quotes must not move the places of the next ones.
  api::SignalFields with_detail = Signal("L-4", "DISASTER", person, "2025-06-20", "3000");
  with_detail.set_detail("flood,\n\"second floor\"\r\nthird line");
  *request.add_signals() = with_detail;
  *request.add_signals() = Signal("L-5", "SALARY", person, "2025-06-20", "3000");
  *request.add_signals() = Signal("L-6", "MEDICAL", "110101199003074515", "2025-06-20", "1");
  *request.add_signals() =
      Signal(std::string(live_.snapshot().signals.signal_id[0]), "DEATH", person, "2025-06-20");

  const SignalCheck check = Check(request);
  EXPECT_EQ(check.accepted_index, (std::vector<int32_t>{0, 4}));
  ASSERT_EQ(check.accepted.size(), 2u);
  EXPECT_EQ(check.accepted.amount[0], 12050);
  EXPECT_EQ(check.accepted.detail[1], "flood,\n\"second floor\"\r\nthird line");
  std::vector<std::tuple<int, std::string, std::string>> rejected;
  for (const api::RejectedSignal& r : check.rejected)
    rejected.emplace_back(r.index(), r.column(), r.kind());
  EXPECT_EQ(rejected, (std::vector<std::tuple<int, std::string, std::string>>{
                          {1, "event_date", "BAD_DATE"},
                          {2, "signal_id", "DUPLICATE_KEY"},
                          {3, "amount", "NEGATIVE_AMOUNT"},
                          {5, "type", "UNKNOWN_CODE"},
                          {6, "person_id", "BAD_CHECKSUM"},
                          {7, "signal_id", "DUPLICATE_KEY"}}));
  for (const api::RejectedSignal& r : check.rejected) {
    EXPECT_FALSE(r.reason().empty());
    EXPECT_EQ(r.reason().find(person), std::string::npos) << r.reason();
  }

  // Once taken, an id is known: posting it again is a duplicate.
  live_.Take(check.accepted);
  api::SignalsRequest again;
  *again.add_signals() = Signal("L-4", "DISASTER", person, "2025-06-20", "3000");
  const SignalCheck second = Check(again);
  ASSERT_EQ(second.rejected.size(), 1u);
  EXPECT_EQ(second.rejected[0].kind(), "DUPLICATE_KEY");
}

TEST_F(LiveDataTest, AHospitalStayOfAnElderAloneFiresE2OnTheSubjectAlone) {
  const PackedId elder = AloneWithoutE2();
  api::SignalsRequest request;
  *request.add_signals() =
      Signal("LIVE-E2", "MEDICAL", FormatResidentId(elder), "2025-06-30", "800", "1");
  const SignalCheck check = Check(request);
  ASSERT_EQ(check.accepted.size(), 1u);
  live_.Take(check.accepted);
  absl::StatusOr<LiveEvaluation> evaluation = live_.Evaluate({&elder, 1}, kAsOf);
  ASSERT_TRUE(evaluation.ok()) << evaluation.status();
  const LiveFinding* e2 = nullptr;
  for (const LiveFinding& f : evaluation->findings) {
    if (f.finding.rule_id == "E2_HOSPITALIZED_ALONE") e2 = &f;
  }
  ASSERT_NE(e2, nullptr);
  EXPECT_EQ(e2->finding.subject_id, FormatResidentId(elder));
  EXPECT_EQ(e2->finding.severity, cases::Severity::kHigh);
  EXPECT_EQ(e2->label, "独居老人住院");
  EXPECT_NE(e2->reason.find("2025-06-30"), std::string::npos) << e2->reason;
  EXPECT_NE(std::find(evaluation->subject_ids.begin(), evaluation->subject_ids.end(),
                      FormatResidentId(elder)),
            evaluation->subject_ids.end());
  // A signal dated after the evaluation's date does not count (future-dated).
  absl::StatusOr<LiveEvaluation> before = live_.Evaluate({&elder, 1}, kAsOf - 1);
  ASSERT_TRUE(before.ok());
  for (const LiveFinding& f : before->findings)
    EXPECT_NE(f.finding.rule_id, "E2_HOSPITALIZED_ALONE");
}

// The slice's findings are exactly the whole data's for its subjects.
TEST_F(LiveDataTest, EverySubjectsFindingsMatchTheWholeEvaluation) {
  const Dataset& d = live_.snapshot();
  std::vector<PackedId> everyone(d.persons.person_id.begin(), d.persons.person_id.end());
  everyone.insert(everyone.end(), d.elderly.person_id.begin(), d.elderly.person_id.end());
  absl::StatusOr<LiveEvaluation> all = live_.Evaluate(everyone, kAsOf);
  ASSERT_TRUE(all.ok()) << all.status();
  auto key = [](const LiveFinding& f) {
    return f.finding.rule_id + "|" + f.finding.subject_id + "|" + f.finding.evidence + "|" +
           std::to_string(static_cast<int>(f.finding.severity));
  };
  std::multiset<std::string> whole;
  for (const LiveFinding& f : all->findings) whole.insert(key(f));
  // One subject at a time gives the same findings (every third resident, for time).
  std::multiset<std::string> one_by_one, sampled_whole;
  std::set<std::string> seen, subjects;
  for (size_t i = 0; i < everyone.size(); i += 3) {
    const PackedId id = everyone[i];
    absl::StatusOr<LiveEvaluation> one = live_.Evaluate({&id, 1}, kAsOf);
    ASSERT_TRUE(one.ok());
    for (const LiveFinding& f : one->findings) {
      if (seen.insert(f.finding.rule_id + "|" + f.finding.subject_id).second) {
        one_by_one.insert(key(f));
        subjects.insert(f.finding.subject_id);
      }
    }
  }
  for (const LiveFinding& f : all->findings) {
    if (subjects.contains(f.finding.subject_id)) sampled_whole.insert(key(f));
  }
  EXPECT_EQ(sampled_whole, one_by_one);
  EXPECT_GT(one_by_one.size(), 20u);
  EXPECT_GT(whole.size(), 50u);
}

TEST_F(LiveDataTest, ExplainSeesTheSignalsTaken) {
  const PackedId elder = AloneWithoutE2();
  const std::string id = FormatResidentId(elder);
  absl::StatusOr<std::string> before = live_.Explain(id, kAsOf);
  ASSERT_TRUE(before.ok()) << before.status();
  api::SignalsRequest request;
  *request.add_signals() = Signal("LIVE-X", "MEDICAL", id, "2025-06-30", "800", "1");
  live_.Take(Check(request).accepted);
  absl::StatusOr<std::string> after = live_.Explain(id, kAsOf);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(*before, *after);
  EXPECT_NE(after->find("E2_HOSPITALIZED_ALONE"), std::string::npos);
  EXPECT_FALSE(live_.Explain("110101199003074514", kAsOf).ok());
}

}  // namespace
}  // namespace safetynet::serve
