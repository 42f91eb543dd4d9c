#include "engine/io/snapshot.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "engine/common/crc32c.h"
#include "engine/io/files.h"
#include "engine/io/snapshot_part.h"
#include "engine/synth/synth.h"
#include "safetynet/snapshot.pb.h"
#include "tests/support/reference_data.h"
#include "tests/support/test_folder.h"

namespace safetynet {
namespace {

std::unique_ptr<Dataset> TinyDataset() { return testing::Synthesized(synth::SynthOptions{}); }

// Small chunks, so that the tiny data set spans many of them.
constexpr size_t kChunkRecords = 97;

uint32_t GetU32(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i)
    value |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return value;
}

void SetU32(std::string& bytes, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

// Offset of the first chunk's frame.
size_t FirstChunk(const std::string& bytes) { return 8 + 8 + GetU32(bytes, 8); }

TEST(Snapshot, RoundTripGivesTheSameTables) {
  auto dataset = TinyDataset();
  std::string bytes = SerializeSnapshot(*dataset, kChunkRecords);
  SnapshotSummary summary;
  auto loaded = ParseSnapshot(bytes, "tiny.snap", &summary);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(SameTables(*dataset, **loaded));
  EXPECT_EQ(summary.households, dataset->households.size());
  EXPECT_EQ(summary.signals, dataset->signals.size());
  EXPECT_GT(summary.chunks, 40u);
  EXPECT_EQ((*loaded)->households.member_begin, dataset->households.member_begin);
}

TEST(Snapshot, EmptyDatasetRoundTrips) {
  Dataset empty;
  auto loaded = ParseSnapshot(SerializeSnapshot(empty), "empty.snap");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->households.size(), 0u);
  EXPECT_EQ((*loaded)->households.member_begin, (std::vector<uint32_t>{0}));
}

TEST(Snapshot, AFlippedByteAnywhereIsAnErrorNamingFileAndPlace) {
  auto dataset = TinyDataset();
  const std::string good = SerializeSnapshot(*dataset, kChunkRecords);
  const size_t first_chunk = FirstChunk(good);
  // Every byte of the magic and header, and a spread of chunk bytes.
  std::vector<size_t> positions;
  for (size_t i = 0; i < first_chunk + 16; ++i) positions.push_back(i);
  for (size_t i = first_chunk + 16; i < good.size(); i += good.size() / 400) positions.push_back(i);
  for (size_t at : positions) {
    std::string bad = good;
    bad[at] ^= 0x20;
    auto loaded = ParseSnapshot(bad, "city.snap");
    ASSERT_FALSE(loaded.ok()) << "a flip at byte " << at << " went unnoticed";
    EXPECT_NE(loaded.status().message().find("city.snap"), std::string::npos);
    if (at >= first_chunk + 8) {
      EXPECT_NE(loaded.status().message().find("chunk "), std::string::npos)
          << loaded.status().message();
    }
  }
}

TEST(Snapshot, TruncationAtAnyPointIsAnError) {
  auto dataset = TinyDataset();
  const std::string good = SerializeSnapshot(*dataset, kChunkRecords);
  for (size_t length = 0; length < good.size(); length += 1 + length / 3) {
    auto loaded = ParseSnapshot(std::string_view(good).substr(0, length), "t.snap");
    EXPECT_FALSE(loaded.ok()) << "truncated to " << length << " bytes was accepted";
  }
  auto loaded = ParseSnapshot(std::string_view(good).substr(0, good.size() - 1), "t.snap");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("truncated"), std::string::npos);
}

TEST(Snapshot, ExtraBytesAfterTheLastChunkAreAnError) {
  auto dataset = TinyDataset();
  std::string bytes = SerializeSnapshot(*dataset, kChunkRecords) + "junk";
  EXPECT_FALSE(ParseSnapshot(bytes, "t.snap").ok());
}

TEST(Snapshot, AChunkLengthOfFourGigabytesIsAnError) {
  auto dataset = TinyDataset();
  std::string bytes = SerializeSnapshot(*dataset, kChunkRecords);
  SetU32(bytes, FirstChunk(bytes), 0xFFFFFFFFu);
  auto loaded = ParseSnapshot(bytes, "t.snap");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("chunk 0"), std::string::npos);
}

