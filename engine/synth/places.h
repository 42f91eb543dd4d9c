// Names for synthetic data: Weihai's districts with their towns and street
// offices, village and community names, and Chinese personal names. Static
// tables; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "engine/synth/rng.h"

namespace safetynet::synth {

struct District {
  int32_t code;  // e.g. 371002
  std::span<const std::string_view> towns;
  int urban_percent;  // share of URBAN households and elderly
  int weight;         // relative population
};

std::span<const District> WeihaiDistricts();

// A district drawn by population weight.
const District& PickDistrict(Rng& rng);

// A village (村) for a town (镇) or a community (社区) for a street office (街道).
std::string VillageName(std::string_view town, Rng& rng);

std::string PersonName(Rng& rng);

}  // namespace safetynet::synth
