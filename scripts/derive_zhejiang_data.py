#!/usr/bin/env python3
"""Derive data/zhejiang/ from the public Zhejiang files in shared/data/zhejiang.

regions.csv is copied as it is. region_tags.csv turns the 0/1 flags of
mountain_island_status.csv into dated tags, and pairings.csv adds the
validity dates that data/zhejiang/README.md documents to the partial
mountain-sea list. Run from the repository root:

    python3 scripts/derive_zhejiang_data.py ../shared/data/zhejiang data/zhejiang
"""
import csv
import shutil
import sys
from pathlib import Path

# The mountain-county list in force before each adjustment. The first list
# dates from about 2015; 2015-01-01 is a stand-in start date.
FIRST_LIST_FROM = "2015-01-01"
FIRST_ADJUSTMENT = "2024-08-21"  # three counties left, two island counties joined
SECOND_ADJUSTMENT = "2025-05-28"  # three more counties left
DAY_BEFORE = {"2024-08-21": "2024-08-20", "2025-05-28": "2025-05-27"}

# Mountain-sea pairings predate the measures, which took effect on
# 2024-03-01; the default data admits them from then until the end of the
# province's 2027 target year.
PAIRING_FROM = "2024-03-01"
PAIRING_TO = "2027-12-31"


def periods(row):
    """Yield (tag, from, to) for one row of mountain_island_status.csv."""
    mountain = row["original_mountain26"] == "1"
    island = row["island_county"] == "1"
    after_first = row["in_list_after_2024_08"] == "1"
    after_second = row["in_list_after_2025_05"] == "1"
    if island:
        yield "island", "", ""
    # Membership of the development list: (from, to) ranges in order.
    spans = []
    if mountain:
        spans.append([FIRST_LIST_FROM, DAY_BEFORE[FIRST_ADJUSTMENT]])
    if after_first:
        spans.append([FIRST_ADJUSTMENT, DAY_BEFORE[SECOND_ADJUSTMENT]])
    if after_second:
        spans.append([SECOND_ADJUSTMENT, ""])
    merged = []
    for span in spans:
        if merged and merged[-1][1] and next_day(merged[-1][1]) == span[0]:
            merged[-1][1] = span[1]
        else:
            merged.append(span)
    list_tag = "mountain" if mountain else "island_development"
    for start, end in merged:
        yield list_tag, start, end
        yield "resource_short", start, end


def next_day(date):
    for before, after in ((v, k) for k, v in DAY_BEFORE.items()):
        if date == before:
            return after
    return None


def main(source, target):
    source, target = Path(source), Path(target)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / "regions.csv", target / "regions.csv")

    with open(source / "mountain_island_status.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(target / "region_tags.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["code", "tag", "valid_from", "valid_to", "name"])
        for row in rows:
            for tag, start, end in periods(row):
                out.writerow([row["code"], tag, start, end, row["name"]])

    with open(source / "pairings.csv", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames + ["valid_from", "valid_to"]
        pairs = list(reader)
    with open(target / "pairings.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        out.writeheader()
        for row in pairs:
            row["valid_from"], row["valid_to"] = PAIRING_FROM, PAIRING_TO
            out.writerow(row)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: derive_zhejiang_data.py SOURCE_DIR TARGET_DIR")
    main(sys.argv[1], sys.argv[2])
