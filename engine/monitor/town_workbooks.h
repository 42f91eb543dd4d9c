// Lists for the caseworkers of each town as Excel workbooks (one .xlsx per
// town, engine/io/xlsx_table.h), in Chinese, with the district's name beside
// its code (engine/io/district_names.h):
//   entitlements-by-town/          (safetynet run) every entitlement of the
//                                  town's subjects: 区县, 区县代码, 镇街, 村居,
//                                  对象类型 (户/人/老年人), 户号或身份证号, 户号,
//                                  项目 (the entitlement's label in the rules),
//                                  月金额(元), 依据 (its reason sentence)
//   eligibility-changes-by-town/   (safetynet recalc) each household whose
//                                  eligibility changes: 区县, 区县代码, 镇街,
//                                  村居, 户号, 变化 (新纳入/不再符合),
//                                  原月金额(元), 新月金额(元)
// Each folder has index.csv (district, town, file, rows); the files are
// named from district and town as the split alerts files are
// (NamePlaceFiles, engine/monitor/split_files.h). Ids, codes and places are
// text cells; amounts are numbers shown as 0.00. With `mask_ids` every
// resident id in every cell, in the town names and so in the file names is
// masked (OutputText), as in the CSV lists. No names of people. Within a
// file rows are ordered by village, household id, subject (a household, its
// members, then elderly residents), subject id and kind. Files are 0600 and
// byte-identical for any thread count: their creation time is the as-of
// date. One owner per object; not thread-safe (a part's workbooks are
// written in parallel inside EndPart).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "engine/common/date.h"
#include "engine/io/district_names.h"
#include "engine/io/output_folder.h"
#include "engine/io/xlsx_table.h"
#include "engine/monitor/recalc.h"
#include "engine/monitor/records.h"
#include "engine/table/dataset.h"

namespace safetynet::monitor {

struct TownWorkbookOptions {
  Days as_of = kNoDate;  // recorded as the workbooks' creation date
  bool mask_ids = false;
  const DistrictNames* district_names = nullptr;  // null or empty: the code alone
};

// The workbooks of one folder, a town each, filled part by part (a whole
// run, or district by district: a town's rows all come in one part).
class TownWorkbooks {
 public:
  // Into `folder` (created here if missing, mode 0700), the given columns;
  // `rows_column` names the count in index.csv.
  TownWorkbooks(std::string folder, std::vector<XlsxColumn> columns, std::string rows_column,
                Days created);
  // A row of the town (`town` as written); rows of a town are ordered by
  // `key` (bytes). A town of a part already ended is an Internal error.
  absl::Status Add(int32_t district, std::string_view town, std::string key,
                   std::vector<std::string> cells);
  // Writes the workbooks of the towns added since the last EndPart (in
  // parallel), under provisional names. Errors: those of WriteXlsxTable.
  absl::Status EndPart();
  // Ends the part, names the files and writes index.csv (NamePlaceFiles).
  absl::Status Finish();

 private:
  struct Town {
    std::vector<std::pair<std::string, std::vector<std::string>>> rows;  // key, cells
    std::string provisional;
    size_t count = 0;
    bool ended = false;
  };
  std::string folder_;
  std::vector<XlsxColumn> columns_;
  std::string rows_column_;
  Days created_;
  std::map<std::pair<int32_t, std::string>, Town> towns_;  // by district, then town (bytes)
  std::vector<Town*> open_;
};

// entitlements-by-town/ of a run's output folder.
class EntitlementsByTown {
 public:
  EntitlementsByTown(const OutputFolder& out, TownWorkbookOptions options);
  // Adds `records` (subjects of `data`) and writes their towns' workbooks
  // (TownWorkbooks::Add, then EndPart).
  absl::Status AddPart(const Dataset& data, const std::vector<EntitlementRecord>& records);
  absl::Status Finish() { return books_.Finish(); }

 private:
  TownWorkbookOptions options_;
  TownWorkbooks books_;
};

// eligibility-changes-by-town/ of a recalc's output folder, from the
// report's eligibility changes (with their places and amounts).
absl::Status WriteEligibilityChangesByTown(std::span<const EligibilityChange> changes,
                                           const OutputFolder& out,
                                           const TownWorkbookOptions& options);

}  // namespace safetynet::monitor
