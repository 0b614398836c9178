#!/usr/bin/python3
"""Interop check: Debian's python3-caldav (the python-caldav library) against a running Calroom.

Usage: /usr/bin/python3 interop/python-caldav.py [BASE_URL]
  BASE_URL defaults to $CALDAV_URL or http://127.0.0.1:8080/; credentials come from
  $CALDAV_USER / $CALDAV_PASSWORD (default demo / demo).

It discovers the principal from the base URL, creates a calendar with MKCALENDAR, saves a weekly
recurring event (TZID=Europe/Berlin with its VTIMEZONE, an EXDATE, a DST change inside the set)
and single events, searches by time range (expanded and not), syncs with sync tokens, updates and
deletes, and removes its calendar at the end. Every check prints PASS or FAIL with the reason;
the exit status is 1 when any check failed.

Run it with Debian's interpreter (/usr/bin/python3): the library is installed there by apt.
"""
import logging
import os
import sys
import traceback
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote

try:
    import caldav
    import requests
    from caldav.lib import error as caldav_error
except ImportError as e:  # pragma: no cover
    print("python3-caldav is not importable (%s); run with /usr/bin/python3 after "
          "`apt-get install -y python3-caldav`" % e)
    sys.exit(2)

BASE = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CALDAV_URL", "http://127.0.0.1:8080/"))
if not BASE.endswith("/"):
    BASE += "/"
USER = os.environ.get("CALDAV_USER", "demo")
PASSWORD = os.environ.get("CALDAV_PASSWORD", "demo")

UTC = timezone.utc
RUN = uuid.uuid4().hex[:8]

results = []  # (name, ok, detail)
http_errors = []  # the server's non-2xx answers during the current check


def record_http_errors(response, *args, **kwargs):
    """requests hook: keeps each non-2xx answer so that a failure shows what the server said."""
    if response.status_code >= 400:
        req = response.request
        body = (req.body or b"")
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        http_errors.append("%s %s -> %s %s\n  request body: %s\n  response body: %s" % (
            req.method, req.url, response.status_code, response.reason,
            " ".join(body.split())[:600], " ".join(response.text.split())[:600]))


