#!/usr/bin/env python3
"""Turns a generated economy directory (plenum gen ... --techniques 3 --capacities) into a
plan over YEARS years, as bench_plan.c builds its multi-year plans: hours 0.7 of what
running every technique at a third of its capacity takes, growing 2 % a year; targets the
demand, growing 3 % a year; one capital stock per product j, of product (7j + 3) mod n,
0.5 per unit of j's output, 10 % wear a year, starting at 0.9 of what a third of j's
capacities need. Usage: years.py DIR YEARS (writes DIR/years.csv, targets.csv, stocks.csv)."""
import csv
import sys

d, years = sys.argv[1], int(sys.argv[2])
tech = list(csv.DictReader(open(d + "/techniques.csv", newline="")))
prods = [r["key"] for r in csv.DictReader(open(d + "/products.csv", newline=""))]
demand = {r["product"]: float(r["quantity"])
          for r in csv.DictReader(open(d + "/demand.csv", newline=""))}
hours = 0.7 * sum(float(t["labour"]) * float(t["capacity"]) / 3 for t in tech)
out = dict.fromkeys(prods, 0.0)
for t in tech:
    out[t["product"]] += float(t["output"]) * float(t["capacity"]) / 3
n = len(prods)
with open(d + "/years.csv", "w") as f:
    f.write("year,hours\n")
    for y in range(years):
        f.write("%d,%r\n" % (y + 1, hours * 1.02 ** y))
with open(d + "/targets.csv", "w") as f:
    f.write("year,product,quantity\n")
    for y in range(years):
        for p in prods:
            f.write("%d,%s,%r\n" % (y + 1, p, demand.get(p, 0.0) * 1.03 ** y))
with open(d + "/stocks.csv", "w") as f:
    f.write("input,user,per_unit,initial,depreciation\n")
    for j, p in enumerate(prods):
        f.write("%s,%s,0.5,%r,0.1\n" % (prods[(7 * j + 3) % n], p, 0.45 * out[p]))
