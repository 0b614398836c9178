#!/usr/bin/env bash
# Interop check: Debian's vdirsyncer against a running Calroom.
#
# Usage: interop/vdirsyncer.sh [BASE_URL]
#   BASE_URL defaults to $CALDAV_URL or http://127.0.0.1:8080/; credentials from $CALDAV_USER /
#   $CALDAV_PASSWORD (default demo / demo). Needs vdirsyncer, curl and python3 on PATH.
#
# A two-way sync between a local filesystem storage and a new calendar on the server:
#   discover (vdirsyncer creates the calendar with an extended MKCOL, RFC 5689), create locally ->
#   appears on the server, create / modify on the server (curl PUT) -> appears locally, edits on
#   both sides in one sync, a conflicting edit ("a wins"), deletes on both sides, an idempotent
#   final sync, metasync of the displayname, and a one-off sync restricted to a time range
#   (vdirsyncer then lists with calendar-query instead of PROPFIND).
# Every check prints PASS or FAIL; the exit status is 1 when any check failed.
set -u

BASE="${1:-${CALDAV_URL:-http://127.0.0.1:8080/}}"
BASE="${BASE%/}/"
DAV_USER="${CALDAV_USER:-demo}"
DAV_PASS="${CALDAV_PASSWORD:-demo}"
RUN="$(date +%s)-$$"
COLL="interop-vds-$RUN"
HOME_PATH="${CALDAV_HOME_PATH:-calendars/users/$DAV_USER/}"  # the calendar home, relative to BASE
CAL_URL="${BASE}${HOME_PATH}${COLL}/"

WORK="$(mktemp -d /tmp/calroom-vdirsyncer.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
LOCAL="$WORK/local"
CONFIG="$WORK/config"
LOG="$WORK/vdirsyncer.log"

PASSED=0
FAILED=0
CURRENT=""
CURRENT_OK=1

begin() { CURRENT="$1"; CURRENT_OK=1; }
fail() {
  if [ "$CURRENT_OK" = 1 ]; then echo "FAIL  $CURRENT"; fi
  CURRENT_OK=0
  echo "      $*"
}
end() {
  if [ "$CURRENT_OK" = 1 ]; then echo "PASS  $CURRENT"; PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
}

# --- HTTP helpers ---------------------------------------------------------------------------
dav() { curl -sS --max-time 60 -u "$DAV_USER:$DAV_PASS" "$@"; }

# remote_hrefs: the member hrefs of the calendar (PROPFIND Depth 1), one per line
remote_hrefs() {
  dav -X PROPFIND -H 'Depth: 1' -H 'Content-Type: application/xml' \
    --data '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>' \
    "$CAL_URL" | python3 -c '
import sys, xml.etree.ElementTree as ET
from urllib.parse import urlparse
root = ET.fromstring(sys.stdin.read())
for r in root.findall("{DAV:}response"):
    href = r.findtext("{DAV:}href")
    if href and not href.endswith("/"):
        print(urlparse(href).path)'
}

# remote_href_of UID: the href of the server resource holding UID (empty when none)
remote_href_of() {
  local uid="$1" href
  for href in $(remote_hrefs); do
    if dav "${BASE%/}$href" | tr -d '\r' | grep -qx "UID:$uid"; then echo "$href"; return 0; fi
  done
  return 1
}

remote_get() { dav "${BASE%/}$1" | tr -d '\r'; }

# remote_put HREF FILE [If-Match etag|*new*]: PUT a calendar object like a client does
remote_put() {
  local href="$1" file="$2" etag="${3:-}" cond=()
  if [ "$etag" = "*new*" ]; then cond=(-H 'If-None-Match: *'); elif [ -n "$etag" ]; then cond=(-H "If-Match: $etag"); fi
  dav -o "$WORK/put.out" -w '%{http_code}' -X PUT -H 'Content-Type: text/calendar; charset=utf-8' \
    "${cond[@]}" --data-binary "@$file" "${BASE%/}$href"
}

remote_etag() {
  dav -D - -o /dev/null "${BASE%/}$1" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p'
}

