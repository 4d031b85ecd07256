#!/usr/bin/env python3
"""The message catalogs (web/i18n/*.json): every catalog's keys are among English's, the
complete ones (now all thirteen) have all of them, translated (at most one in twenty the same as
English: names such as "plenum" stay), placeholders ({name}) agree with English, and
every message key the interface's code names exists in English, and the style sheet uses
logical properties only (margin-inline-start, not margin-left), so that right-to-left pages
need no rules of their own.

usage: test_i18n.py WEB_DIR"""
import json
import os
import re
import sys

COMPLETE = {"en", "nb", "fa", "ar", "tr", "es", "fr", "it", "el", "pt", "ru", "ku", "hy"}
STARTED = set()


def main():
    web = sys.argv[1]
    d = os.path.join(web, "i18n")
    cats = {f[:-5]: json.load(open(os.path.join(d, f), encoding="utf-8"))
            for f in os.listdir(d) if f.endswith(".json")}
    errors = []
    en = {k for k in cats["en"] if not k.startswith("_")}
    missing_langs = (COMPLETE | STARTED) - set(cats)
    if missing_langs:
        errors.append("catalogs missing: %s" % sorted(missing_langs))
    for lang, cat in sorted(cats.items()):
        keys = {k for k in cat if not k.startswith("_")}
        extra = keys - en
        if extra:
            errors.append("%s: keys not in en: %s" % (lang, sorted(extra)))
        if lang in COMPLETE and keys != en:
            errors.append("%s: missing %s" % (lang, sorted(en - keys)))
        same = [k for k in keys & en if lang != "en" and cat[k] == cats["en"][k]]
        if lang in COMPLETE and len(same) > len(en) // 20:
            errors.append("%s: %d messages are the English ones (untranslated?): %s"
                          % (lang, len(same), sorted(same)[:10]))
        if lang in STARTED and len(keys) < len(en) // 3:
            errors.append("%s: only %d of %d keys" % (lang, len(keys), len(en)))
        for k in keys & en:
            want = set(re.findall(r"\{(\w+)\}", cats["en"][k]))
            got = set(re.findall(r"\{(\w+)\}", cat[k]))
            if want != got:
                errors.append("%s: %s has placeholders %s, English %s" % (lang, k, got, want))
            if not cat[k].strip():
                errors.append("%s: %s is empty" % (lang, k))
    # every literal key the code passes to t(), and the keys built from known suffixes
    used = set()
    for root, _, files in os.walk(web):
        for f in files:
            if f.endswith(".js"):
                text = open(os.path.join(root, f), encoding="utf-8").read()
                used |= set(re.findall(r"(?<![\w.$])t\('([a-z][\w.-]*)'", text))
                used |= set(re.findall(r"'((?:nav|ballot|motions|result|plan)\.[\w.-]+)'", text))
    for k in sorted(used - en):
        errors.append("the code uses %s, which en.json lacks" % k)
    # right to left by logical properties: no physical left/right in the style sheet
    css = open(os.path.join(web, "style.css"), encoding="utf-8").read()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for m in re.finditer(r"(?<![\w-])((?:margin|padding|border)-(?:left|right)[\w-]*|left|right|"
                         r"float|text-align|clear)\s*:\s*([^;}]*)", css):
        prop, value = m.group(1), m.group(2).strip()
        if prop in ("float", "text-align", "clear") and not re.search(r"\b(left|right)\b", value):
            continue
        errors.append("style.css: %s: %s is physical: use the logical property (inline-start, "
                      "inline-end)" % (prop, value))
    for e in errors:
        print("FAIL:", e, file=sys.stderr)
    if errors:
        sys.exit(1)
    print("i18n: %d catalogs, %d keys in English, %d keys used by name" % (len(cats), len(en),
                                                                        len(used)))


if __name__ == "__main__":
    main()