class DeviationLog(logging.Handler):
    """python-caldav logs (rather than raises) 'Deviation from expectations found' when a server
    answer surprises it; such a log line fails the running check."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.seen = []

    def emit(self, record):
        frames = [f for f in traceback.extract_stack()
                  if "/logging/" not in f.filename and not f.filename.endswith("error.py")
                  and f.name not in ("emit", "handle")]
        where = " <- ".join("%s:%d %s" % (f.filename.split("/")[-1], f.lineno, f.name)
                            for f in reversed(frames[-4:]))
        self.seen.append("%s (at %s)" % (record.getMessage().split(".")[0], where))


deviations = DeviationLog()
logging.getLogger("caldav").addHandler(deviations)
logging.getLogger("caldav").propagate = False


class CheckFailed(AssertionError):
    pass


def check(cond, message):
    if not cond:
        raise CheckFailed(message)


def run(name, fn, *args):
    """Runs one check; returns its value, or None when it failed."""
    del http_errors[:]
    del deviations.seen[:]
    try:
        value = fn(*args)
        check(not deviations.seen, "python-caldav logged: %s" % "; ".join(deviations.seen))
        results.append((name, True, ""))
        print("PASS  %s" % name, flush=True)
        return value
    except CheckFailed as e:
        detail = str(e)
    except caldav_error.DAVError as e:
        detail = "%s: %s" % (type(e).__name__, e)
    except Exception as e:  # a library error on an unexpected server answer is a failure too
        detail = "%s: %s\n%s" % (type(e).__name__, e, traceback.format_exc(limit=4))
    if http_errors:
        detail += "\nserver answers with errors during this check:\n" + "\n".join(http_errors[-3:])
    results.append((name, False, detail))
    print("FAIL  %s\n      %s" % (name, detail.replace("\n", "\n      ")), flush=True)
    return None


def skip(name, why):
    results.append((name, False, "not run: " + why))
    print("FAIL  %s\n      not run: %s" % (name, why), flush=True)


# ---------------------------------------------------------------------------------------------
# Test data. The recurring event: Mondays 10:00-11:00 Europe/Berlin, 6 instances from
# 2025-03-17; Europe/Berlin switches to summer time on 2025-03-30, so the UTC start moves from
# 09:00Z to 08:00Z. 2025-04-07 is excluded with EXDATE.
#   instances (UTC): 03-17 09:00, 03-24 09:00, 03-31 08:00, [04-07 08:00 EXDATE], 04-14 08:00,
#                    04-21 08:00
# ---------------------------------------------------------------------------------------------
VTIMEZONE_BERLIN = """BEGIN:VTIMEZONE
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
END:VTIMEZONE
"""

UID_RECUR = "interop-weekly-%s@calroom.test" % RUN
UID_SINGLE_A = "interop-single-a-%s@calroom.test" % RUN
UID_SINGLE_B = "interop-allday-b-%s@calroom.test" % RUN
UID_SINGLE_C = "interop-single-c-%s@calroom.test" % RUN
UID_LATE = "interop-late-%s@calroom.test" % RUN


def ics(body, with_tz=False):
    text = ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Calroom interop//python-caldav//EN\n"
            + (VTIMEZONE_BERLIN if with_tz else "") + body + "END:VCALENDAR\n")
    return text.replace("\n", "\r\n")


RECURRING = ics("""BEGIN:VEVENT
UID:%s
DTSTAMP:20250101T000000Z
DTSTART;TZID=Europe/Berlin:20250317T100000
DTEND;TZID=Europe/Berlin:20250317T110000
RRULE:FREQ=WEEKLY;COUNT=6
EXDATE;TZID=Europe/Berlin:20250407T100000
SUMMARY:Weekly sync (Berlin)
END:VEVENT
""" % UID_RECUR, with_tz=True)

SINGLE_A = ics("""BEGIN:VEVENT
UID:%s
DTSTAMP:20250101T000000Z
DTSTART:20250319T140000Z
DTEND:20250319T150000Z
SUMMARY:Single A
END:VEVENT
""" % UID_SINGLE_A)

SINGLE_B_ALLDAY = ics("""BEGIN:VEVENT
UID:%s
DTSTAMP:20250101T000000Z
DTSTART;VALUE=DATE:20250510
DTEND;VALUE=DATE:20250511
SUMMARY:All-day B
END:VEVENT
""" % UID_SINGLE_B)

SINGLE_C = ics("""BEGIN:VEVENT
UID:%s
DTSTAMP:20250101T000000Z
DTSTART:20250601T120000Z
DURATION:PT30M
SUMMARY:Single C
END:VEVENT
""" % UID_SINGLE_C)

LATE = ics("""BEGIN:VEVENT
UID:%s
DTSTAMP:20250101T000000Z
DTSTART:20250320T080000Z
DTEND:20250320T090000Z
SUMMARY:Added after the first sync
END:VEVENT
""" % UID_LATE)


def utc(*a):
    return datetime(*a, tzinfo=UTC)


def to_utc(value):
    """vobject/icalendar date-time value to an aware UTC datetime (dates stay dates)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise CheckFailed("floating date-time %s in a server answer where a fixed time was "
                              "expected" % value)
        return value.astimezone(UTC)
    return value


def P(url):
    """The decoded path of a URL, so that %40 and @ compare equal."""
    return unquote(str(caldav.lib.url.URL.objectify(url).path))


def uid_of(obj):
    """The UID of a resource; an expanded answer holds several VEVENTs (one per instance)."""
    comps = [c for c in obj.icalendar_instance.subcomponents if c.name != "VTIMEZONE"]
    uids = {str(c.get("UID")) for c in comps}
    check(len(uids) == 1, "a resource with components of different UIDs %s:\n%s" % (uids, obj.data))
    return uids.pop()


def uids_of(objects):
    return sorted(uid_of(o) for o in objects)


def vevents(obj):
    return [c for c in obj.icalendar_instance.walk("VEVENT")]


# ---------------------------------------------------------------------------------------------
state = {}


def check_well_known():
    r = requests.request("PROPFIND", BASE + ".well-known/caldav", auth=(USER, PASSWORD),
                         headers={"Depth": "0"}, allow_redirects=False, timeout=30)
    check(r.status_code in (301, 302, 303, 307, 308),
          "PROPFIND /.well-known/caldav answered %s, expected a redirect (RFC 6764 section 5)"
          % r.status_code)
    check(r.headers.get("Location"), "redirect from /.well-known/caldav has no Location")


