// safetynet cases: what the case store knows about one subject, or a town's
// open cases -- for a caseworker's "what do we know about this family?".
#include <algorithm>
#include <iostream>

#include "engine/cases/case_store.h"
#include "engine/cli/command_line.h"
#include "engine/common/resident_id.h"
#include "engine/common/text.h"
#include "engine/lang/source.h"

namespace safetynet::cli {
namespace {

std::string DateOrEmpty(Days day) { return day == kNoDate ? std::string() : FormatIsoDate(day); }

// The text printed, each line with its resident ids masked if asked.
class Printer {
 public:
  explicit Printer(bool mask_ids) : mask_ids_(mask_ids) {}
  void Line(const std::string& text) {
    std::string scratch;
    std::cout << (mask_ids_ ? MaskResidentIdsInText(text, scratch) : std::string_view(text))
              << "\n";
  }

 private:
  bool mask_ids_;
};

void PrintDispositions(Printer& out, const cases::Case& c) {
  if (c.dispositions.empty()) {
    out.Line("  dispositions: none");
    return;
  }
  out.Line("  dispositions:");
  for (const cases::Disposition& d : c.dispositions) {
    out.Line(Cat("    ", FormatIsoDate(d.date), "  ", cases::ActionName(d.action), " by ", d.worker,
                 d.posted ? std::string(" (posted to the service; the next night takes it)")
                          : Cat(" (recorded with the night of ", FormatIsoDate(d.night), ")")));
  }
}

void PrintCase(Printer& out, const cases::CaseHistory& h, bool every_firing) {
  const cases::Case& c = h.c;
  out.Line(Cat(c.case_id));
  out.Line(Cat("  ", c.rule_id, " about ", c.subject_kind, " ", c.subject_id,
               c.household_id.empty() || c.household_id == c.subject_id
                   ? std::string()
                   : Cat(" of household ", c.household_id),
               "; district ", c.district, ", ", c.town, ", ", c.village));
  out.Line(Cat("  opened ", FormatIsoDate(c.opened),
               c.closed == kNoDate ? std::string(", open")
                                   : Cat(", closed ", FormatIsoDate(c.closed), " (",
                                         cases::CloseReasonName(c.close_reason), ")"),
               "; highest severity ", cases::SeverityName(c.highest_severity),
               c.previous_case.empty() ? std::string() : Cat("; reopens ", c.previous_case)));
  if (every_firing) {
    const size_t nights = static_cast<size_t>(
        std::count_if(h.firings.begin(), h.firings.end(), [](const auto& f) { return !f.live; }));
    out.Line(Cat("  fired on ", nights, nights == 1 ? " night" : " nights",
                 nights == h.firings.size()
                     ? std::string(":")
                     : Cat(", and changed ", h.firings.size() - nights,
                           " times between nights by the live service (live):")));
    for (const cases::CaseHistory::Firing& f : h.firings) {
      out.Line(Cat("    ", FormatIsoDate(f.night), f.live ? " live" : "", "  ", f.status, "  ",
                   f.severity, f.score.empty() ? std::string() : Cat("  score ", f.score), "  ",
                   f.evidence));
    }
  } else if (!h.firings.empty()) {
    const cases::CaseHistory::Firing& f = h.firings.back();
    out.Line(Cat(f.live ? "  live on " : "  last night ", FormatIsoDate(f.night), ": ", f.status,
                 " ", f.severity, f.score.empty() ? std::string() : Cat(", score ", f.score), "; ",
                 f.evidence));
  }
  PrintDispositions(out, c);
}

}  // namespace

int CasesCommand(const Args& args) {
  po::options_description options("options");
  options.add_options()("store", po::value<std::string>()->required(),
                        "the case store (an SQLite file or postgresql://...)")(
      "subject", po::value<std::string>(),
      "a household id or a resident id: every case about it (a household's also its "
      "members'), each night it fired, each disposition")(
      "town", po::value<std::string>(), "a town as the data spell it: its open cases")(
      "mask-ids", po::bool_switch(), "mask every resident id printed");
  po::variables_map values;
  if (auto exit = ParseOptions(
          "cases", args, options,
          "safetynet cases --store S (--subject ID | --town NAME) [--mask-ids]",
          "Prints what the case store knows: for --subject, every case about the household\n"
          "or resident (open or closed), each night it fired with its status, severity and\n"
          "evidence, and each disposition; for --town, the town's open cases after the last\n"
          "night, with their last night and dispositions.",
          values)) {
    return *exit;
  }
  const bool by_subject = values.count("subject") > 0, by_town = values.count("town") > 0;
  if (by_subject == by_town) {
    Complain("cases", "give one of --subject ID or --town NAME");
    return kExitUsage;
  }
  // The value as pasted: blanks around it are not part of it.
  const std::string what(TrimBlanks(
      by_subject ? values["subject"].as<std::string>() : values["town"].as<std::string>(),
      " \t\r\n"));
  if (what.empty()) {
    Complain("cases", by_subject ? "--subject is empty: give a household id or a resident id"
                                 : "--town is empty: give a town as the data spell it");
    return kExitUsage;
  }
  const std::string store_name = values["store"].as<std::string>();
  auto store = cases::CaseStore::Open(store_name, false);
  if (!store.ok()) {
    Complain("cases", std::string(store.status().message()));
    return kExitFailed;
  }
  auto last = (*store)->LastNight();
  auto histories = by_subject ? (*store)->SubjectHistory(what) : (*store)->OpenCasesOfTown(what);
  if (!last.ok() || !histories.ok()) {
    Complain("cases", std::string((last.ok() ? histories.status() : last.status()).message()));
    return kExitFailed;
  }
  Printer out(values["mask-ids"].as<bool>());
  out.Line(Cat(by_subject ? "cases about " : "open cases of the town ", what, " in ",
               (*store)->Describe(), " (last night ",
               *last == kNoDate ? std::string("none") : DateOrEmpty(*last),
               "): ", histories->size()));
  for (const cases::CaseHistory& h : *histories) {
    out.Line("");
    PrintCase(out, h, by_subject);
  }
  if (histories->empty() && by_town) {
    // No open case there: perhaps the name is not the data's.
    auto towns = (*store)->TownsWithOpenCases();
    if (towns.ok()) {
      const std::vector<std::string_view> names(towns->begin(), towns->end());
      out.Line(Cat("no open case in a town of that name", lang::DidYouMean(what, names), "; ",
                   towns->size(), " towns have open cases (the name as the data spell it)"));
    }
  } else if (histories->empty()) {
    out.Line("no case about this id (a household id, HH..., or an 18-character resident id)");
  }
  return kExitOk;
}

}  // namespace safetynet::cli