# local_file UID: the local file holding UID (files may have CRLF or LF line ends)
local_file() {
  grep -l -s -E "^UID:$1"$'\r'"?\$" "$LOCAL/$COLL"/*.ics 2>/dev/null | head -n 1
}

# set_summary FILE NEW: replace SUMMARY, keeping the file's line ends
set_summary() { sed -i -E "s/^SUMMARY:[^\r]*/SUMMARY:$2/" "$1"; }

sync() {
  echo "--- vdirsyncer sync $*" >>"$LOG"
  vdirsyncer -c "$CONFIG" sync "$@" >>"$LOG" 2>&1 </dev/null
  local rc=$?
  [ $rc = 0 ] || fail "vdirsyncer sync $* exited $rc:$(echo; tail -n 15 "$LOG" | sed 's/^/        /')"
  return $rc
}

ics() { # ics UID SUMMARY DTSTART-LINE DTEND-LINE [extra lines] > file  (CRLF)
  local uid="$1" summary="$2" dtstart="$3" dtend="$4" extra="${5:-}" tz=""
  case "$dtstart" in *TZID=Europe/Berlin*) tz="$VTIMEZONE";; esac
  {
    printf 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Calroom interop//vdirsyncer//EN\n'
    [ -n "$tz" ] && printf '%s\n' "$tz"
    printf 'BEGIN:VEVENT\nUID:%s\nDTSTAMP:20250101T000000Z\n%s\n%s\nSUMMARY:%s\n' "$uid" "$dtstart" "$dtend" "$summary"
    [ -n "$extra" ] && printf '%s\n' "$extra"
    printf 'END:VEVENT\nEND:VCALENDAR\n'
  } | sed 's/$/\r/'
}

VTIMEZONE='BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE'

L1="vds-local-weekly-$RUN"
L2="vds-local-single-$RUN"
R1="vds-remote-$RUN"

cat >"$CONFIG" <<EOF
[general]
status_path = "$WORK/status/"

[pair calroom]
a = "calroom_local"
b = "calroom_remote"
collections = ["$COLL"]
conflict_resolution = "a wins"
metadata = ["displayname"]

[storage calroom_local]
type = "filesystem"
path = "$LOCAL/"
fileext = ".ics"

[storage calroom_remote]
type = "caldav"
url = "$BASE"
username = "$DAV_USER"
password = "$DAV_PASS"

[pair calroom_range]
a = "range_local"
b = "range_remote"
collections = null

[storage range_local]
type = "filesystem"
path = "$WORK/range/"
fileext = ".ics"

[storage range_remote]
type = "caldav"
url = "$CAL_URL"
username = "$DAV_USER"
password = "$DAV_PASS"
start_date = "datetime(2025, 3, 1)"
end_date = "datetime(2025, 4, 1)"
EOF

echo "vdirsyncer $(vdirsyncer --version 2>/dev/null | awk '{print $NF}') against $BASE as $DAV_USER (calendar $COLL)"

# 1. discover: the calendar does not exist on either side; vdirsyncer creates both
begin "discover creates the calendar on the server (extended MKCOL) and locally"
echo "--- vdirsyncer discover calroom" >>"$LOG"
yes | vdirsyncer -c "$CONFIG" discover calroom >>"$LOG" 2>&1
rc=${PIPESTATUS[1]}
[ "$rc" = 0 ] || fail "vdirsyncer discover exited $rc:$(echo; tail -n 15 "$LOG" | sed 's/^/        /')"
[ -d "$LOCAL/$COLL" ] || fail "local collection $LOCAL/$COLL not created"
rt="$(dav -X PROPFIND -H 'Depth: 0' -H 'Content-Type: application/xml' \
  --data '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>' \
  -w '\nHTTP %{http_code}' "$CAL_URL")"
if ! echo "$rt" | grep -q '^HTTP 207$' || ! echo "$rt" | sed '$d' | python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
sys.exit(0 if root.find(".//{DAV:}resourcetype/{urn:ietf:params:xml:ns:caldav}calendar") is not None else 1)'; then
  fail "PROPFIND $CAL_URL after discover is not a calendar: $(echo "$rt" | tr -d '\n' | cut -c1-500)"
fi
end
if [ ! -d "$LOCAL/$COLL" ]; then
  echo "cannot go on without the collection"; echo "vdirsyncer: $PASSED passed, $((FAILED + 1)) failed"; exit 1
fi

# 2. create locally -> appears on the server
begin "create locally (recurring TZID + EXDATE, single) -> appears on the server"
ics "$L1" "Weekly local" "DTSTART;TZID=Europe/Berlin:20250317T100000" "DTEND;TZID=Europe/Berlin:20250317T110000" \
  "$(printf 'RRULE:FREQ=WEEKLY;COUNT=6\nEXDATE;TZID=Europe/Berlin:20250407T100000')" >"$LOCAL/$COLL/$L1.ics"
ics "$L2" "Single local" "DTSTART:20250319T140000Z" "DTEND:20250319T150000Z" >"$LOCAL/$COLL/$L2.ics"
if sync calroom; then
  h1="$(remote_href_of "$L1")"; h2="$(remote_href_of "$L2")"
  [ -n "$h1" ] || fail "$L1 not on the server; members: $(remote_hrefs | tr '\n' ' ')"
  [ -n "$h2" ] || fail "$L2 not on the server"
  if [ -n "$h1" ]; then
    body="$(remote_get "$h1")"
    for want in "RRULE:FREQ=WEEKLY;COUNT=6" "EXDATE;TZID=Europe/Berlin:20250407T100000" \
                "DTSTART;TZID=Europe/Berlin:20250317T100000" "TZID:Europe/Berlin" "SUMMARY:Weekly local"; do
      echo "$body" | grep -qF "$want" || fail "server copy of $L1 lacks '$want'"
    done
  fi