def check_principal(client):
    principal = client.principal()
    check(principal.url is not None, "no current-user-principal from %s" % BASE)
    check(str(principal.url.path) == "/principals/users/%s/" % USER,
          "current-user-principal is %s, expected /principals/users/%s/" % (principal.url, USER))
    home = principal.calendar_home_set
    check(str(home.url.path) == "/calendars/users/%s/" % USER,
          "calendar-home-set is %s" % home.url)
    cals = principal.calendars()
    paths = [P(c.url) for c in cals]
    check("/calendars/users/%s/default/" % USER in paths,
          "calendars in the home do not include default/: %s" % paths)
    return principal


def check_mkcalendar(principal):
    name = "Interop python-caldav %s" % RUN
    cal = principal.make_calendar(name=name, cal_id="interop-py-%s" % RUN)
    check(P(cal.url) == "/calendars/users/%s/interop-py-%s/" % (USER, RUN),
          "calendar URL is %s" % cal.url)
    check(cal.get_display_name() == name,
          "displayname after MKCALENDAR is %r, expected %r" % (cal.get_display_name(), name))
    listed = [P(c.url) for c in principal.calendars()]
    check(P(cal.url) in listed, "new calendar not listed in the home: %s" % listed)
    comps = cal.get_supported_components()
    check("VEVENT" in comps, "supported-calendar-component-set lacks VEVENT: %s" % comps)
    return cal


def check_save(cal):
    saved = {}
    for uid, data in ((UID_RECUR, RECURRING), (UID_SINGLE_A, SINGLE_A),
                      (UID_SINGLE_B, SINGLE_B_ALLDAY), (UID_SINGLE_C, SINGLE_C)):
        ev = cal.save_event(data)
        check(ev.url is not None, "no URL after saving %s" % uid)
        saved[uid] = ev
    # read them back by URL and via the listing of the collection
    for uid, ev in saved.items():
        back = cal.event_by_url(ev.url).load()
        check(str(back.icalendar_component["UID"]) == uid, "GET %s returned another UID" % ev.url)
    master = cal.event_by_url(saved[UID_RECUR].url).load()
    comp = master.icalendar_component
    check("RRULE" in comp and "EXDATE" in comp,
          "stored recurring event lost RRULE/EXDATE:\n%s" % master.data)
    check(str(comp["DTSTART"].params.get("TZID")) == "Europe/Berlin",
          "stored DTSTART lost TZID=Europe/Berlin:\n%s" % master.data)
    check("BEGIN:VTIMEZONE" in master.data, "stored recurring event lost its VTIMEZONE")
    children = [str(c[0]) for c in cal.children()]
    for ev in saved.values():
        check(any(P(ev.url) == P(c) for c in children),
              "PROPFIND Depth 1 on the calendar does not list %s: %s" % (ev.url.path, children))
    # calendar-multiget with all URLs
    got = cal.calendar_multiget([ev.url for ev in saved.values()])
    check(sorted(uids_of(got)) == sorted(saved), "calendar-multiget returned %s" % uids_of(got))
    return saved


def raw_query(cal, start, end, expand):
    """The server's own answer to a calendar-query (the library would expand on the client side
    when the server did not, which must not hide a server failure)."""
    xml, comp_class = cal.build_search_xml_query(event=True, start=start, end=end, expand=expand)
    _, objects = cal._request_report_build_resultlist(xml, comp_class)
    return objects


