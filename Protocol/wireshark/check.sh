#!/usr/bin/env bash
# Checks the GreenGrid Wireshark dissector (greengrid.lua) with tshark against the capture that the
# Swift test "Vector capture for the Wireshark dissector" writes (every golden frame of
# Protocol/vectors over one synthetic TCP connection, with reassembly cases).
#
# usage: Protocol/wireshark/check.sh CAPTURE.pcap [MANIFEST]
#   MANIFEST defaults to CAPTURE with .pcap replaced by .expected (written by the same test): one
#   line per packet that completes GreenGrid frames: "<frame.number> <c2s|s2c> <type,type,...>".
#   If CAPTURE's directory also holds greengrid-invalid.pcap (same test), the expert-info and
#   "Decode As" checks run on it.
# Needs tshark (Wireshark 3.6 or later, with Lua). Exits non-zero with a message on the first failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
lua="$here/greengrid.lua"
vectors="$root/Protocol/vectors"

fail() { echo "check.sh: FAIL: $*" >&2; exit 1; }
note() { echo "check.sh: $*"; }

[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: $0 CAPTURE.pcap [MANIFEST]" >&2; exit 2; }
capture=$1
manifest=${2:-${capture%.pcap}.expected}
[[ -f $capture ]] || fail "no capture at $capture (run: swift test --filter VectorCaptureTests)"
[[ -f $lua ]] || fail "no dissector at $lua"
command -v tshark >/dev/null || fail "tshark is not installed (apt-get install tshark)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# tshark with the dissector loaded; its stderr is kept and must hold no Lua or dissector errors.
run_tshark() {  # run_tshark NAME FILE ARGS... : stdout to $work/NAME.out
    local name=$1 file=$2; shift 2
    if ! tshark -n -X "lua_script:$lua" -o tcp.desegment_tcp_streams:TRUE -r "$file" "$@" \
        > "$work/$name.out" 2> "$work/$name.err"; then
        cat "$work/$name.err" >&2
        fail "tshark failed ($name)"
    fi
    grep -v -E '^Running as user "root"' "$work/$name.err" > "$work/$name.err2" || true
    if [[ -s $work/$name.err2 ]]; then
        cat "$work/$name.err2" >&2
        fail "tshark wrote errors ($name): see above (a Lua error in greengrid.lua?)"
    fi
}

# 1. The full dissection: no Lua errors, no malformed packets, no expert warnings or errors.
run_tshark verbose "$capture" -V
grep -q "GreenGrid Protocol" "$work/verbose.out" || fail "no GreenGrid PDU dissected: is the dissector registered on TCP port 7600?"
if grep -n -E "Lua Error|Malformed Packet|Dissector bug|\[Expert Info \((Error|Warning)" "$work/verbose.out" > "$work/bad.txt"; then
    head -20 "$work/bad.txt" >&2
    fail "the dissection of $capture has Lua errors, malformed packets or expert warnings (above)"
fi
note "no Lua errors, malformed packets or expert warnings"

# 2. Per packet: which GreenGrid frames it completes, compared with the manifest.
run_tshark fields "$capture" -Y greengrid -T fields -E separator=' ' -E occurrence=a -E aggregator=, \
    -e frame.number -e tcp.dstport -e greengrid.type -e greengrid.name
awk '{ print $1, ($2 == 7600 ? "c2s" : "s2c"), $3 }' "$work/fields.out" > "$work/got.txt"
pdus=$(awk '{ n += split($3, a, ",") } END { print n + 0 }' "$work/got.txt")
vector_files=("$vectors"/0x*.hex)
[[ -f ${vector_files[0]} ]] || fail "no vectors in $vectors"
vector_count=${#vector_files[@]}
if [[ -f $manifest ]]; then
    expected_pdus=$(awk '{ n += split($3, a, ",") } END { print n + 0 }' "$manifest")
    if ! diff -u "$manifest" "$work/got.txt" > "$work/diff.txt"; then
        cat "$work/diff.txt" >&2
        fail "the GreenGrid frames per packet differ from $manifest (- expected, + tshark)"
    fi
    note "every packet completes exactly the frames the manifest lists ($(wc -l < "$manifest") packets)"
else
    expected_pdus=$((vector_count + 2))  # Heartbeat and Logout go both ways
    note "no manifest at $manifest: expecting $expected_pdus PDUs ($vector_count vectors, Heartbeat and Logout twice)"
fi
[[ $pdus -eq $expected_pdus ]] || fail "found $pdus GreenGrid PDUs, expected $expected_pdus"
note "$pdus GreenGrid PDUs found, as expected"

# 3. Every vector's message type is decoded, by name.
awk '{ n = split($3, t, ","); split($4, m, ","); for (i = 1; i <= n; i++) print t[i], m[i] }' "$work/fields.out" \
    | sort -u > "$work/types.txt"
for file in "$vectors"/0x*.hex; do
    base=$(basename "$file" .hex)
    code=${base%%-*}
    name=$(echo "${base#*-}" | awk -F- '{ for (i = 1; i <= NF; i++) printf "%s%s", toupper(substr($i, 1, 1)), substr($i, 2) }')
    grep -qx "$code $name" "$work/types.txt" || fail "$base: no PDU of type $code decoded as $name"
done
note "all $vector_count message types decoded by name"

# 4. Every numeric, string and bytes field of every vector has the value its comments give
#    ("# +19 quantityWh i64 = 1,500"), read from field greengrid.<message>.<field>.
: > "$work/expect.tsv"
for file in "$vectors"/0x*.hex; do
    base=$(basename "$file" .hex)
    message=$(echo "${base#*-}" | tr -d '-')
    awk -v m="$message" '
        /^# \+[0-9]+ / {
            field = $3; type = $4; line = $0; sub(/^[^=]*= /, "", line)
            if (type ~ /^utf8/) { match(line, /"[^"]*"/); value = substr(line, RSTART + 1, RLENGTH - 2); kind = "string" }
            else if (type ~ /^reserved/) { value = "0"; kind = "zeros" }
            else if (type ~ /^bytes/) { split(line, w, " "); value = w[1]; kind = "bytes" }
            else { split(line, w, " "); value = w[1]; gsub(/,/, "", value); kind = "number" }
            printf "greengrid.%s.%s\t%s\t%s\n", m, field, kind, value
        }' "$file" >> "$work/expect.tsv"
done
mapfile -t field_names < <(cut -f1 "$work/expect.tsv" | awk '!seen[$0]++')
args=()
for f in "${field_names[@]}"; do args+=(-e "$f"); done
run_tshark values "$capture" -Y greengrid -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator='|' "${args[@]}"
# A field may occur several times in a vector (the slots of an array: each reading's meterId, each
# forecast value); then tshark must show exactly the set of values the comments give.
checked=0
while IFS=$'\t' read -r field kind; do
    col=$(awk -F'\t' -v f="$field" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == f) print i; exit }' "$work/values.out")
    [[ -n $col ]] || fail "field $field is not in tshark's output"
    want_all=$(awk -F'\t' -v f="$field" '$1 == f { print $3 }' "$work/expect.tsv" | sort -u)
    got_all=$(awk -F'\t' -v c="$col" 'NR > 1 && $c != "" { print $c }' "$work/values.out" | tr '|' '\n' | sort -u)
    [[ -n $got_all ]] || fail "field $field: no value decoded (expected $(echo $want_all))"
    case $kind in
        number)
            want_set=$(while read -r w; do echo $((w)); done <<< "$want_all" | sort -u)
            got_set=$(while read -r g; do echo $((g)); done <<< "$got_all" | sort -u) ;;
        bytes)
            want_set=$want_all
            got_set=$(tr -d ':' <<< "$got_all" | sort -u) ;;
        zeros)
            want_set=""
            got_set=$(tr -d ':0' <<< "$got_all" | grep . | sort -u || true) ;;
        *)
            want_set=$want_all
            got_set=$got_all ;;
    esac
    [[ $got_set == "$want_set" ]] || fail "field $field = $(echo $got_set), expected $(echo $want_set)"
    checked=$((checked + $(awk -F'\t' -v f="$field" '$1 == f' "$work/expect.tsv" | wc -l)))