fi
end

# 3. create on the server (curl PUT) -> appears locally
begin "create on the server (PUT) -> appears locally"
R1_HREF="/${HOME_PATH}${COLL}/$R1.ics"
ics "$R1" "Remote new" "DTSTART:20250601T120000Z" "DTEND:20250601T130000Z" >"$WORK/r1.ics"
code="$(remote_put "$R1_HREF" "$WORK/r1.ics" '*new*')"
[ "$code" = 201 ] || fail "PUT $R1_HREF (If-None-Match: *) answered $code: $(head -c 300 "$WORK/put.out")"
if sync calroom; then
  f="$(local_file "$R1")"
  if [ -z "$f" ]; then fail "$R1 not in $LOCAL/$COLL: $(ls "$LOCAL/$COLL")"
  else grep -q "^SUMMARY:Remote new" "$f" || fail "local copy of $R1 has $(grep ^SUMMARY "$f")"; fi
fi
end

# 4. modify on the server -> changes locally
begin "modify on the server (PUT If-Match) -> changes locally"
if ! h2="$(remote_href_of "$L2")"; then
  fail "$L2 is not on the server (members: $(remote_hrefs | tr '\n' ' '))"
else
  remote_get "$h2" | sed 's/^SUMMARY:.*/SUMMARY:Single changed on server/' | sed 's/$/\r/' >"$WORK/l2.ics"
  etag="$(remote_etag "$h2")"
  code="$(remote_put "$h2" "$WORK/l2.ics" "$etag")"
  # RFC 9110 section 9.3.4: 200 or 204 when an existing resource was modified
  [ "$code" = 204 ] || [ "$code" = 200 ] || fail "PUT $h2 (If-Match $etag) answered $code: $(head -c 300 "$WORK/put.out")"
fi
if [ "$CURRENT_OK" = 1 ] && sync calroom; then
  grep -q "^SUMMARY:Single changed on server" "$(local_file "$L2")" ||
    fail "local $L2 has $(grep ^SUMMARY "$(local_file "$L2")")"
fi
end

# 5. modify locally -> changes on the server
begin "modify locally -> changes on the server"
set_summary "$(local_file "$R1")" "Remote changed locally"
if sync calroom; then
  remote_get "$R1_HREF" | grep -qx "SUMMARY:Remote changed locally" ||
    fail "server $R1 has $(remote_get "$R1_HREF" | grep ^SUMMARY)"
fi
end

# 6. modify both sides (different items) in one sync
begin "modify both sides (different items) -> both changes land"
set_summary "$(local_file "$L1")" "Weekly changed locally"
remote_get "$R1_HREF" | sed 's/^SUMMARY:.*/SUMMARY:Remote changed on server/' | sed 's/$/\r/' >"$WORK/r1b.ics"
code="$(remote_put "$R1_HREF" "$WORK/r1b.ics" "$(remote_etag "$R1_HREF")")"
[ "$code" = 204 ] || [ "$code" = 200 ] || fail "PUT $R1_HREF answered $code"
if sync calroom; then
  remote_get "$(remote_href_of "$L1")" | grep -qx "SUMMARY:Weekly changed locally" || fail "server $L1 not updated"
  grep -q "^SUMMARY:Remote changed on server" "$(local_file "$R1")" || fail "local $R1 not updated"
fi
end

# 7. conflicting edits on the same item: conflict_resolution = "a wins"
begin "conflicting edits of one item -> resolved (a wins) on both sides"
set_summary "$(local_file "$L2")" "Single local wins"
if ! h2="$(remote_href_of "$L2")"; then
  fail "$L2 is not on the server"
else
  remote_get "$h2" | sed 's/^SUMMARY:.*/SUMMARY:Single server loses/' | sed 's/$/\r/' >"$WORK/l2b.ics"
  code="$(remote_put "$h2" "$WORK/l2b.ics" "$(remote_etag "$h2")")"
  [ "$code" = 204 ] || [ "$code" = 200 ] || fail "PUT $h2 answered $code"
fi
if [ "$CURRENT_OK" = 1 ] && sync calroom; then
  remote_get "$h2" | grep -qx "SUMMARY:Single local wins" || fail "server $L2 has $(remote_get "$h2" | grep ^SUMMARY)"
  grep -q "^SUMMARY:Single local wins" "$(local_file "$L2")" || fail "local $L2 changed"
