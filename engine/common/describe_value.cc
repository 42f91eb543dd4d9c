#include "engine/common/describe_value.h"

#include <optional>

#include "engine/common/text.h"
#include "engine/common/utf8.h"

namespace safetynet {
namespace {

// The kinds of character a description tells apart, as bits of a set.
enum CharClass : unsigned {
  kDigit = 1,
  kLetter = 2,
  kChinese = 4,
  kPunctuation = 8,  // ASCII punctuation and spaces
  kOther = 16,
};

bool IsChinese(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) ||    // CJK unified ideographs
         (c >= 0x3400 && c <= 0x4DBF) ||    // extension A
         (c >= 0xF900 && c <= 0xFAFF) ||    // compatibility ideographs
         (c >= 0x20000 && c <= 0x3134F) ||  // extensions B-G
         c == 0x00B7 || c == 0x30FB;        // the middle dots of transcribed names
}

CharClass ClassOf(char32_t c) {
  if (c >= '0' && c <= '9') return kDigit;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return kLetter;
  if (c >= ' ' && c < 0x7F) return kPunctuation;
  return IsChinese(c) ? kChinese : kOther;
}

std::string_view KindName(unsigned classes) {
  switch (classes) {
    case kDigit:
      return "digits";
    case kLetter:
      return "letters";
    case kChinese:
      return "Chinese text";
    case kLetter | kDigit:
      return "letters and digits";
    case kDigit | kPunctuation:
      return "digits and punctuation";
    case kPunctuation:
      return "punctuation";
    default:
      return "mixed";
  }
}

}  // namespace

std::string DescribeValue(std::string_view text) {
  if (text.empty()) return "empty";
  size_t characters = 0;
  unsigned classes = 0;
  for (size_t at = 0; at < text.size(); ++characters) {
    const std::optional<char32_t> code = NextCodePoint(text, at);
    if (!code) return Cat(text.size(), text.size() == 1 ? " byte" : " bytes", ", not UTF-8");
    classes |= ClassOf(*code);
  }
  return Cat(characters, characters == 1 ? " character, " : " characters, ", KindName(classes));
}

}  // namespace safetynet
