# Writes the text file IN as one C++ raw string literal to OUT (to #include
# where an expression is expected). Run as: cmake -DIN=... -DOUT=... -P embed_text.cmake
# Fails if IN holds the literal's closing delimiter.
file(READ "${IN}" text)
set(delimiter "safetynet_embed")
string(FIND "${text}" ")${delimiter}\"" at)
if(NOT at EQUAL -1)
  message(FATAL_ERROR "${IN} contains )${delimiter}\": it cannot be embedded as a raw string")
endif()
file(WRITE "${OUT}.tmp" "R\"${delimiter}(${text})${delimiter}\"\n")
file(RENAME "${OUT}.tmp" "${OUT}")
