// Internal to the snapshot writer: which table column goes into which
// protobuf column, generated from the column declarations
// (engine/table/model.h): each column is the field of the same name of its
// table's message in proto/safetynet/snapshot.proto, so a declared column
// without its proto field does not compile (the readers find the fields by
// name: engine/io/snapshot_chunks.cc). `visit(info, table_column,
// proto_column)` is called for each column, in declaration order.
#pragma once

#include "engine/table/dataset.h"
#include "safetynet/snapshot.pb.h"

namespace safetynet::snapshot_internal {

namespace pb = ::safetynet::snapshot;

// Whether a proto field can hold a column of `Element`s exactly: texts in a
// StringColumn, every other column as its fixed-width array in `bytes`.
template <typename Element, typename Field>
constexpr bool ProtoFits() {
  using F = std::remove_cvref_t<Field>;
  if constexpr (std::is_same_v<Element, std::string_view>) {
    return std::is_same_v<F, pb::StringColumn>;
  } else {
    return std::is_same_v<F, std::string>;
  }
}

#define SAFETYNET_SNAPSHOT_COLUMN(name, Element, info)                               \
  static_assert(ProtoFits<Element, decltype(columns.name())>(),                      \
                "snapshot.proto field " #name " does not fit its column's storage"); \
  visit(Named(#name, info), table.name, *columns.mutable_##name());
#define SAFETYNET_SNAPSHOT_COLUMNS(Table, Message, LIST)             \
  template <typename T, typename Visit>                              \
  requires std::is_same_v<std::remove_const_t<T>, Table>             \
  void VisitColumns(T& table, pb::Message& columns, Visit&& visit) { \
    LIST(SAFETYNET_SNAPSHOT_COLUMN)                                  \
  }
SAFETYNET_SNAPSHOT_COLUMNS(HouseholdTable, HouseholdColumns, SAFETYNET_HOUSEHOLD_COLUMNS)
SAFETYNET_SNAPSHOT_COLUMNS(PersonTable, PersonColumns, SAFETYNET_PERSON_COLUMNS)
SAFETYNET_SNAPSHOT_COLUMNS(ElderlyTable, ElderlyColumns, SAFETYNET_ELDERLY_COLUMNS)
SAFETYNET_SNAPSHOT_COLUMNS(SignalTable, SignalColumns, SAFETYNET_SIGNAL_COLUMNS)
#undef SAFETYNET_SNAPSHOT_COLUMNS
#undef SAFETYNET_SNAPSHOT_COLUMN

// The chunk's table of `dataset` and the chunk's columns of it, passed to
// visit(entity, table, columns); nothing for a chunk that holds no table.
template <typename D, typename Visit>
void VisitChunkTable(D& dataset, pb::Chunk& chunk, Visit&& visit) {
  switch (chunk.table_case()) {
    case pb::Chunk::kHouseholds:
      return visit(Entity::kHousehold, dataset.households, *chunk.mutable_households());
    case pb::Chunk::kPersons:
      return visit(Entity::kPerson, dataset.persons, *chunk.mutable_persons());
    case pb::Chunk::kElderly:
      return visit(Entity::kElderly, dataset.elderly, *chunk.mutable_elderly());
    case pb::Chunk::kSignals:
      return visit(Entity::kSignal, dataset.signals, *chunk.mutable_signals());
    case pb::Chunk::TABLE_NOT_SET:
      break;
  }
}

}  // namespace safetynet::snapshot_internal
