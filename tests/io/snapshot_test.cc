#include "engine/io/snapshot.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <limits>
#include <string>

#include "engine/common/crc32c.h"
#include "engine/io/files.h"
#include "engine/io/snapshot_chunks.h"
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
  other_version.set_format_version(kSnapshotFormatVersion + 1);
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

// A fixed-width column of `values` as a chunk holds it.
template <typename T>
std::string Column(std::initializer_list<T> values) {
  std::string bytes;
  for (T value : values) bytes.append(reinterpret_cast<const char*>(&value), sizeof(T));
  return bytes;
}

// A text column of `texts`.
void SetTexts(snapshot::StringColumn& column, std::initializer_list<std::string_view> texts) {
  column.clear_data();
  std::string lengths;
  for (std::string_view text : texts) {
    column.mutable_data()->append(text);
    lengths += Column<uint32_t>({static_cast<uint32_t>(text.size())});
  }
  column.set_lengths(lengths);
}

// `base` (a snapshot of no records) with one chunk of signals, the
// header's index listing it as `records` records whose text columns hold
// what the chunk's hold.
std::string WithSignalChunk(const std::string& base, const snapshot::Chunk& chunk,
                            uint64_t records) {
  snapshot::SnapshotHeader header = HeaderOf(base);
  header.set_chunks(1);
  header.set_signals(records);
  snapshot::ChunkEntry& entry = *header.add_chunk_index();
  entry.set_table(4);
  entry.set_records(records);
  entry.set_bytes(chunk.ByteSizeLong());
  const snapshot::SignalColumns& s = chunk.signals();
  for (const snapshot::StringColumn* text : {&s.signal_id(), &s.source(), &s.detail()}) {
    entry.add_text_bytes(text->data().size());
  }
  return WithHeader(base, header) + Framed(chunk);
}

TEST(Snapshot, ValidChunksWithBadContentAreErrors) {
  // A checksum-valid chunk whose columns disagree in length, or whose code
  // is out of range: written by a buggy or hostile tool. Read whole and in
  // part, where rows not kept must be checked too.
  Dataset empty;
  const std::string base = SerializeSnapshot(empty);
  snapshot::Chunk chunk;
  auto* s = chunk.mutable_signals();
  SetTexts(*s->mutable_signal_id(), {"S1"});
  SetTexts(*s->mutable_source(), {""});
  s->set_type(std::string(1, '\x09'));  // no signal type 9
  s->set_person_id(Column<PackedId>({1}));
  s->set_event_date(Column<Days>({0}));
  s->set_amount(Column<int64_t>({0}));
  s->set_inpatient(std::string(1, '\0'));
  SetTexts(*s->mutable_detail(), {""});
  auto loaded = ParseBothWays(WithSignalChunk(base, chunk, 1));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("type"), std::string::npos) << loaded.status();

  s->set_type(std::string(1, '\0'));
  ASSERT_TRUE(ParseBothWays(WithSignalChunk(base, chunk, 1)).ok());
  s->mutable_signal_id()->set_data("S12");  // text lengths that do not add up
  loaded = ParseBothWays(WithSignalChunk(base, chunk, 1));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("signal_id"), std::string::npos) << loaded.status();
  SetTexts(*s->mutable_signal_id(), {"S1"});
  s->set_amount(Column<int64_t>({0, 5}));  // two amounts for one record
  loaded = ParseBothWays(WithSignalChunk(base, chunk, 1));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("amount has the wrong length"), std::string::npos)
      << loaded.status();
  s->set_amount(Column<int64_t>({0}));
  s->set_event_date(Column<int64_t>({0}));  // eight bytes a value where four are declared
  loaded = ParseBothWays(WithSignalChunk(base, chunk, 1));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("event_date has the wrong length"), std::string::npos)
      << loaded.status();
  s->clear_event_date();  // a column an older writer did not have
  loaded = ParseBothWays(WithSignalChunk(base, chunk, 1));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(),
            "t.snap: chunk 0: column event_date is missing (a snapshot of another safetynet "
            "version? import the exchange files again)");
}