def check_search_unexpanded(cal):
    # [03-18, 04-01): two instances of the weekly event + Single A; not B, not C
    found = raw_query(cal, utc(2025, 3, 18), utc(2025, 4, 1), expand=False)
    check(uids_of(found) == sorted([UID_RECUR, UID_SINGLE_A]),
          "calendar-query 2025-03-18..04-01 returned UIDs %s, expected %s"
          % (uids_of(found), sorted([UID_RECUR, UID_SINGLE_A])))
    for o in found:
        if uid_of(o) == UID_RECUR:
            check("RRULE" in o.icalendar_component,
                  "unexpanded query returned the recurring event without its RRULE")
    # only the EXDATE'd instance (04-07 08:00Z) lies in [04-05, 04-12): no match (RFC 4791 9.9)
    found = raw_query(cal, utc(2025, 4, 5), utc(2025, 4, 12), expand=False)
    check(uids_of(found) == [],
          "calendar-query 2025-04-05..04-12 (only an EXDATE'd instance) returned %s, expected "
          "nothing (RFC 4791 section 9.9: excluded instances do not overlap)" % uids_of(found))
    # DST: 03-31 instance is 08:00Z-09:00Z (CEST). [09:00Z, 10:00Z) must not match it ...
    found = raw_query(cal, utc(2025, 3, 31, 9), utc(2025, 3, 31, 10), expand=False)
    check(uids_of(found) == [],
          "calendar-query 2025-03-31T09:00Z..10:00Z returned %s; the 03-31 instance is "
          "08:00Z-09:00Z (Europe/Berlin is UTC+2 after 03-30)" % uids_of(found))
    # ... and [07:30Z, 08:30Z) must
    found = raw_query(cal, utc(2025, 3, 31, 7, 30), utc(2025, 3, 31, 8, 30), expand=False)
    check(uids_of(found) == [UID_RECUR],
          "calendar-query 2025-03-31T07:30Z..08:30Z returned %s, expected the weekly event"
          % uids_of(found))
    # an all-day event (DATE values, floating) on 2025-05-10
    found = raw_query(cal, utc(2025, 5, 10, 12), utc(2025, 5, 10, 13), expand=False)
    check(uids_of(found) == [UID_SINGLE_B],
          "calendar-query 2025-05-10T12:00Z..13:00Z returned %s, expected the all-day event"
          % uids_of(found))
    # the library's own API (search) agrees
    found = cal.search(start=utc(2025, 5, 1), end=utc(2025, 7, 1), event=True)
    check(uids_of(found) == sorted([UID_SINGLE_B, UID_SINGLE_C]),
          "search(2025-05-01..07-01) returned %s" % uids_of(found))
    found = cal.date_search(start=utc(2025, 1, 1), end=utc(2026, 1, 1), expand=False)
    check(uids_of(found) == sorted([UID_RECUR, UID_SINGLE_A, UID_SINGLE_B, UID_SINGLE_C]),
          "date_search(2025) returned %s" % uids_of(found))


def check_search_expanded(cal):
    start, end = utc(2025, 3, 1), utc(2025, 5, 1)
    found = raw_query(cal, start, end, expand=True)
    recur = [o for o in found if uid_of(o) == UID_RECUR]
    check(len(recur) == 1, "expanded calendar-query returned %d resources for the weekly event"
          % len(recur))
    instances = vevents(recur[0])
    for ev in instances:
        for p in ("RRULE", "RDATE", "EXDATE"):
            check(p not in ev, "expanded answer still has %s (RFC 4791 section 9.6.5):\n%s"
                  % (p, recur[0].data))
        check("RECURRENCE-ID" in ev, "expanded instance without RECURRENCE-ID:\n%s" % recur[0].data)
    starts = sorted(to_utc(ev["DTSTART"].dt) for ev in instances)
    expected = [utc(2025, 3, 17, 9), utc(2025, 3, 24, 9), utc(2025, 3, 31, 8), utc(2025, 4, 14, 8),
                utc(2025, 4, 21, 8)]
    check(starts == expected, "expanded DTSTARTs %s, expected %s (EXDATE 04-07 left out, DST "
          "from 03-30)" % ([s.isoformat() for s in starts], [s.isoformat() for s in expected]))
    rids = sorted(to_utc(ev["RECURRENCE-ID"].dt) for ev in instances)
    check(rids == expected, "expanded RECURRENCE-IDs %s" % [s.isoformat() for s in rids])
    for ev in instances:
        d0, d1 = to_utc(ev["DTSTART"].dt), to_utc(ev["DTEND"].dt) if "DTEND" in ev else None
        if d1 is not None:
            check(d1 - d0 == timedelta(hours=1), "expanded instance lasts %s" % (d1 - d0))
    others = sorted(uid_of(o) for o in found
                    if uid_of(o) != UID_RECUR)
    check(others == [UID_SINGLE_A], "expanded query 03-01..05-01 also returned %s" % others)
    # a narrower expansion returns only the instances inside the range
    found = raw_query(cal, utc(2025, 3, 30), utc(2025, 4, 15), expand=True)
    recur = [o for o in found if uid_of(o) == UID_RECUR]
    check(len(recur) == 1, "narrow expanded query returned %d weekly resources" % len(recur))
    starts = sorted(to_utc(ev["DTSTART"].dt) for ev in vevents(recur[0]))
    check(starts == [utc(2025, 3, 31, 8), utc(2025, 4, 14, 8)],
          "expanded 03-30..04-15 gave %s, expected 03-31T08:00Z and 04-14T08:00Z"
          % [s.isoformat() for s in starts])
    # and the library's public API, split into one object per instance
    found = cal.search(start=start, end=end, event=True, expand=True)
    got = sorted(to_utc(o.icalendar_component["DTSTART"].dt) for o in found
                 if uid_of(o) == UID_RECUR)
    check(got == expected, "search(expand=True) gave %s" % [s.isoformat() for s in got])


