# Sourced by the CLI tests: strict mode, a scratch folder $work removed when
# the test ends, and fail MESSAGE (prints it and ends the test with exit 1).
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }
