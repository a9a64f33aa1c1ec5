#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Regenerates data/codes/countries.csv from Debian's iso-codes package (ISO 3166-1 codes,
English names, French names from its gettext catalogue) and data/codes/m49_membership.csv
(UN M49 region membership). Run by hand when iso-codes changes; the output is committed.
Usage: python3 tools/gen_countries.py > data/codes/countries.csv"""
import csv, gettext, json, sys

iso = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"]
fr = gettext.translation("iso_3166-1", "/usr/share/locale", languages=["fr"])
m49 = {r["alpha3"]: r for r in csv.DictReader(open("data/codes/m49_membership.csv"))}
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["alpha2", "alpha3", "numeric", "name_en", "name_fr", "official_name_en",
              "common_name_en", "region_m49", "subregion_m49"])
# Kosovo has no ISO 3166-1 code; XK/XKX is the user-assigned code the EU, the World Bank and
# CTDC use. M49 counts it within Serbia's subregion.
iso.append({"alpha_2": "XK", "alpha_3": "XKX", "numeric": "", "name": "Kosovo"})
m49.setdefault("XKX", {"region_m49": "150", "subregion_m49": "039"})
for c in sorted(iso, key=lambda c: c["alpha_3"]):
    membership = m49.get(c["alpha_3"], {})
    out.writerow([c["alpha_2"], c["alpha_3"], c["numeric"], c["name"], fr.gettext(c["name"]) if c["alpha_3"] != "XKX" else "Kosovo",
                  c.get("official_name", ""), c.get("common_name", ""),
                  membership.get("region_m49", ""), membership.get("subregion_m49", "")])