def check_sync(cal, saved):
    coll = cal.objects_by_sync_token(load_objects=True)
    check(coll.sync_token, "sync-collection without a sync-token")
    first_token = coll.sync_token
    urls = sorted(P(o.url) for o in coll)
    check(urls == sorted(P(e.url) for e in saved.values()),
          "initial sync-collection listed %s" % urls)
    # nothing changed: an empty delta and the same token
    again = cal.objects_by_sync_token(first_token)
    check(len(list(again)) == 0, "sync with a fresh token reported changes: %s"
          % [str(o.url) for o in again])
    # change: update A, add LATE, delete C
    a = cal.event_by_url(saved[UID_SINGLE_A].url).load()
    a.icalendar_component["SUMMARY"] = "Single A (changed for sync)"
    a.save()
    late = cal.save_event(LATE)
    saved[UID_LATE] = late
    cal.event_by_url(saved.pop(UID_SINGLE_C).url).delete()
    delta = cal.objects_by_sync_token(first_token)
    check(delta.sync_token != first_token, "sync-token did not change after modifications")
    changed = sorted(P(o.url) for o in delta)
    want = sorted([P(a.url), P(late.url),
                   "/calendars/users/%s/interop-py-%s/%s.ics" % (USER, RUN, UID_SINGLE_C)])
    check(changed == want, "sync delta since first token lists %s, expected %s (RFC 6578 "
          "section 3.5: changed, added and removed members)" % (changed, want))
    # the library's incremental sync: one update and one deletion are seen
    updated, deleted = coll.sync()
    up = sorted(P(o.url) for o in updated)
    de = sorted(P(o.url) for o in deleted)
    check(up == sorted([P(a.url), P(late.url)]), "sync() updated %s" % up)
    check(len(de) == 1 and de[0].endswith("/%s.ics" % UID_SINGLE_C), "sync() deleted %s" % de)
    summaries = {uid_of(o): str(o.icalendar_component["SUMMARY"])
                 for o in coll}
    check(summaries.get(UID_SINGLE_A) == "Single A (changed for sync)",
          "synced copy of A has summary %r" % summaries.get(UID_SINGLE_A))
    check(UID_SINGLE_C not in summaries, "deleted C still in the synced collection")
    # the token after a sync is current
    again = cal.objects_by_sync_token(coll.sync_token)
    check(len(list(again)) == 0, "sync with the newest token reported %s"
          % [str(o.url) for o in again])
    # an unknown token is refused with valid-sync-token (RFC 6578 section 3.2)
    try:
        cal.objects_by_sync_token("http://calroom.invalid/sync/bogus")
        raise CheckFailed("sync-collection with an invalid token was not refused")
    except (caldav_error.ReportError, caldav_error.AuthorizationError) as e:
        last = http_errors[-1] if http_errors else ""
        check(" -> 403 " in last and "valid-sync-token" in last,
              "invalid sync-token not refused with 403 DAV:valid-sync-token: %s %s" % (e, last))
        del http_errors[:]  # an expected refusal, not an error to report


def check_update(cal, saved):
    ev = cal.event_by_url(saved[UID_RECUR].url).load()
    etag_before = ev.props.get("{DAV:}getetag")
    comp = ev.icalendar_component
    comp["SUMMARY"] = "Weekly sync (moved room)"
    comp["LOCATION"] = "Room 42"
    ev.save()
    back = cal.event_by_url(saved[UID_RECUR].url).load()
    check(str(back.icalendar_component["SUMMARY"]) == "Weekly sync (moved room)",
          "summary after update is %r" % str(back.icalendar_component.get("SUMMARY")))
    check(str(back.icalendar_component.get("LOCATION")) == "Room 42", "location not updated")
    check(back.props.get("{DAV:}getetag") and back.props.get("{DAV:}getetag") != etag_before,
          "ETag did not change on update (%s -> %s)" % (etag_before, back.props.get("{DAV:}getetag")))
    # update a single event: move it by three days
    a = cal.event_by_url(saved[UID_SINGLE_A].url).load()
    a.icalendar_component["DTSTART"].dt = utc(2025, 3, 22, 14)
    a.icalendar_component["DTEND"].dt = utc(2025, 3, 22, 15)
    a.save()
    back = cal.event_by_url(saved[UID_SINGLE_A].url).load()
    check(to_utc(back.icalendar_component["DTSTART"].dt) == utc(2025, 3, 22, 14),
          "DTSTART after update is %s" % back.icalendar_component["DTSTART"].dt)