TEST(Snapshot, AChunkIndexThatLiesIsAnErrorWholeAndInPart) {
  Dataset empty;
  const std::string base = SerializeSnapshot(empty);
  snapshot::Chunk chunk;
  auto* s = chunk.mutable_signals();
  SetTexts(*s->mutable_signal_id(), {"S1"});
  SetTexts(*s->mutable_source(), {"x"});
  s->set_type(std::string(1, '\0'));
  s->set_person_id(Column<PackedId>({1}));
  s->set_event_date(Column<Days>({0}));
  s->set_amount(Column<int64_t>({0}));
  s->set_inpatient(std::string(1, '\0'));
  SetTexts(*s->mutable_detail(), {""});
  const std::string good = WithSignalChunk(base, chunk, 1);
  ASSERT_TRUE(ParseBothWays(good).ok());

  // More records than the chunk holds: every column has the wrong length.
  auto loaded = ParseBothWays(WithSignalChunk(base, chunk, 2));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("chunk 0: column"), std::string::npos)
      << loaded.status();
  // A count of records no chunk of its size could hold never sizes a table.
  snapshot::SnapshotHeader header = HeaderOf(good);
  header.set_signals(uint64_t{1} << 40);
  header.mutable_chunk_index(0)->set_records(uint64_t{1} << 40);
  loaded = ParseBothWays(WithHeader(good, header));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("impossible size"), std::string::npos)
      << loaded.status();
  // Text the index does not account for.
  header = HeaderOf(good);
  header.mutable_chunk_index(0)->set_text_bytes(1, 0);
  loaded = ParseBothWays(WithHeader(good, header));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("column source holds other text"), std::string::npos)
      << loaded.status();
  // A chunk listed as another table than it holds.
  header = HeaderOf(good);
  header.set_signals(0);
  header.set_elderly(1);
  header.mutable_chunk_index(0)->set_table(3);
  header.mutable_chunk_index(0)->clear_text_bytes();
  for (int i = 0; i < 3; ++i) header.mutable_chunk_index(0)->add_text_bytes(0);
  loaded = ParseBothWays(WithHeader(good, header));
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("does not parse as a chunk of elderly"),
            std::string::npos)
      << loaded.status();
  // A chunk of no records, with no columns at all: nothing to read, no error.
  snapshot::Chunk no_records;
  no_records.mutable_signals();
  loaded = ParseBothWays(WithSignalChunk(base, no_records, 0));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->signals.size(), 0u);
}

TEST(Snapshot, AnotherFormatVersionIsRefusedSayingWhatToDo) {
  Dataset empty;
  const std::string base = SerializeSnapshot(empty);
  snapshot::SnapshotHeader header = HeaderOf(base);
  header.set_format_version(1);  // columns as varints: a snapshot of an older safetynet
  auto loaded = ParseBothWays(WithHeader(base, header));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(loaded.status().message(),
            "t.snap: snapshot format version 1 (written by an older safetynet); this safetynet "
            "reads version 2: import the exchange files again (safetynet import) to make a "
            "snapshot it reads");
}

TEST(Snapshot, TheImportersCountsAndRecordRoundTrip) {
  Dataset one;
  one.elderly.person_id.push_back(ParseResidentId("371003194101110017").packed);
  one.elderly.district.push_back(371002);
  one.elderly.birth_date.push_back(DaysFromCivil({1941, 1, 11}));
  PadColumns(one.elderly);
  one.elderly.rejected_death_reports[0] = 1;
  one.info.imported_files.push_back(
      {.file = "elderly.csv", .rows = 1, .imported = 1, .encoding = "GB18030"});
  auto loaded = ParseBothWays(SerializeSnapshot(one));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->elderly.rejected_death_reports, std::vector<uint32_t>{1});
  EXPECT_EQ((*loaded)->info.imported_files, one.info.imported_files);
}