fi
end

# 8. a sync restricted to March 2025: vdirsyncer lists with calendar-query time-range REPORTs
begin "time-range sync (calendar-query) takes only March 2025"
mkdir -p "$WORK/range"
echo "--- vdirsyncer discover calroom_range" >>"$LOG"
yes | vdirsyncer -c "$CONFIG" discover calroom_range >>"$LOG" 2>&1
if sync calroom_range; then
  got="$(cat "$WORK"/range/*.ics 2>/dev/null | tr -d '\r' | sed -n 's/^UID://p' | sort | tr '\n' ' ')"
  want="$(printf '%s\n' "$L1" "$L2" | sort | tr '\n' ' ')"
  [ "$got" = "$want" ] || fail "time-range sync fetched UIDs [$got], expected [$want] ($R1 is in June)"
else
  # replay the REPORT vdirsyncer sends, to show the server's answer
  q='<?xml version="1.0" encoding="utf-8" ?><C:calendar-query xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><prop><getcontenttype/><getetag/></prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="20250301T000000Z" end="20250401T000000Z"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>'
  code="$(dav -o "$WORK/report.out" -w '%{http_code}' -X REPORT -H 'Depth: 1' -H 'Content-Type: application/xml' --data "$q" "$CAL_URL")"
  fail "the REPORT calendar-query it sends (VEVENT, time-range 20250301T000000Z..20250401T000000Z) to $CAL_URL answers $code: $(tr -d '\n' <"$WORK/report.out" | head -c 400)"
fi
end

# 9. metasync: a displayname set locally reaches the server (PROPPATCH)
begin "metasync displayname -> PROPPATCH on the server"
printf 'Interop vdirsyncer %s' "$RUN" >"$LOCAL/$COLL/displayname"
echo "--- vdirsyncer metasync" >>"$LOG"
if vdirsyncer -c "$CONFIG" metasync calroom >>"$LOG" 2>&1 </dev/null; then
  dn="$(dav -X PROPFIND -H 'Depth: 0' -H 'Content-Type: application/xml' \
    --data '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:displayname/></d:prop></d:propfind>' "$CAL_URL")"
  echo "$dn" | grep -q "Interop vdirsyncer $RUN" || fail "displayname on the server: $(echo "$dn" | tr -d '\n' | cut -c1-300)"
else
  fail "vdirsyncer metasync failed:$(echo; tail -n 15 "$LOG" | sed 's/^/        /')"
fi
end

# 10. delete on both sides
begin "delete locally -> gone from the server; delete on the server -> gone locally"
h1="$(remote_href_of "$L1")" || fail "$L1 is not on the server before the delete"
rm -f "$(local_file "$L1")"
code="$(dav -o /dev/null -w '%{http_code}' -X DELETE "${BASE%/}$R1_HREF")"
[ "$code" = 204 ] || [ "$code" = 200 ] || fail "DELETE $R1_HREF answered $code"
if [ "$CURRENT_OK" = 1 ] && sync calroom; then
  code="$(dav -o /dev/null -w '%{http_code}' "${BASE%/}$h1")"
  [ "$code" = 404 ] || fail "GET $h1 after the local delete was synced answered $code, expected 404"
  [ -z "$(local_file "$R1")" ] || fail "local $R1 still there after the server delete was synced"
fi
end

# 11. a further sync changes nothing and both sides hold the same items
begin "second sync is a no-op; both sides hold the same items"
before="$(wc -l <"$LOG")"
if sync calroom; then
  changes="$(tail -n +"$((before + 1))" "$LOG" | grep -E 'Copying|Updating|Deleting' || true)"
  [ -z "$changes" ] || fail "sync after sync still changed things: $changes"
  lu="$(cat "$LOCAL/$COLL"/*.ics 2>/dev/null | tr -d '\r' | sed -n 's/^UID://p' | sort | tr '\n' ' ')"
  ru="$(for h in $(remote_hrefs); do remote_get "$h"; done | sed -n 's/^UID://p' | sort | tr '\n' ' ')"
  [ "$lu" = "$L2 " ] || fail "local holds [$lu], expected [$L2 ]"
  [ "$ru" = "$lu" ] || fail "server holds [$ru], local holds [$lu]"
fi
end

# cleanup: remove the calendar from the server
begin "DELETE the calendar"
code="$(dav -o /dev/null -w '%{http_code}' -X DELETE "$CAL_URL")"
[ "$code" = 204 ] || [ "$code" = 200 ] || fail "DELETE $CAL_URL answered $code"
end

if [ "$FAILED" != 0 ] && [ -n "${INTEROP_VERBOSE:-}" ]; then echo "--- vdirsyncer log"; cat "$LOG"; fi
echo "vdirsyncer: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