def check_update_query(cal, saved):
    # the update keeps the recurrence: the expanded query still finds the moved instances
    found = raw_query(cal, utc(2025, 4, 13), utc(2025, 4, 15), expand=True)
    check([str(v.get("SUMMARY")) for o in found for v in vevents(o)] == ["Weekly sync (moved room)"],
          "expanded query after update returned %s" % [o.data for o in found])
    # the moved single event is found at its new time only
    found = raw_query(cal, utc(2025, 3, 19), utc(2025, 3, 20), expand=False)
    check(UID_SINGLE_A not in uids_of(found), "moved event still found at its old time")
    found = raw_query(cal, utc(2025, 3, 22), utc(2025, 3, 23), expand=False)
    check(uids_of(found) == [UID_SINGLE_A], "moved event not found at its new time: %s"
          % uids_of(found))


def check_delete(cal, saved):
    ev = saved.pop(UID_SINGLE_B)
    ev.delete()
    try:
        cal.event_by_url(ev.url).load()
        raise CheckFailed("GET %s after DELETE still answers" % ev.url)
    except caldav_error.NotFoundError:
        pass
    left = sorted(str(c[0]) for c in cal.children())
    check(not any(x.endswith("/%s.ics" % UID_SINGLE_B) for x in left),
          "deleted object still listed: %s" % left)


def check_delete_query(cal):
    found = raw_query(cal, utc(2025, 5, 10), utc(2025, 5, 11), expand=False)
    check(uids_of(found) == [], "deleted all-day event still found by calendar-query")


def check_freebusy(cal):
    fb = cal.freebusy_request(utc(2025, 3, 30), utc(2025, 4, 16))
    data = fb.data
    check("BEGIN:VFREEBUSY" in data, "free-busy-query answer has no VFREEBUSY:\n%s" % data)
    check("20250331T080000Z" in data and "20250414T080000Z" in data,
          "free-busy-query lacks the 03-31T08:00Z / 04-14T08:00Z busy periods:\n%s" % data)
    check("20250407T080000Z" not in data, "free-busy-query counts the EXDATE'd 04-07 instance")


def check_delete_calendar(cal, principal):
    cal.delete()
    listed = [P(c.url) for c in principal.calendars()]
    check(P(cal.url) not in listed, "calendar still listed after DELETE: %s" % listed)


def _version():
    try:
        import importlib.metadata
        return importlib.metadata.version("caldav")
    except Exception:
        return "?"


def main():
    print("python-caldav %s against %s as %s" % (_version(), BASE, USER))
    client = caldav.DAVClient(url=BASE, username=USER, password=PASSWORD, timeout=60)
    client.session.hooks["response"].append(record_http_errors)
    run("discovery: /.well-known/caldav redirects", check_well_known)
    principal = run("discovery: principal and calendar home from the base URL", check_principal, client)
    if principal is None:
        skip("everything else", "no principal")
        return finish()
    cal = run("MKCALENDAR with displayname", check_mkcalendar, principal)
    if cal is None:
        skip("everything else", "no calendar")
        return finish()
    try:
        saved = run("save recurring (TZID Europe/Berlin, EXDATE) and single events", check_save, cal)
        if saved is None:
            skip("search, sync, update, delete", "saving events failed")
            return finish()
        run("calendar-query time range, not expanded", check_search_unexpanded, cal)
        run("calendar-query time range, expanded", check_search_expanded, cal)
        run("free-busy-query", check_freebusy, cal)
        run("sync-collection (objects_by_sync_token, sync)", check_sync, cal, saved)
        run("update (GET, modify, PUT, ETag changes)", check_update, cal, saved)
        run("calendar-query sees the update", check_update_query, cal, saved)
        run("delete an event", check_delete, cal, saved)
        run("calendar-query no longer finds the deleted event", check_delete_query, cal)
    finally:
        run("DELETE the calendar", check_delete_calendar, cal, principal)
    return finish()


def finish():
    passed = sum(1 for r in results if r[1])
    failed = len(results) - passed
    print("python-caldav: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