// Re-frames the header with a valid checksum, so only its content lies.
std::string WithHeader(const std::string& bytes, const snapshot::SnapshotHeader& header) {
  std::string body = header.SerializeAsString();
  std::string out = bytes.substr(0, 8);
  std::string frame(8, '\0');
  SetU32(frame, 0, static_cast<uint32_t>(body.size()));
  SetU32(frame, 4, Crc32c(body.data(), body.size()));
  return out + frame + body + bytes.substr(FirstChunk(bytes));
}

snapshot::SnapshotHeader HeaderOf(const std::string& bytes) {
  snapshot::SnapshotHeader header;
  EXPECT_TRUE(header.ParseFromArray(bytes.data() + 16, static_cast<int>(GetU32(bytes, 8))));
  return header;
}

TEST(Snapshot, AHeaderThatLiesAboutCountsIsAnError) {
  auto dataset = TinyDataset();
  const std::string good = SerializeSnapshot(*dataset, kChunkRecords);
  snapshot::SnapshotHeader header = HeaderOf(good);
  ASSERT_TRUE(ParseSnapshot(WithHeader(good, header), "t.snap").ok());

  snapshot::SnapshotHeader more_persons = header;
  more_persons.set_persons(header.persons() + 1);
  auto loaded = ParseSnapshot(WithHeader(good, more_persons), "t.snap");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("persons"), std::string::npos);

  snapshot::SnapshotHeader fewer_chunks = header;
  fewer_chunks.set_chunks(header.chunks() - 1);
  EXPECT_FALSE(ParseSnapshot(WithHeader(good, fewer_chunks), "t.snap").ok());

  snapshot::SnapshotHeader other_version = header;
  other_version.set_format_version(2);
  loaded = ParseSnapshot(WithHeader(good, other_version), "t.snap");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("version"), std::string::npos);
}

// A chunk's frame: its size, its CRC-32C and the chunk.
std::string Framed(const snapshot::Chunk& chunk) {
  std::string body = chunk.SerializeAsString();
  std::string out(8, '\0');
  SetU32(out, 0, static_cast<uint32_t>(body.size()));
  SetU32(out, 4, Crc32c(body.data(), body.size()));
  return out + body;
}

// The whole reader and the partial reader (--by-district) give the same
// verdict: both load, or both fail with the same message.
absl::StatusOr<std::unique_ptr<Dataset>> ParseBothWays(const std::string& bytes) {
  auto whole = ParseSnapshot(bytes, "t.snap");
  SnapshotPart part;
  part.districts = {371002};
  auto partial = ParseSnapshotPart(bytes, "t.snap", part);
  EXPECT_EQ(whole.ok(), partial.ok()) << whole.status() << " / " << partial.status();
  if (!whole.ok() && !partial.ok()) {
    EXPECT_EQ(whole.status(), partial.status());
  }
  return whole;
}

