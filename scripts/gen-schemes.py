#!/usr/bin/env python3
"""Writes N random scheme files from the JSON Schema of schemes (`mutua schema scheme`),
for the batch classify benchmark: every fact given, or each fact left out with probability
MISSING.

usage: gen-schemes.py SCHEMA.json OUT_DIR N MISSING SEED
"""
import json
import os
import random
import sys


def value(rng, spec):
    if "enum" in spec:
        return rng.choice([v for v in spec["enum"] if v is not None])
    types = spec.get("type")
    types = types if isinstance(types, list) else [types]
    if "boolean" in types:
        return rng.random() < 0.5
    if "integer" in types:
        return rng.choice([0, 3, 50, 200, 1000, 100_000, 5_000_000, 100_000_000])
    if spec.get("format") == "date":
        return rng.choice(["2005-01-01", "2015-06-30", "2020-01-01"])
    if spec.get("pattern") == "^[A-Z]{3}$":
        return rng.choice(["CNY", "USD", "JPY"])
    return None


def fill(rng, spec, missing):
    out = {}
    for key, sub in spec.get("properties", {}).items():
        if key in ("name", "as_of"):
            continue
        if sub.get("type") == "object":
            inner = fill(rng, sub, missing)
            if inner:
                out[key] = inner
        elif key == "currency" or rng.random() >= missing:
            # the currency is the unit of the amounts, not a fact that may be missing
            v = value(rng, sub)
            if v is not None:
                out[key] = v
    return out


def main():
    schema_path, out_dir, n, missing, seed = sys.argv[1:6]
    schema = json.load(open(schema_path))
    rng = random.Random(int(seed))
    os.makedirs(out_dir, exist_ok=True)
    for i in range(int(n)):
        scheme = {"name": f"generated {i}", "as_of": "2020-06-30"}
        scheme.update(fill(rng, schema, float(missing)))
        # JSON is YAML: one object a file
        with open(os.path.join(out_dir, f"s{i:05}.yaml"), "w") as f:
            json.dump(scheme, f, ensure_ascii=False)


main()
