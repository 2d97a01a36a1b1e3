#!/usr/bin/env python3
"""Curates ESCO v1.1.1 (© European Union, CC BY 4.0) into the two compact data files the
taxonomy loads at start-up:

  crates/domain/cv/data/esco_skills.tsv          Label<TAB>alias|alias|...
  crates/domain/matching/data/esco_occupations.tsv  ISCO<TAB>label|alias|...

Inputs: ESCO's occupations.csv (tabiya-tech/tabiya-open-dataset, tabiya-esco-v1.1.1/csv) and
ESCO's skills_en.csv (conceptUri, reuseLevel, preferredLabel, altLabels). Usage:

  scripts/taxonomy/curate_esco.py OCCUPATIONS_CSV SKILLS_EN_CSV

What is kept: short, CV-style labels. Skills: noun phrases of at most three words (ESCO's
"manage supplies"-style competence phrases are dropped: CVs and job ads do not write them),
alternative labels of at most four words that share a word with the preferred one (the public
skills_en.csv copy has rows whose alternative labels belong to a neighbour), nothing that the
hand-tuned taxonomy in crates/domain/cv/src/skills.rs already names. Occupations: every label
of at most five words, without acronyms of three letters or fewer and without bare words that
name no trade on their own ("director", "host").
"""
import csv
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# First words of ESCO competence phrases ("manage", "perform" ...): verbs, not CV nouns.
VERBS = set("""
manage understand use perform maintain write develop operate apply interact advise provide
monitor ensure analyse prepare conduct create inspect identify install design handle work tend
communicate teach plan assess liaise supervise organise carry coordinate repair assist promote
follow evaluate test interpret support keep adjust check oversee clean set implement negotiate
demonstrate make remove assemble collect study control report process show execute comply lead
forecast adapt determine draft integrate calculate select protect think build measure manipulate
translate inform meet read research attend examine sell educate train replace estimate record
observe define drive respond consult cut give collaborate dispose document review load produce
gather prevent compile disseminate undertake deal investigate adhere present establish react run
position draw participate deliver construct cope mix enforce mark take stay direct calibrate
manufacture contribute instruct revise polish adopt respect solve engage shape represent fix
address tune order motivate customise schedule recognise evacuate interview escort devise rig
obtain align arrange synthesise verify fill pack treat track detect dye lift program influence
act search trace guide unload finish audit cooperate wear propose tolerate style rehearse coach
optimise explain add feed assume resolve administer answer empathise transfer store reinforce
speak brief troubleshoot advertise encourage share issue smooth improve dispense recruit paint
have manoeuvre avoid discuss mitigate source regulate moderate lay facilitate approve practice
register secure utilise distinguish call send enhance listen counsel compare preserve attach
fasten stimulate consider pass accept alter restrain help critique screen sand seal count
stand match play
""".split())
NOT_SKILLS = {"types", "characteristics", "principles", "theories", "type"}
SEPARATORS = set(',;|()[]{}:"\'!?*&')
GENERIC_TITLES = {
    "director", "supervisor", "host", "double", "substitute", "understudy", "stand-in",
    "back-up", "drawer", "cutter", "tester", "recorder", "conductor", "presenter", "caster",
    "trimmer", "dipper", "marine", "moderator", "promoter", "reviser", "preserver", "brander",
    "granulator", "coater", "laster", "oiler", "greaser", "gager", "gauger", "announcer",
    "judge", "envoy", "commando", "sportsman", "sportswoman", "restorer", "restorers",
    "manager", "engineer", "assistant", "consultant", "specialist", "officer", "technician",
    "operator", "worker", "analyst", "coordinator", "executive", "administrator", "advisor",
    "adviser", "inspector", "agent", "clerk", "developer", "designer", "head", "lead",
}


def words(text):
    """The engine's words(): letters and digits, + and # kept, everything else splits."""
    return [w for w in re.split(r"[^\w+#]|_", text.lower()) if w]


def hand_aliases():
    src = (ROOT / "crates/domain/cv/src/skills.rs").read_text()
    block = src[src.index("const TAXONOMY") : src.index("const RELATED")]
    return {s.lower() for s in re.findall(r'"([^"]+)"', block)}


def clean_skill(label):
    label = re.sub(r"\s*\(.*?\)", "", label).strip()
    return " ".join(label.split())


def skill_ok(label, max_words):
    ws = label.lower().split()
    if not ws or len(ws) > max_words or any(c in SEPARATORS for c in label):
        return False
    if ws[0] in VERBS or ws[0] in NOT_SKILLS or ws[-1] in {"of", "and", "in", "for"}:
        return False
    if len(ws) == 1 and len(ws[0]) < 8:
        return False
    return True


def curate_skills(path):
    taken = hand_aliases()
    out = []
    seen = set()
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            label = clean_skill(row["preferredLabel"])
            key = label.lower()
            if not skill_ok(label, 3) or key in taken or key in seen:
                continue
            content = {w for w in key.split() if len(w) > 3}
            aliases = []
            for alt in row["altLabels"].split("\n"):
                alt = clean_skill(alt).lower()
                if (
                    alt
                    and alt != key
                    and skill_ok(alt, 4)
                    and alt not in taken
                    and alt not in seen
                    and content & {w for w in alt.split() if len(w) > 3}
                ):
                    aliases.append(alt)
                    seen.add(alt)
            seen.add(key)
            display = label[0].upper() + label[1:]
            out.append((display, sorted(set(aliases))))
    out.sort(key=lambda r: r[0].lower())
    dest = ROOT / "crates/domain/cv/data/esco_skills.tsv"
    with open(dest, "w", encoding="utf-8") as f:
        f.write("# ESCO v1.1.1 skills, curated by scripts/taxonomy/curate_esco.py.\n")
        f.write("# ESCO © European Union, https://esco.ec.europa.eu, CC BY 4.0.\n")
        for display, aliases in out:
            f.write(f"{display}\t{'|'.join(aliases)}\n")
    print(f"{dest}: {len(out)} skills, {sum(len(a) for _, a in out)} aliases")


def curate_occupations(path):
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            labels = []
            for raw in [row["PREFERREDLABEL"], *row["ALTLABELS"].split("\n")]:
                if "/" in raw:  # "masseur/masseuse": the two halves are listed too
                    continue
                ws = words(raw)
                if not ws or len(ws) > 5:
                    continue
                if len(ws) == 1 and (len(ws[0]) <= 3 or ws[0] in GENERIC_TITLES):
                    continue
                phrase = " ".join(ws)
                if phrase not in labels:
                    labels.append(phrase)
            if labels:
                rows.append((row["ISCOGROUPCODE"], labels))
    rows.sort()
    dest = ROOT / "crates/domain/matching/data/esco_occupations.tsv"
    with open(dest, "w", encoding="utf-8") as f:
        f.write("# ESCO v1.1.1 occupations, curated by scripts/taxonomy/curate_esco.py.\n")
        f.write("# ESCO © European Union, https://esco.ec.europa.eu, CC BY 4.0.\n")
        for isco, labels in rows:
            f.write(f"{isco}\t{'|'.join(labels)}\n")
    print(f"{dest}: {len(rows)} occupations, {sum(len(l) for _, l in rows)} labels")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    curate_occupations(sys.argv[1])
    curate_skills(sys.argv[2])