TEST(Snapshot, ValidChunksWithBadContentAreErrors) {
  // A checksum-valid chunk whose columns disagree in length, or whose code
  // is out of range: written by a buggy or hostile tool. Read whole and in
  // part, where rows not kept must be checked too.
  auto frame = Framed;
  Dataset empty;
  const std::string base = SerializeSnapshot(empty);
  snapshot::SnapshotHeader header = HeaderOf(base);
  header.set_chunks(1);
  header.set_signals(1);

  snapshot::Chunk chunk;
  auto* s = chunk.mutable_signals();
  s->mutable_signal_id()->set_data("S1");
  s->mutable_signal_id()->add_lengths(2);
  s->mutable_source()->add_lengths(0);
  s->set_type(std::string(1, '\x09'));  // no signal type 9
  s->add_person_id(1);
  s->add_event_date(0);
  s->add_amount(0);
  s->set_inpatient(std::string(1, '\0'));
  s->mutable_detail()->add_lengths(0);
  auto loaded = ParseBothWays(WithHeader(base, header) + frame(chunk));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("type"), std::string::npos) << loaded.status();

  s->set_type(std::string(1, '\0'));
  ASSERT_TRUE(ParseBothWays(WithHeader(base, header) + frame(chunk)).ok());
  s->mutable_signal_id()->set_data("S12");  // text lengths that do not add up
  loaded = ParseBothWays(WithHeader(base, header) + frame(chunk));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("signal_id"), std::string::npos) << loaded.status();
  s->mutable_signal_id()->set_data("S1");
  s->add_amount(5);  // two amounts for one record
  loaded = ParseBothWays(WithHeader(base, header) + frame(chunk));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("amount"), std::string::npos) << loaded.status();
  s->mutable_amount()->RemoveLast();
  s->clear_event_date();  // a column an older writer did not have
  loaded = ParseBothWays(WithHeader(base, header) + frame(chunk));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(),
            "t.snap: chunk 0: column event_date is missing (a snapshot of another safetynet "
            "version? import the exchange files again)");
}

TEST(Snapshot, AChunkWrittenBeforeTheImportersCountsReadsThemAsZero) {
  // An elderly resident with a rejected death report, written as a
  // safetynet before the rejected_* columns (and the import's record) would
  // have written it: the chunk lacks those columns.
  Dataset one;
  one.elderly.person_id.push_back(ParseResidentId("371003194101110017").packed);
  one.elderly.district.push_back(371002);
  one.elderly.birth_date.push_back(DaysFromCivil({1941, 1, 11}));
  PadColumns(one.elderly);
  one.elderly.rejected_death_reports[0] = 1;
  one.info.imported_files.push_back(
      {.file = "elderly.csv", .rows = 1, .imported = 1, .encoding = "GB18030"});
  const std::string current = SerializeSnapshot(one);
  auto loaded = ParseBothWays(current);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->elderly.rejected_death_reports, std::vector<uint32_t>{1});
  EXPECT_EQ((*loaded)->info.imported_files, one.info.imported_files);

  snapshot::Chunk chunk;
  const size_t at = FirstChunk(current);
  ASSERT_TRUE(chunk.ParseFromArray(current.data() + at + 8, static_cast<int>(GetU32(current, at))));
  chunk.mutable_elderly()->clear_rejected_signal_rows();
  chunk.mutable_elderly()->clear_rejected_death_reports();
  chunk.mutable_elderly()->clear_rejected_elderly_rows();
  chunk.mutable_elderly()->clear_rejected_person_rows();
  snapshot::SnapshotHeader header = HeaderOf(current);
  header.clear_imported_files();
  loaded = ParseBothWays(WithHeader(current.substr(0, at), header) + Framed(chunk));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->elderly.rejected_death_reports, std::vector<uint32_t>{0});
  EXPECT_EQ((*loaded)->elderly.rejected_signal_rows, std::vector<uint32_t>{0});
  EXPECT_TRUE((*loaded)->info.imported_files.empty());  // not recorded
}

TEST(Snapshot, ADistrictOfOtherThanSixDigitsIsAnErrorWholeAndInPart) {
  std::unique_ptr<Dataset> data = TinyDataset();
  data->elderly.district[0] = -5;
  auto loaded = ParseBothWays(SerializeSnapshot(*data, kChunkRecords));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("column district holds a district that is not 6 digits"),
            std::string::npos)
      << loaded.status();
  data->elderly.district[0] = 1000000;
  EXPECT_FALSE(ParseBothWays(SerializeSnapshot(*data, kChunkRecords)).ok());
  data->elderly.district[0] = 371002;
  EXPECT_TRUE(ParseBothWays(SerializeSnapshot(*data, kChunkRecords)).ok());
}

