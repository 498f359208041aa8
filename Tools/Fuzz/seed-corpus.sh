#!/usr/bin/env bash
# Turns the published vectors (Protocol/vectors/*.hex) into binary seed files for each fuzz target,
# in the input format that target reads (see the comment at the top of its main.swift).
#   seed-corpus.sh [OUTPUT_DIR]     default: Tools/Fuzz/seeds
# Seeds are made fresh each time (they are derived data); the corpora the fuzzers grow live elsewhere.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vectors="$here/../../Protocol/vectors"
out="${1:-$here/seeds}"
rm -rf "$out"
mkdir -p "$out/frames" "$out/messages" "$out/session" "$out/bin"

# The bytes of a vector file: every hex digit outside the '#' comment lines.
frame_bytes() { perl -ne 'next if /^\s*#/; s/[^0-9a-fA-F]//g; print pack("H*", $_)' "$1"; }
byte() { printf "\\x$(printf %02x "$1")"; }

for file in "$vectors"/0x*.hex; do
  name="$(basename "$file" .hex)"
  frame_bytes "$file" > "$out/bin/$name"
done

# Frame decoder: [read size][split seed][stream]: each frame alone read whole, and read a byte at a time.
for frame in "$out"/bin/*; do
  name="$(basename "$frame")"
  { byte 255; byte 0; cat "$frame"; } > "$out/frames/$name-whole"
  { byte 0; byte 7; cat "$frame"; } > "$out/frames/$name-bytewise"
done
# Every vector back to back, in chunks of up to 65 bytes; and a stream that ends in a bad length.
{ byte 1; byte 3; cat "$out"/bin/*; } > "$out/frames/all-vectors"
{ byte 0; byte 1; cat "$out/bin/0x0003-heartbeat"; printf '\xff\xff\xff\xff'; } > "$out/frames/too-large"
# The largest frame (length 65,532), then a heartbeat, in chunks of up to 193 bytes: the compaction path.
{ byte 3; byte 5; printf '\xfc\xff\x00\x00\x03\x00\x01\x00'; head -c 65528 /dev/zero; cat "$out/bin/0x0003-heartbeat"; } \
  > "$out/frames/largest-frame"
{ byte 0; byte 1; cat "$out/bin/0x0003-heartbeat"; printf '\x03\x00\x00\x00'; } > "$out/frames/too-small"

# Messages: [mode][frame]: each vector as it is (mode 0) and fitted to its type (mode 1).
for frame in "$out"/bin/*; do
  name="$(basename "$frame")"
  { byte 0; cat "$frame"; } > "$out/messages/$name-raw"
  { byte 1; cat "$frame"; } > "$out/messages/$name-fitted"
done

# Session: [role][rate][limits][stream]: for each role (0: the proof is wrong), the logon then every
# client message, then Logout; one at a generous rate, one at 1 a second with bursts of 1.
client_vectors=$(ls "$out"/bin/0x0[0-6]0[0-9a-f]* | grep -v -e 0x0001 -e 0x0002 -e 0x0004 || true)
for role in 0 1 2 3 4 5; do
  { byte "$role"; byte 255; byte 31; cat "$out/bin/0x0001-logon-request" "$out/bin/0x0002-logon-proof" $client_vectors \
      "$out/bin/0x0004-logout"; } > "$out/session/role-$role"
  { byte "$role"; byte 0; byte 2; cat "$out/bin/0x0001-logon-request" "$out/bin/0x0002-logon-proof" $client_vectors; } \
    > "$out/session/role-$role-rate-limited"
done
{ byte 1; byte 255; byte 255; cat "$out/bin/0x0001-logon-request" "$out/bin/0x0003-heartbeat" "$out/bin/0x0002-logon-proof"; } \
  > "$out/session/slow-proof"
{ byte 1; byte 255; byte 0; cat "$out/bin/0x0002-logon-proof" "$out/bin/0x0001-logon-request"; } > "$out/session/out-of-order"
{ byte 1; byte 255; byte 0; cat "$out/bin/0x0101-new-order"; } > "$out/session/not-logged-on"
{ byte 1; byte 255; byte 0; cat "$out/bin/0x0001-logon-request" "$out/bin/0x0002-logon-proof" "$out/bin/0x0181-order-accepted"; } \
  > "$out/session/wrong-direction"

rm -rf "$out/bin"
echo "seeds: $(ls "$out/frames" | wc -l) frames, $(ls "$out/messages" | wc -l) messages, $(ls "$out/session" | wc -l) session in $out"
