# SPDX-License-Identifier: AGPL-3.0-or-later
# Generates persons.csv, the fixed input of the publish golden tests (a fictitious country,
# ITA as the country of detection). Deterministic: a linear congruential generator, no library
# randomness. Run: python3 make_persons.py > persons.csv
import sys

state = 20240601
def rnd(n):
    global state
    state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    return (state >> 33) % n

def pick(weighted):
    total = sum(w for _, w in weighted)
    r = rnd(total)
    for v, w in weighted:
        if r < w:
            return v
        r -= w

cit = [("NGA", 40), ("ROU", 25), ("ITA", 30), ("ALB", 12), ("CHN", 6), ("ERI", 4), ("BRA", 3), ("", 5), ("PAK", 2)]
forms = [("sexual", 50), ("forced_labour", 35), ("begging", 6), ("forced_criminality", 5), ("forced_marriage", 3), ("organ_removal", 1)]
agencies = ["police", "ngo", "labour"]
print("person_key,sex,age,forms,citizenship,country_of_exploitation,agencies,year,status")
for i in range(1, 321):
    c = pick(cit)
    f = pick(forms)
    sex = "female" if (f in ("sexual", "forced_marriage") and rnd(10) < 8) or rnd(3) == 0 else "male"
    if rnd(40) == 0:
        sex = "unknown"
    age = "" if rnd(12) == 0 else str(8 + rnd(45) if f != "begging" else 5 + rnd(12))
    fs = [f]
    if rnd(6) == 0:
        extra = pick(forms)
        if extra != f:
            fs.append(extra)
    if c == "ERI":
        fs = ["forced_marriage"]
        sex = "female"
    coe = "ITA" if rnd(10) < 8 else pick([("FRA", 2), ("DEU", 2), ("", 1)])
    ag = sorted(set([agencies[rnd(3)]] + ([agencies[rnd(3)]] if rnd(4) == 0 else [])))
    year = str(2021 + rnd(4)) if rnd(25) else ""
    status = pick([("identified", 60), ("presumed", 30), ("unknown", 6), ("not_a_victim", 4)])
    print(f"P{i:04d},{sex},{age},{';'.join(fs)},{c},{coe},{';'.join(ag)},{year},{status}")
