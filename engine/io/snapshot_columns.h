// Internal to the snapshot writer and readers: a compile-time check that
// every declared column (engine/table/model.h) has the field of the same
// name in its table's message of proto/safetynet/snapshot.proto, of the
// fitting type -- a StringColumn for a text column, `bytes` (the
// fixed-width array) for any other. A declared column without its field
// does not compile; the writer and readers then find each column's field
// by its name (ColumnField, engine/io/snapshot_chunks.h). No code.
#pragma once

#include <type_traits>
#include <utility>

#include "engine/table/dataset.h"
#include "safetynet/snapshot.pb.h"

namespace safetynet::snapshot_internal {

// Whether a proto field can hold a column of `Element`s exactly.
template <typename Element, typename Field>
constexpr bool ProtoFits() {
  using F = std::remove_cvref_t<Field>;
  if constexpr (std::is_same_v<Element, std::string_view>) {
    return std::is_same_v<F, ::safetynet::snapshot::StringColumn>;
  } else {
    return std::is_same_v<F, std::string>;
  }
}

#define SAFETYNET_SNAPSHOT_FIELD(Message, name, Element)                                   \
  static_assert(                                                                           \
      ProtoFits<Element,                                                                   \
                decltype(std::declval<const ::safetynet::snapshot::Message&>().name())>(), \
      "snapshot.proto field " #name " does not fit its column's storage");
#define SAFETYNET_HOUSEHOLD_FIELD(name, Element, info) \
  SAFETYNET_SNAPSHOT_FIELD(HouseholdColumns, name, Element)
#define SAFETYNET_PERSON_FIELD(name, Element, info) \
  SAFETYNET_SNAPSHOT_FIELD(PersonColumns, name, Element)
#define SAFETYNET_ELDERLY_FIELD(name, Element, info) \
  SAFETYNET_SNAPSHOT_FIELD(ElderlyColumns, name, Element)
#define SAFETYNET_SIGNAL_FIELD(name, Element, info) \
  SAFETYNET_SNAPSHOT_FIELD(SignalColumns, name, Element)
SAFETYNET_HOUSEHOLD_COLUMNS(SAFETYNET_HOUSEHOLD_FIELD)
SAFETYNET_PERSON_COLUMNS(SAFETYNET_PERSON_FIELD)
SAFETYNET_ELDERLY_COLUMNS(SAFETYNET_ELDERLY_FIELD)
SAFETYNET_SIGNAL_COLUMNS(SAFETYNET_SIGNAL_FIELD)
#undef SAFETYNET_HOUSEHOLD_FIELD
#undef SAFETYNET_PERSON_FIELD
#undef SAFETYNET_ELDERLY_FIELD
#undef SAFETYNET_SIGNAL_FIELD
#undef SAFETYNET_SNAPSHOT_FIELD

}  // namespace safetynet::snapshot_internal
