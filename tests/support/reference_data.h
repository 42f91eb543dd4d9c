// The reference data and rules the tests run on: tests/data/tiny imported,
// and rules/weihai compiled. Each call loads anew. Tests only.
#pragma once

#include <memory>
#include <string>

#include "engine/lang/program.h"
#include "engine/table/dataset.h"

namespace safetynet::testing {

// tests/data/NAME imported (the test fails if it does not import).
std::unique_ptr<Dataset> ImportReferenceData(const std::string& name = "tiny");

// rules/weihai compiled (the test fails if it does not compile).
std::unique_ptr<lang::Program> WeihaiRules();

}  // namespace safetynet::testing