TEST(Snapshot, AnOpenSnapshotReadsItsOwnFileWhenAnotherIsRenamedOverIt) {
  // As `import` replaces a snapshot while a run (say --by-district, which
  // reads the file part by part) still reads the old one.
  std::unique_ptr<Dataset> first = TinyDataset();
  synth::SynthOptions other_seed;
  other_seed.seed = 2;
  std::unique_ptr<Dataset> second = testing::Synthesized(other_seed);
  ASSERT_FALSE(SameTables(*first, *second));
  const ScratchFolder folder = testing::TestFolder("snapshot-renamed");
  const std::string path = folder.path() + "/tiny.snap";
  ASSERT_TRUE(WriteSnapshot(*first, path, kChunkRecords).ok());
  auto snapshot = OpenSnapshot::Open(path);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  ASSERT_TRUE(WriteSnapshot(*second, path, kChunkRecords).ok());  // a temporary renamed over it

  auto whole = ReadSnapshot(*snapshot);
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_TRUE(SameTables(*first, **whole));
  SnapshotPart part;
  part.districts = {371002};
  auto from_open = ReadSnapshotPart(*snapshot, part);
  auto expected = ParseSnapshotPart(SerializeSnapshot(*first, kChunkRecords), "t.snap", part);
  ASSERT_TRUE(from_open.ok()) << from_open.status();
  ASSERT_TRUE(expected.ok()) << expected.status();
  EXPECT_GT((*expected)->households.size(), 0u);
  EXPECT_TRUE(SameTables(**from_open, **expected));
  // Opened again, the path gives the new snapshot.
  auto reopened = ReadSnapshot(path);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_TRUE(SameTables(*second, **reopened));
}

TEST(Snapshot, AFileTruncatedWhileItIsReadIsAnErrorNotACrash) {
  std::unique_ptr<Dataset> data = TinyDataset();
  const ScratchFolder folder = testing::TestFolder("snapshot-truncated");
  const std::string path = folder.path() + "/tiny.snap";
  ASSERT_TRUE(WriteSnapshot(*data, path, kChunkRecords).ok());
  // The file opened and its layout read, then cut short, as by another
  // process, before the chunks are read.
  auto source = snapshot_internal::SnapshotSource::OpenFile(path);
  ASSERT_TRUE(source.ok()) << source.status();
  auto layout = snapshot_internal::ReadLayout(*source);
  ASSERT_TRUE(layout.ok()) << layout.status();
  const size_t last = layout->chunks.size() - 1;
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(layout->chunks[last].offset + 10)), 0);
  std::string scratch;
  EXPECT_TRUE(snapshot_internal::ReadChunk(*source, *layout, 0, scratch).ok());
  auto chunk = snapshot_internal::ReadChunk(*source, *layout, last, scratch);
  ASSERT_FALSE(chunk.ok());
  EXPECT_EQ(chunk.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(chunk.status().message(),
            path + ": chunk " + std::to_string(last) + ": truncated, or changed while it was read");
  // Read afresh, the cut file is refused before any chunk is read.
  auto loaded = ReadSnapshot(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("truncated"), std::string::npos) << loaded.status();
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
  auto snapshot = OpenSnapshot::Open(path);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  auto columns = ReadSnapshotColumns(*snapshot, kWanted);
  ASSERT_TRUE(columns.ok()) << columns.status();
  EXPECT_EQ((*columns)->households.town, data->households.town);
  EXPECT_EQ((*columns)->persons.household_row, data->persons.household_row);
  EXPECT_EQ((*columns)->signals.event_date, data->signals.event_date);
  EXPECT_TRUE((*columns)->households.district.empty());
  EXPECT_TRUE((*columns)->persons.person_id.empty());
  EXPECT_TRUE((*columns)->elderly.person_id.empty());

  static constexpr ColumnName kUnknown[] = {{Entity::kElderly, "hukou"}};
  auto unknown = ReadSnapshotColumns(*snapshot, kUnknown);
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
