"""A Python 2 export script nobody ported: PY001 (it does not parse)."""

import csv


def export(rows, path):
    print "exporting %d rows" % len(rows)
    with open(path, "w") as handle:
        csv.writer(handle).writerows(rows)
