#include "engine/people/worklist_book.h"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_invoke.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

#include "engine/common/date.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/io/safe_file_name.h"
#include "engine/io/xlsx_table.h"
#include "engine/monitor/outputs.h"
#include "engine/people/words.h"

namespace safetynet::people {
namespace {

std::vector<XlsxColumn> Columns(const WorklistBookOptions& options) {
  std::vector<XlsxColumn> columns = {
      {"序号", 6, XlsxCell::kInteger},  {"紧急程度", 8, XlsxCell::kText},
      {"事项", 26, XlsxCell::kText},    {"原因", 70, XlsxCell::kText},
      {"对象类型", 9, XlsxCell::kText}, {"身份证号或户号", 21, XlsxCell::kText},
      {"户号", 19, XlsxCell::kText}};
  if (options.with_names) columns.push_back({"姓名", 10, XlsxCell::kText});
  columns.insert(columns.end(), {{"区县", 16, XlsxCell::kText},
                                 {"区县代码", 9, XlsxCell::kText},
                                 {"镇街", 14, XlsxCell::kText},
                                 {"村居", 16, XlsxCell::kText},
                                 {"风险分", 7, XlsxCell::kInteger}});
  if (options.with_cases) {
    columns.insert(columns.end(), {{"案件编号", 44, XlsxCell::kText},
                                   {"案件状态", 10, XlsxCell::kText},
                                   {"立案日期", 11, XlsxCell::kDate},
                                   {"已立案天数", 9, XlsxCell::kInteger},
                                   {"最近处置", 12, XlsxCell::kText},
                                   {"处置日期", 11, XlsxCell::kDate}});
  }
  columns.push_back({"规则编号", 30, XlsxCell::kText});
  return columns;
}

// One row of the sheet; `number` is the row's 序号 within its file.
std::vector<std::string> Row(const WorklistEntry& e, size_t number,
                             const WorklistBookOptions& options) {
  std::string scratch;
  auto text = [&](std::string_view value) {
    return std::string(monitor::OutputText(value, options.mask_ids, scratch));
  };
  std::vector<std::string> row = {std::to_string(number),
                                  std::string(SeverityWord(e.severity)),
                                  std::string(e.label.empty() ? e.rule_id : e.label),
                                  text(e.reason),
                                  std::string(SubjectKindWord(e.subject_kind)),
                                  text(e.subject_id),
                                  text(e.household_id)};
  if (options.with_names) row.push_back(std::string(e.name));
  int32_t district = 0;
  std::from_chars(e.district.data(), e.district.data() + e.district.size(), district);
  row.insert(row.end(),
             {options.district_names ? std::string(DistrictName(*options.district_names, district))
                                     : std::string(),
              std::string(e.district), text(e.town), text(e.village), std::string(e.score)});
  if (options.with_cases) {
    const cases::CaseTonight* t = e.open_case;
    const cases::Disposition* last =
        t && t->last_action >= 0 ? &t->c.dispositions[t->last_action] : nullptr;
    row.insert(
        row.end(),
        {t ? text(t->c.case_id) : "", t ? std::string(CaseStatusWord(t->status)) : "",
         t ? FormatIsoDate(t->c.opened) : "", t ? std::to_string(options.night - t->c.opened) : "",
         last ? std::string(ActionWord(last->action)) : "", last ? FormatIsoDate(last->date) : ""});
  }
  row.push_back(std::string(e.rule_id));
  return row;
}

absl::Status WriteBook(const std::string& path, std::string_view sheet,
                       const std::vector<const WorklistEntry*>& entries,
                       const std::vector<XlsxColumn>& columns, const WorklistBookOptions& options) {
  return WriteXlsxTable(
      path, sheet, columns, entries.size(),
      [&](size_t r, std::vector<std::string>& cells) { cells = Row(*entries[r], r + 1, options); },
      options.night);
}

}  // namespace

void SortWorklist(std::vector<WorklistEntry>& entries) {
  std::stable_sort(
      entries.begin(), entries.end(), [](const WorklistEntry& a, const WorklistEntry& b) {
        return std::tie(b.severity, a.district, a.town, a.village, a.rule_id, a.subject_id) <
               std::tie(a.severity, b.district, b.town, b.village, b.rule_id, b.subject_id);
      });
}

absl::Status WriteWorklistBooks(const std::vector<WorklistEntry>& entries,
                                const WorklistBookOptions& options, const OutputFolder& out) {
  const std::vector<XlsxColumn> columns = Columns(options);
  std::vector<const WorklistEntry*> all;
  all.reserve(entries.size());
  std::map<std::pair<std::string_view, std::string_view>, std::vector<const WorklistEntry*>>
      by_town;
  for (const WorklistEntry& e : entries) {
    all.push_back(&e);
    by_town[{e.district, e.town}].push_back(&e);
  }

  const std::string folder = out.Path("worklist-by-town");
  SAFETYNET_RETURN_IF_ERROR(MakePrivateFolder(folder));
  // Named as the case files name their CSVs (case_outputs.h): from "DISTRICT-TOWN".
  std::vector<std::string> places;
  // The town as written (masked with --mask-ids), so that no id is in a file name.
  std::string scratch;
  for (const auto& [place, which] : by_town) {
    places.push_back(
        Cat(place.first, "-", monitor::OutputText(place.second, options.mask_ids, scratch)));
  }
  const std::string index_name = "index.csv";
  const std::span<const std::string> taken(&index_name, 1);
  const std::vector<std::string> books = SafeFileNames(places, ".xlsx", taken);
  const std::vector<std::string> lists =
      options.with_cases ? SafeFileNames(places, ".csv", taken) : std::vector<std::string>();
  // The city's workbook and the towns' are written in parallel (each
  // workbook is its own libxlsxwriter object).
  std::vector<std::pair<const std::pair<std::string_view, std::string_view>*,
                        const std::vector<const WorklistEntry*>*>>
      towns;
  for (const auto& [place, which] : by_town) towns.emplace_back(&place, &which);
  absl::Status city_status;
  std::vector<absl::Status> town_status(towns.size());
  tbb::parallel_invoke(
      [&] { city_status = WriteBook(out.Path("worklist.xlsx"), "待办", all, columns, options); },
      [&] {
        tbb::parallel_for(size_t{0}, towns.size(), [&](size_t n) {
          std::string masked;
          town_status[n] =
              WriteBook(Cat(folder, "/", books[n]),
                        monitor::OutputText(towns[n].first->second, options.mask_ids, masked),
                        *towns[n].second, columns, options);
        });
      });
  SAFETYNET_RETURN_IF_ERROR(city_status);
  for (const absl::Status& status : town_status) SAFETYNET_RETURN_IF_ERROR(status);
  CsvWriter index;
  index.ByteOrderMark();
  if (options.with_cases) {
    index.Row({"district", "town", "file", "workbook", "cases"});
  } else {
    index.Row({"district", "town", "workbook", "alerts"});
  }
  for (size_t n = 0; n < towns.size(); ++n) {
    const auto& [district, town] = *towns[n].first;
    const std::string count = std::to_string(towns[n].second->size());
    if (options.with_cases) {
      monitor::OutputRow(index, {district, town, lists[n], books[n], count}, options.mask_ids,
                         scratch);
    } else {
      monitor::OutputRow(index, {district, town, books[n], count}, options.mask_ids, scratch);
    }
  }
  return WriteFileAtomically(Cat(folder, "/", index_name), index.contents());
}

}  // namespace safetynet::people
