#include "engine/common/resident_id.h"

#include <cstring>

namespace safetynet {

int ResidentIdCheck(std::string_view digits) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (digits[i] - '0') * kWeights[i];
  return (12 - sum % 11) % 11;
}

ParsedId ParseResidentId(std::string_view text) {
  ParsedId result;
  if (text.size() != 18) {
    result.error = IdError::kLength;
    return result;
  }
  uint64_t digits = 0;
  for (int i = 0; i < 17; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      result.error = IdError::kCharacter;
      return result;
    }
    digits = digits * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  int check;
  char last = text[17];
  if (last >= '0' && last <= '9') {
    check = last - '0';
  } else if (last == 'X' || last == 'x') {
    check = 10;
  } else {
    result.error = IdError::kCharacter;
    return result;
  }
  result.packed = digits * 16 + static_cast<uint64_t>(check);
  if (check != ResidentIdCheck(text.substr(0, 17))) result.error = IdError::kChecksum;
  return result;
}

ParsedId ConvertOldResidentId(std::string_view text) {
  ParsedId result;
  if (text.size() != 15) {
    result.error = IdError::kLength;
    return result;
  }
  char digits[17];
  std::memcpy(digits, text.data(), 6);
  digits[6] = '1';
  digits[7] = '9';
  std::memcpy(digits + 8, text.data() + 6, 9);
  uint64_t number = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      result.error = IdError::kOldCharacter;
      return result;
    }
    number = number * 10 + static_cast<uint64_t>(c - '0');
  }
  const PackedId packed =
      number * 16 + static_cast<uint64_t>(ResidentIdCheck(std::string_view(digits, 17)));
  if (BirthDateOfId(packed) == kNoDate) {
    result.error = IdError::kOldBirthDate;
    return result;
  }
  result.packed = packed;
  result.converted = true;
  return result;
}

ParsedId ParseAnyResidentId(std::string_view text) {
  return text.size() == 15 ? ConvertOldResidentId(text) : ParseResidentId(text);
}

std::string FormatResidentId(PackedId id) {
  std::string out(18, '0');
  FormatResidentId(id, out.data());
  return out;
}

void FormatResidentId(PackedId id, char* out) {
  int check = static_cast<int>(id % 16);
  uint64_t digits = id / 16;
  out[17] = check == 10 ? 'X' : static_cast<char>('0' + check);
  for (int i = 16; i >= 0; --i) {
    out[i] = static_cast<char>('0' + digits % 10);
    digits /= 10;
  }
}

Days BirthDateOfId(PackedId id) {
  // Digits 7-14 (1-based) are YYYYMMDD: drop the last 3 of the 17 digits.
  uint64_t yyyymmdd = (id / 16 / 1000) % 100000000;
  CivilDate date{static_cast<int>(yyyymmdd / 10000), static_cast<int>(yyyymmdd / 100 % 100),
                 static_cast<int>(yyyymmdd % 100)};
  return IsValidCivil(date) ? DaysFromCivil(date) : kNoDate;
}

void MaskResidentIdInPlace(char* id) { std::memset(id + 6, '*', 8); }

void MaskOldResidentIdInPlace(char* id) { std::memset(id + 6, '*', 6); }

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The next id-shaped run of digits at or after `from`: its start and length
// (18 or 15), or a length of 0 if there is none.
struct IdRun {
  size_t start = 0, length = 0;
};
IdRun NextIdRun(std::string_view text, size_t from) {
  size_t i = from;
  while (i < text.size()) {
    if (!IsDigit(text[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    const size_t digits = i - start;
    if (digits == 18 || digits == 15) return {start, digits};
    if (digits == 17 && i < text.size() && (text[i] == 'X' || text[i] == 'x')) return {start, 18};
  }
  return {};
}

}  // namespace

std::string_view MaskResidentIdsInText(std::string_view text, std::string& scratch) {
  IdRun run = NextIdRun(text, 0);
  if (run.length == 0) return text;
  scratch.assign(text);
  for (; run.length != 0; run = NextIdRun(text, run.start + run.length)) {
    char* id = scratch.data() + run.start;
    run.length == 18 ? MaskResidentIdInPlace(id) : MaskOldResidentIdInPlace(id);
  }
  return scratch;
}

std::string MaskResidentIds(std::string_view text) {
  std::string scratch;
  return std::string(MaskResidentIdsInText(text, scratch));
}

std::string_view IdErrorName(IdError error) {
  switch (error) {
    case IdError::kNone:
      return "valid";
    case IdError::kLength:
      return "resident id is not 18 characters";
    case IdError::kCharacter:
      return "resident id has a character other than 17 digits and a check 0-9/X";
    case IdError::kChecksum:
      return "resident id fails its MOD 11-2 checksum";
    case IdError::kOldCharacter:
      return "15-character resident id (the old form) has a character other than a digit";
    case IdError::kOldBirthDate:
      return "15-digit resident id (the old form) whose birth date digits 7-12 are not a real "
             "date";
  }
  return "bad resident id";
}

}  // namespace safetynet
