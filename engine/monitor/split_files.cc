#include "engine/monitor/split_files.h"

#include <stdio.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/io/safe_file_name.h"
#include "engine/monitor/outputs.h"

namespace safetynet::monitor {

SplitFiles::SplitFiles(SplitBy split_by, const OutputFolder& out)
    : by_town_(split_by == SplitBy::kTown),
      folder_(out.Path(by_town_ ? "alerts-by-town" : "alerts-by-district")) {
  ::mkdir(folder_.c_str(), 0700);
}

absl::Status SplitFiles::Add(const std::vector<const AlertLine*>& lines) {
  // A small buffer per place: a district may have many towns open at once.
  constexpr size_t kPlaceBuffer = size_t{64} << 10;
  std::pair<int32_t, std::string> place;
  PlaceAlerts* file = nullptr;
  for (const AlertLine* line : lines) {
    const std::string_view town = by_town_ ? line->town : std::string_view();
    if (file == nullptr || place.first != line->district || place.second != town) {
      place = {line->district, std::string(town)};
      auto [found, added] = places_.try_emplace(place);
      file = &found->second;
      if (added) {
        file->provisional = Cat(".place-", places_.size(), ".csv");
        SAFETYNET_ASSIGN_OR_RETURN(
            FileAppender appender,
            FileAppender::Create(Cat(folder_, "/", file->provisional), kPlaceBuffer));
        file->file.emplace(std::move(appender));
        file->file->Append(AlertsCsvHeader());
        open_.push_back(file);
      } else if (!file->file) {
        return absl::InternalError(
            Cat("the alerts of district ", place.first, " ", town, " came in two parts"));
      }
    }
    file->file->Append(line->csv);
    ++file->alerts;
  }
  return absl::OkStatus();
}

absl::Status SplitFiles::EndPart() {
  absl::Status status;
  for (PlaceAlerts* file : open_) {
    absl::Status committed = file->file->Commit();
    if (status.ok()) status = committed;
    file->file.reset();
  }
  open_.clear();
  return status;
}

absl::Status NamePlaceFiles(const std::string& folder, bool by_town,
                            std::span<const PlaceFile> places, std::string_view extension,
                            std::string_view rows_column) {
  std::vector<std::string> texts;
  for (const PlaceFile& place : places) {
    texts.push_back(by_town ? Cat(place.district, "-", place.town) : Cat(place.district));
  }
  static const std::string kIndex = "index.csv";
  const std::vector<std::string> names = SafeFileNames(texts, extension, {&kIndex, 1});
  CsvWriter index;
  index.ByteOrderMark();
  if (by_town) {
    index.Row({"district", "town", "file", rows_column});
  } else {
    index.Row({"district", "file", rows_column});
  }
  for (size_t i = 0; i < places.size(); ++i) {
    const PlaceFile& place = places[i];
    const std::string path = Cat(folder, "/", names[i]);
    if (::rename(Cat(folder, "/", place.provisional).c_str(), path.c_str()) != 0) {
      return absl::UnavailableError(Cat("cannot rename into ", path, ": ", std::strerror(errno)));
    }
    index.Field(Cat(place.district));
    if (by_town) index.Field(place.town);
    index.Row({names[i], Cat(place.rows)});
  }
  return WriteFileAtomically(Cat(folder, "/", kIndex), index.contents());
}

absl::Status SplitFiles::Finish() {
  SAFETYNET_RETURN_IF_ERROR(EndPart());
  std::vector<PlaceFile> files;
  for (const auto& [place, file] : places_) {
    files.push_back({place.first, place.second, file.provisional, file.alerts});
  }
  return NamePlaceFiles(folder_, by_town_, files, ".csv", "alerts");
}

}  // namespace safetynet::monitor
