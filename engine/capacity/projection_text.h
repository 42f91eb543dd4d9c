// The words and figures of the capacity report's projection
// (docs/capacity/capacity.md): a projected time or memory, whether it fits,
// a fitted line. A projection below zero (a line fitted through too few or
// too noisy points can fall below zero at a target's size) is never shown as
// a figure, nor as fitting. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace safetynet::capacity {

// What the report says for a projected time or memory below zero.
inline constexpr std::string_view kNotProjectable = "not projectable (the fit falls below zero)";

// `value` with `decimals` digits after the point ("%.*f").
std::string Fixed(double value, int decimals);

// A projected time in seconds: "12.3 s", "4.5 min" from 120 s on, or
// kNotProjectable below 0.
std::string ProjectedTime(double seconds);

// A projected memory in GiB: "3.2 GiB", or kNotProjectable below 0.
std::string ProjectedMemory(double gib);

// Whether a projected `value` fits within `limit` (same unit): "yes" from 0
// to `limit`, "no" above it, kNotProjectable below 0.
std::string Fits(double value, double limit);

// A fitted line in `unit` per million records, with its sign:
// "0.174 s + 1.095 s per million records" or "0.174 s - 1.095 s per million
// records" (never "+ -").
std::string LineText(double intercept, double per_million, int decimals, std::string_view unit);

}  // namespace safetynet::capacity