done < <(awk -F'\t' '!seen[$1]++ { print $1 "\t" $2 }' "$work/expect.tsv")
note "$checked field values match the vectors' decoded meaning"

# 5. A few values by display filter, as a person would look for them.
expect_match() {  # expect_match COUNT FILTER
    run_tshark filter "$capture" -Y "$2" -T fields -e frame.number
    local n; n=$(wc -l < "$work/filter.out")
    [[ $n -eq $1 ]] || fail "display filter '$2' matches $n packets, expected $1"
}
expect_match 1 'greengrid.neworder.quantityWh == 1500 && greengrid.neworder.priceMicrosPerKWh == 250000 && greengrid.neworder.side == 1'
expect_match 1 'greengrid.fill.tradeId == 45088768 && greengrid.fill.remainingWh == 500 && greengrid.fill.liquidity == 1'
expect_match 1 'greengrid.logonrequest.username == "alice"'
expect_match 1 'greengrid.protocolreject.reason == 12 && greengrid.protocolreject.rejectedType == 0x0101 && greengrid.protocolreject.text == "side"'
expect_match 2 'greengrid.type == 0x0003'
expect_match 1 'greengrid.meterreadings.meterId == 1002 && greengrid.meterreadings.exportWh == 3127905'
expect_match 1 'greengrid.readingsack.outcome == 2 && greengrid.readingsack.reason == 2 && greengrid.readingsack.flagged == 1'
expect_match 1 'greengrid.forecast.productionWh == 4380 && greengrid.forecast.intervals == 4'
expect_match 1 'greengrid.zoneenergy.exportWh == 9140 && greengrid.zoneenergy.quality == 1'
expect_match 1 'greengrid.priceinfo.tier == "peak" && greengrid.priceinfo.priceMicrosPerKWh == 120000 && greengrid.priceinfo.basis == 2'
expect_match 1 'greengrid.pricerequest.intervalStartMs == 1799082000000 && greengrid.pricesubscribe.active == 1'
grep -q 'side: buy (1)' "$work/verbose.out" || fail "enum names are not shown (expected 'side: buy (1)')"
grep -q 'reason: invalidValue (12)' "$work/verbose.out" || fail "ProtocolRejectReason names are not shown"
grep -q 'powerW (W): -9223372036854775808 (not measured)' "$work/verbose.out" || fail "a reading's power not measured is not shown"
grep -q 'reason: 2 (ReadingFlags: frozenRegisters)' "$work/verbose.out" || fail "a flagged outcome's flags are not named"
grep -q 'reason: duplicateMeterId (2)' "$work/verbose.out" || fail "MeteringRejectReason names are not shown"
grep -q 'strategy: bookBased (2)' "$work/verbose.out" || fail "PriceInfo's strategy is not named"
grep -q 'basis: midpoint (2)' "$work/verbose.out" || fail "PriceInfo's basis is not named"
grep -q 'fallback: none (0)' "$work/verbose.out" || fail "PriceInfo's fallback is not named"
grep -q 'flags: 0x03 (tariff, reference)' "$work/verbose.out" || fail "PriceInfo's flags are not named"
expect_match 1 'greengrid.alertset.thresholdMicrosPerKWh == 300000 && greengrid.alertset.metric == 1 && greengrid.alertset.direction == 1'
expect_match 1 'greengrid.alertinfo.triggered == 1 && greengrid.alertinfo.triggeredPriceMicrosPerKWh == 305000'
expect_match 1 'greengrid.notification.sequence == 3 && greengrid.notification.requestId == 0 && greengrid.notification.priceMicrosPerKWh == 305000'
grep -q 'metric: reference (1)' "$work/verbose.out" || fail "AlertMetric names are not shown"
grep -q 'direction: above (1)' "$work/verbose.out" || fail "AlertDirection names are not shown"
grep -q 'reason: tooManyAlerts (20)' "$work/verbose.out" || fail "AlertRejection names are not shown"
note "display filters and enum names work"