// Values the importer never writes (crafted or damaged, with valid
// checksums): refused by the column's kind, before any date or money
// arithmetic sees them. Whole and in part.
TEST(Snapshot, ValuesOutsideTheImportersRangeAreErrorsWholeAndInPart) {
  std::unique_ptr<Dataset> data = TinyDataset();
  ASSERT_GT(data->signals.size(), 0u);
  auto refused = [&](const std::string& what) {
    auto loaded = ParseBothWays(SerializeSnapshot(*data, kChunkRecords));
    if (loaded.ok()) return ::testing::AssertionFailure() << "loaded, expected: " << what;
    if (loaded.status().message().find(what) == std::string::npos)
      return ::testing::AssertionFailure() << loaded.status();
    return ::testing::AssertionSuccess();
  };
  const Days birth = data->persons.birth_date[0];
  data->persons.birth_date[0] = std::numeric_limits<int32_t>::max();
  EXPECT_TRUE(refused("column birth_date holds a date outside the years 0001-9999"));
  data->persons.birth_date[0] = kLastDate + 1;
  EXPECT_TRUE(refused("column birth_date holds a date outside the years 0001-9999"));
  data->persons.birth_date[0] = kFirstDate - 1;
  EXPECT_TRUE(refused("column birth_date holds a date outside the years 0001-9999"));
  data->persons.birth_date[0] = kNoDate;  // a required date
  EXPECT_TRUE(refused("column birth_date holds an empty date where one is required"));
  data->persons.birth_date[0] = birth;
  const Days visit = data->elderly.last_visit[0];
  data->elderly.last_visit[0] = kNoDate;  // an optional date: never visited
  EXPECT_TRUE(ParseBothWays(SerializeSnapshot(*data, kChunkRecords)).ok());
  data->elderly.last_visit[0] = kLastDate;  // the ends of the range are dates
  EXPECT_TRUE(ParseBothWays(SerializeSnapshot(*data, kChunkRecords)).ok());
  data->elderly.last_visit[0] = kFirstDate;
  EXPECT_TRUE(ParseBothWays(SerializeSnapshot(*data, kChunkRecords)).ok());
  data->elderly.last_visit[0] = visit;
  data->households.current_payment[0] = -1;
  EXPECT_TRUE(refused("column current_payment holds a negative amount"));
  data->households.current_payment[0] = std::numeric_limits<int64_t>::max();  // as the importer
  EXPECT_TRUE(ParseBothWays(SerializeSnapshot(*data, kChunkRecords)).ok());
  data->signals.amount[0] = std::numeric_limits<int64_t>::min();
  EXPECT_TRUE(refused("column amount holds a negative amount"));
}

TEST(Snapshot, AnAsOfDateOutsideTheYearsIsAnError) {
  Dataset empty;
  const std::string base = SerializeSnapshot(empty);
  snapshot::SnapshotHeader header = HeaderOf(base);
  header.set_as_of(std::numeric_limits<int32_t>::max());
  auto loaded = ParseBothWays(WithHeader(base, header));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("as-of date outside the years 0001-9999"),
            std::string::npos)
      << loaded.status();
}

TEST(Snapshot, PersonsOfNoHouseholdOrOutOfOrderAreErrorsWholeAndInPart) {
  std::unique_ptr<Dataset> data = TinyDataset();
  ASSERT_GT(data->persons.size(), 2u);
  std::vector<uint32_t>& household_row = data->persons.household_row;
  const uint32_t first = household_row[0];
  household_row[0] = static_cast<uint32_t>(data->households.size());  // no such household
  auto loaded = ParseBothWays(SerializeSnapshot(*data, kChunkRecords));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("names household row"), std::string::npos)
      << loaded.status();
  household_row[0] = household_row.back();  // a member after the household's others
  loaded = ParseBothWays(SerializeSnapshot(*data, kChunkRecords));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("not grouped"), std::string::npos) << loaded.status();
  household_row[0] = first;
  EXPECT_TRUE(ParseBothWays(SerializeSnapshot(*data, kChunkRecords)).ok());
}

