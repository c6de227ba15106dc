# Run by workers/runtime.ts at every boot, just before `seal()`: puts right what a Pyodide memory
# snapshot carries over from the machine that made it. The snapshot shipped with the site is made at
# build time in Node (src/build/engine-snapshot.ts), and Python computed `time.timezone`,
# `time.altzone`, `time.daylight` and `time.tzname` there, at start-up; Pyodide has no `time.tzset`.


def refresh_timezone():
    """Recompute the `time` module's zone attributes for this machine, as CPython does at start-up."""
    import time

    # CPython's init_timezone (Modules/timemodule.c) without tzname: the offsets of January and of
    # July of this year; where July's is the smaller, the zone is in the southern hemisphere.
    year = (365 * 24 + 6) * 3600
    t = (int(time.time()) // year) * year
    jan, jul = time.localtime(t), time.localtime(t + year // 2)
    jan_zone, jul_zone = -jan.tm_gmtoff, -jul.tm_gmtoff
    if jan_zone < jul_zone:
        jan_zone, jul_zone, jan, jul = jul_zone, jan_zone, jul, jan
    time.timezone, time.altzone = jan_zone, jul_zone
    time.daylight = int(jan_zone != jul_zone)
    time.tzname = (jan.tm_zone, jul.tm_zone)