# 6. Invalid frames are flagged with expert info, and "Decode As" works: greengrid-invalid.pcap (next
#    to the capture, written by the same test) has its server on TCP port 17600, not 7600.
invalid="$(dirname "$capture")/greengrid-invalid.pcap"
if [[ -f $invalid ]]; then
    run_tshark plain "$invalid" -Y greengrid -T fields -e frame.number
    [[ ! -s $work/plain.out ]] || fail "greengrid-invalid.pcap (port 17600) was decoded as GreenGrid without Decode As"
    decode_as=(-d tcp.port==17600,greengrid)
    run_tshark invalidv "$invalid" "${decode_as[@]}" -V
    if grep -n -E "Lua Error|Dissector bug" "$work/invalidv.out" >&2; then fail "Lua errors on greengrid-invalid.pcap"; fi
    for expert in unknown_type unsupported_version flags_not_zero body_size invalid_value reserved_not_zero \
        wrong_direction frame_too_large; do
        run_tshark ex "$invalid" "${decode_as[@]}" -Y "greengrid.expert.$expert" -T fields -e frame.number
        [[ -s $work/ex.out ]] || fail "greengrid-invalid.pcap: no expert info greengrid.expert.$expert"
    done
    run_tshark names "$invalid" "${decode_as[@]}" -Y greengrid -T fields -e greengrid.name -E occurrence=a -E aggregator=,
    n=$(tr ',' '\n' < "$work/names.out" | grep -c . || true)
    [[ $n -eq 8 ]] || fail "greengrid-invalid.pcap: $n frames decoded with Decode As, expected 8 (and a framing error)"
    run_tshark untriggered "$invalid" "${decode_as[@]}" -Y 'greengrid.alertinfo.triggered == 0 && greengrid.expert.reserved_not_zero' \
        -T fields -e frame.number
    [[ $(wc -l < "$work/untriggered.out") -eq 1 ]] || fail "greengrid-invalid.pcap: AlertInfo's triggered price with triggered 0 is not flagged"
    note "Decode As on port 17600 works; invalid frames are flagged with expert info"
else
    note "no $invalid: expert-info and Decode As checks skipped"
fi

note "OK: $capture"