TEST(Snapshot, ReadingSomeColumnsGivesThoseOfTheWholeAndNoOthers) {
  std::unique_ptr<Dataset> data = TinyDataset();
  const ScratchFolder folder = testing::TestFolder("snapshot-columns");
  const std::string path = folder.path() + "/tiny.snap";
  ASSERT_TRUE(WriteSnapshot(*data, path, kChunkRecords).ok());
  static constexpr ColumnName kWanted[] = {{Entity::kHousehold, "town"},
                                           {Entity::kPerson, "household_row"},
                                           {Entity::kSignal, "event_date"}};
  auto columns = ReadSnapshotColumns(path, kWanted);
  ASSERT_TRUE(columns.ok()) << columns.status();
  EXPECT_EQ((*columns)->households.town, data->households.town);
  EXPECT_EQ((*columns)->persons.household_row, data->persons.household_row);
  EXPECT_EQ((*columns)->signals.event_date, data->signals.event_date);
  EXPECT_TRUE((*columns)->households.district.empty());
  EXPECT_TRUE((*columns)->persons.person_id.empty());
  EXPECT_TRUE((*columns)->elderly.person_id.empty());

  static constexpr ColumnName kUnknown[] = {{Entity::kElderly, "hukou"}};
  auto unknown = ReadSnapshotColumns(path, kUnknown);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.status().message(), "elderly has no column hukou");
}

TEST(Snapshot, ThePartOfUnmatchedSignalsHoldsTheSignalsAboutNoOne) {
  std::unique_ptr<Dataset> data = TinyDataset();
  absl::flat_hash_set<PackedId> known(data->persons.person_id.begin(),
                                      data->persons.person_id.end());
  known.insert(data->elderly.person_id.begin(), data->elderly.person_id.end());
  SnapshotPart nobody;
  nobody.signals_about_none_of = &known;
  auto part = ParseSnapshotPart(SerializeSnapshot(*data, kChunkRecords), "tiny.snap", nobody);
  ASSERT_TRUE(part.ok()) << part.status();
  std::vector<std::string> expected, got;
  for (size_t s = 0; s < data->signals.size(); ++s) {
    const PackedId id = data->signals.person_id[s];
    if (!data->person_row_of.contains(id) && !data->elderly_row_of.contains(id)) {
      expected.emplace_back(data->signals.signal_id[s]);
    }
  }
  for (size_t s = 0; s < (*part)->signals.size(); ++s) {
    got.emplace_back((*part)->signals.signal_id[s]);
  }
  ASSERT_FALSE(expected.empty());  // tiny has unmatched signals
  EXPECT_EQ(got, expected);
  EXPECT_EQ((*part)->households.size() + (*part)->persons.size() + (*part)->elderly.size(), 0u);
}

TEST(Snapshot, TheHeaderAloneSaysWhatTheWholeReadSays) {
  std::unique_ptr<Dataset> data = TinyDataset();
  data->info.source = "header test";
  const ScratchFolder folder = testing::TestFolder("snapshot");
  const std::string path = folder.path() + "/tiny.snap";
  ASSERT_TRUE(WriteSnapshot(*data, path, kChunkRecords).ok());
  SnapshotSummary whole;
  ASSERT_TRUE(ReadSnapshot(path, &whole).ok());
  auto header = ReadSnapshotHeader(path);
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->info.as_of, whole.info.as_of);
  EXPECT_EQ(header->info.source, "header test");
  EXPECT_EQ(header->households, whole.households);
  EXPECT_EQ(header->signals, whole.signals);
  EXPECT_EQ(header->chunks, whole.chunks);
  EXPECT_EQ(header->bytes, whole.bytes);
  std::string bytes;
  ASSERT_TRUE(ReadWholeFile(path, bytes).ok());
  for (size_t cut :
       {size_t{0}, size_t{5}, size_t{20}}) {  // no magic, no header size, half a header
    ASSERT_TRUE(WriteFileAtomically(path, bytes.substr(0, cut)).ok());
    EXPECT_FALSE(ReadSnapshotHeader(path).ok()) << cut;
  }
}

TEST(Snapshot, NotASnapshot) {
  auto loaded = ParseSnapshot("household_id,district\n", "households.csv");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("not a safetynet snapshot"), std::string::npos);
  EXPECT_FALSE(ReadSnapshot("/nonexistent.snap").ok());
}

}  // namespace
}  // namespace safetynet
