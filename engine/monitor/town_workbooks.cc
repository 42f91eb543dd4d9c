#include "engine/monitor/town_workbooks.h"

#include <oneapi/tbb/parallel_for.h>
#include <sys/stat.h>

#include <algorithm>

#include "engine/common/money.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/monitor/outputs.h"
#include "engine/monitor/split_files.h"
#include "engine/monitor/subjects.h"
#include "engine/table/links.h"

namespace safetynet::monitor {
namespace {

using lang::Entity;

std::string DistrictNameOf(const TownWorkbookOptions& options, int32_t district) {
  return options.district_names == nullptr
             ? std::string()
             : std::string(DistrictName(*options.district_names, district));
}

// A cell as written: with --mask-ids, every resident id in it masked.
std::string Shown(std::string_view text, bool mask_ids) {
  std::string scratch;
  return std::string(OutputText(text, mask_ids, scratch));
}

std::vector<XlsxColumn> EntitlementColumns() {
  return {{"区县", 12, XlsxCell::kText},       {"区县代码", 10, XlsxCell::kText},
          {"镇街", 14, XlsxCell::kText},       {"村居", 16, XlsxCell::kText},
          {"对象类型", 9, XlsxCell::kText},    {"户号或身份证号", 21, XlsxCell::kText},
          {"户号", 19, XlsxCell::kText},       {"项目", 18, XlsxCell::kText},
          {"月金额(元)", 12, XlsxCell::kYuan}, {"依据", 50, XlsxCell::kText}};
}

std::vector<XlsxColumn> EligibilityColumns() {
  return {{"区县", 12, XlsxCell::kText},         {"区县代码", 10, XlsxCell::kText},
          {"镇街", 14, XlsxCell::kText},         {"村居", 16, XlsxCell::kText},
          {"户号", 19, XlsxCell::kText},         {"变化", 10, XlsxCell::kText},
          {"原月金额(元)", 13, XlsxCell::kYuan}, {"新月金额(元)", 13, XlsxCell::kYuan}};
}

// 对象类型, and the subject's rank within a household's rows.
std::string_view SubjectType(Entity entity) {
  return entity == Entity::kHousehold ? "户" : entity == Entity::kPerson ? "人" : "老年人";
}
std::string_view SubjectRank(Entity entity) {
  return entity == Entity::kHousehold ? "0" : entity == Entity::kPerson ? "1" : "2";
}

}  // namespace

TownWorkbooks::TownWorkbooks(std::string folder, std::vector<XlsxColumn> columns,
                             std::string rows_column, Days created)
    : folder_(std::move(folder)),
      columns_(std::move(columns)),
      rows_column_(std::move(rows_column)),
      created_(created) {
  ::mkdir(folder_.c_str(), 0700);
}

absl::Status TownWorkbooks::Add(int32_t district, std::string_view town, std::string key,
                                std::vector<std::string> cells) {
  auto [found, added] = towns_.try_emplace({district, std::string(town)});
  Town& place = found->second;
  if (added) {
    place.provisional = Cat(".place-", towns_.size(), ".xlsx");
    open_.push_back(&place);
  } else if (place.ended) {
    return absl::InternalError(
        Cat("the rows of district ", district, " town ", town, " came in two parts"));
  }
  place.rows.emplace_back(std::move(key), std::move(cells));
  return absl::OkStatus();
}

absl::Status TownWorkbooks::EndPart() {
  std::vector<absl::Status> written(open_.size());
  tbb::parallel_for(size_t{0}, open_.size(), [&](size_t i) {
    Town& place = *open_[i];
    std::sort(place.rows.begin(), place.rows.end());
    std::vector<std::vector<std::string>> rows;
    rows.reserve(place.rows.size());
    for (auto& [key, cells] : place.rows) rows.push_back(std::move(cells));
    place.count = rows.size();
    place.rows = {};
    place.ended = true;
    // The sheet is named after the town (the third column of every list).
    written[i] = WriteXlsxTable(Cat(folder_, "/", place.provisional), rows.front()[2], columns_,
                                rows, created_);
  });
  open_.clear();
  for (const absl::Status& status : written) SAFETYNET_RETURN_IF_ERROR(status);
  return absl::OkStatus();
}

absl::Status TownWorkbooks::Finish() {
  SAFETYNET_RETURN_IF_ERROR(EndPart());
  std::vector<PlaceFile> files;
  for (const auto& [place, town] : towns_) {
    files.push_back({place.first, place.second, town.provisional, town.count});
  }
  return NamePlaceFiles(folder_, true, files, ".xlsx", rows_column_);
}

EntitlementsByTown::EntitlementsByTown(const OutputFolder& out, TownWorkbookOptions options)
    : options_(std::move(options)),
      books_(out.Path("entitlements-by-town"), EntitlementColumns(), "entitlements",
             options_.as_of) {}

absl::Status EntitlementsByTown::AddPart(const Dataset& data,
                                         const std::vector<EntitlementRecord>& records) {
  const bool mask = options_.mask_ids;
  for (const EntitlementRecord& r : records) {
    const Place place = PlaceOf(data, r.entity, r.row);
    const uint32_t household = HouseholdOf(data, r.entity, r.row);
    const std::string_view household_id =
        household == kNoRow ? std::string_view() : data.households.household_id[household];
    const std::string town = Shown(place.town, mask);
    std::string fen;
    AppendYuan(fen, r.amount);
    const std::string_view label = r.label.empty() ? r.kind : r.label;
    std::string key =
        Cat(place.village, std::string_view("\0", 1), household_id, std::string_view("\0", 1),
            SubjectRank(r.entity), r.subject_id, std::string_view("\0", 1), r.kind);
    SAFETYNET_RETURN_IF_ERROR(books_.Add(
        place.district, town, std::move(key),
        {DistrictNameOf(options_, place.district), Cat(place.district), town,
         Shown(place.village, mask), std::string(SubjectType(r.entity)), Shown(r.subject_id, mask),
         Shown(household_id, mask), Shown(label, mask), fen, Shown(r.reason, mask)}));
  }
  return books_.EndPart();
}

absl::Status WriteEligibilityChangesByTown(std::span<const EligibilityChange> changes,
                                           const OutputFolder& out,
                                           const TownWorkbookOptions& options) {
  TownWorkbooks books(out.Path("eligibility-changes-by-town"), EligibilityColumns(), "households",
                      options.as_of);
  const bool mask = options.mask_ids;
  for (const EligibilityChange& e : changes) {
    const std::string town = Shown(e.town, mask);
    SAFETYNET_RETURN_IF_ERROR(books.Add(
        e.district, town, Cat(e.village, std::string_view("\0", 1), e.household_id),
        {DistrictNameOf(options, e.district), Cat(e.district), town, Shown(e.village, mask),
         Shown(e.household_id, mask), e.newly_eligible ? "新纳入" : "不再符合",
         FormatYuan(e.old_amount), FormatYuan(e.new_amount)}));
  }
  return books.Finish();
}

}  // namespace safetynet::monitor
