#!/usr/bin/env python3
"""Validate Jobr job files and the labelled matching evaluation set (stdlib only).

Usage:
  python3 check.py                      # check this directory: cvs/, jobs.json, grades.csv
  python3 check.py --eval DIR           # the same for another evaluation directory
  python3 check.py --jobs FILE [--source demo --id-prefix demo- --min-count 200
                    --posted-window 60 --as-of 2026-11-27]
                                        # check a jobs file only (e.g. data/jobs/demo-jobs.json)

Exits 1 and lists every problem found; prints counts and grade histograms on success.
The job format is the one in data/jobs/README.md.
"""

import argparse
import collections
import csv
import datetime
import json
import os
import re
import sys
import urllib.parse

JOB_KEYS = {
    "externalId", "title", "company", "description", "requiredSkills", "preferredSkills",
    "location", "remote", "employmentType", "experienceLevel", "salary", "postedAt",
    "applyUrl", "source",
}
SALARY_KEYS = {"min", "max", "currency", "interval"}
REMOTE = {"onsite", "hybrid", "remote"}
EMPLOYMENT = {"full_time", "part_time", "contract", "internship", "temporary"}
LEVELS = {"entry", "junior", "mid", "senior", "lead", "executive"}
INTERVALS = {"hour", "day", "month", "year"}
ALLOWED_HOSTS = ("example.com", "example.org")
# Short ads are real too (a kitchen porter, a data-entry clerk): 30 words at least.
DESCRIPTION_WORDS = (30, 250)
REQUIRED_SKILLS = (3, 8)
PREFERRED_SKILLS = (0, 5)
GRADES = {0, 1, 2, 3}


def non_empty_str(value):
    return isinstance(value, str) and value.strip() == value and value != ""


def is_int(value):
    # bool is a subclass of int in Python; a JSON true is not a salary.
    return isinstance(value, int) and not isinstance(value, bool)


def check_skills(where, value, bounds, errors):
    low, high = bounds
    if not isinstance(value, list) or not all(non_empty_str(s) for s in value):
        errors.append(f"{where}: must be a list of non-empty, trimmed strings")
        return []
    if not low <= len(value) <= high:
        errors.append(f"{where}: {len(value)} entries, expected {low}-{high}")
    lowered = [s.lower() for s in value]
    if len(set(lowered)) != len(lowered):
        errors.append(f"{where}: duplicate skills {value}")
    if any(len(s) > 40 for s in value):
        errors.append(f"{where}: skill labels should be short CV-style labels")
    return lowered


def check_job(index, job, errors, posted_from, posted_to):
    where = f"job[{index}]"
    if not isinstance(job, dict):
        errors.append(f"{where}: not an object")
        return
    where = f"job[{index}] {job.get('externalId', '?')}"
    keys = set(job)
    if keys != JOB_KEYS:
        missing, extra = sorted(JOB_KEYS - keys), sorted(keys - JOB_KEYS)
        errors.append(f"{where}: missing keys {missing}, unexpected keys {extra}")
        return
    for key in ("externalId", "title", "company", "description", "location", "source"):
        if not non_empty_str(job[key]):
            errors.append(f"{where}: {key} must be a non-empty, trimmed string")
            return

    words = len(job["description"].split())
    if not DESCRIPTION_WORDS[0] <= words <= DESCRIPTION_WORDS[1]:
        errors.append(f"{where}: description has {words} words, expected {DESCRIPTION_WORDS}")
    if re.search(r"<[a-zA-Z/][^>]*>", job["description"]):
        errors.append(f"{where}: description must be plain text, found HTML")
    if "\n" in job["description"] and "\n\n" not in job["description"]:
        errors.append(f"{where}: paragraphs must be separated by a blank line")
    if re.search(r"\n{3,}", job["description"]) or re.search(r"(?<!\n)\n(?!\n)", job["description"]):
        errors.append(f"{where}: only blank-line paragraph breaks allowed inside descriptions")

    required = check_skills(f"{where}: requiredSkills", job["requiredSkills"], REQUIRED_SKILLS, errors)
    preferred = check_skills(f"{where}: preferredSkills", job["preferredSkills"], PREFERRED_SKILLS, errors)
    overlap = set(required) & set(preferred)
    if overlap:
        errors.append(f"{where}: skills both required and preferred: {sorted(overlap)}")

    location = job["location"]
    if location != "Remote" and not re.fullmatch(r"[^,]+, [^,]+", location):
        errors.append(f"{where}: location {location!r} must be 'City, Country' or 'Remote'")
    if job["remote"] not in REMOTE:
        errors.append(f"{where}: remote {job['remote']!r} not in {sorted(REMOTE)}")
    elif location == "Remote" and job["remote"] != "remote":
        errors.append(f"{where}: location 'Remote' but remote is {job['remote']!r}")
    if job["employmentType"] not in EMPLOYMENT:
        errors.append(f"{where}: employmentType {job['employmentType']!r} not in {sorted(EMPLOYMENT)}")
    if job["experienceLevel"] not in LEVELS:
        errors.append(f"{where}: experienceLevel {job['experienceLevel']!r} not in {sorted(LEVELS)}")

    salary = job["salary"]
    if salary is not None:
        if not isinstance(salary, dict) or set(salary) != SALARY_KEYS:
            errors.append(f"{where}: salary must be null or an object with {sorted(SALARY_KEYS)}")
        else:
            if not (is_int(salary["min"]) and is_int(salary["max"]) and 0 < salary["min"] <= salary["max"]):
                errors.append(f"{where}: salary min/max must be integers with 0 < min <= max")
            if not (isinstance(salary["currency"], str) and re.fullmatch(r"[A-Z]{3}", salary["currency"])):
                errors.append(f"{where}: salary currency must be an ISO 4217 code")
            if salary["interval"] not in INTERVALS:
                errors.append(f"{where}: salary interval {salary['interval']!r} not in {sorted(INTERVALS)}")

    try:
        posted = datetime.date.fromisoformat(job["postedAt"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", job["postedAt"]):
            raise ValueError
        if not posted_from <= posted <= posted_to:
            errors.append(f"{where}: postedAt {posted} outside {posted_from}..{posted_to}")
    except (TypeError, ValueError):
        errors.append(f"{where}: postedAt {job['postedAt']!r} is not an ISO date (YYYY-MM-DD)")

    url = urllib.parse.urlsplit(job["applyUrl"]) if isinstance(job["applyUrl"], str) else None
    host = (url.hostname or "") if url else ""
    if not url or url.scheme != "https" or not any(
        host == h or host.endswith("." + h) for h in ALLOWED_HOSTS
    ):
        errors.append(f"{where}: applyUrl must be https on an example.com / example.org host")


def check_jobs(path, errors, source=None, id_prefix=None, id_width=None, exact_count=None,
               min_count=None, posted_window=None, as_of=None):
    try:
        with open(path, encoding="utf-8") as f:
            jobs = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        errors.append(f"{path}: cannot read JSON: {e}")
        return [], []
    if not isinstance(jobs, list):
        errors.append(f"{path}: top level must be an array")
        return [], []
    posted_to = as_of or datetime.date.max
    posted_from = as_of - datetime.timedelta(days=posted_window) if posted_window else datetime.date.min
    for i, job in enumerate(jobs):
        check_job(i, job, errors, posted_from, posted_to)
    # Ids come from every object that has one, so one broken job does not cascade into
    # "unknown job" errors for all of its grades.
    ids = [j.get("externalId") for j in jobs if isinstance(j, dict)]
    jobs = [j for j in jobs if isinstance(j, dict) and set(j) == JOB_KEYS]
    dupes = [i for i, n in collections.Counter(ids).items() if n > 1]
    if dupes:
        errors.append(f"{path}: duplicate externalIds {dupes}")
    if exact_count is not None and len(ids) != exact_count:
        errors.append(f"{path}: {len(ids)} jobs, expected exactly {exact_count}")
    if min_count is not None and len(ids) < min_count:
        errors.append(f"{path}: {len(ids)} jobs, expected at least {min_count}")
    if source is not None:
        wrong = [j["externalId"] for j in jobs if j["source"] != source]
        if wrong:
            errors.append(f"{path}: source is not {source!r} for {wrong[:5]}…")
    if id_prefix is not None:
        expected = [f"{id_prefix}{n:0{id_width}d}" for n in range(1, len(ids) + 1)]
        if ids != expected:
            errors.append(f"{path}: externalIds must run {expected[0]}..{expected[-1]} in order")
        for j in jobs:
            if not j["applyUrl"].endswith("/" + j["externalId"]):
                errors.append(f"{path}: applyUrl of {j['externalId']} should end with its externalId")
    return jobs, ids


def check_cvs(directory, errors):
    cv_dir = os.path.join(directory, "cvs")
    stems = sorted(f[:-4] for f in os.listdir(cv_dir) if f.endswith(".txt"))
    for stem in stems:
        with open(os.path.join(cv_dir, stem + ".txt"), encoding="utf-8") as f:
            text = f.read()
        words = len(text.split())
        if words < 120:
            errors.append(f"cvs/{stem}.txt: only {words} words")
        emails = re.findall(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", text)
        if not emails or any(h not in ALLOWED_HOSTS for h in emails):
            errors.append(f"cvs/{stem}.txt: needs a contact email on example.com / example.org only")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", stem):
            errors.append(f"cvs/{stem}.txt: file stem should be a lowercase slug")
    return stems


def check_grades(path, stems, job_ids, errors):
    grades = {}
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != ["cv", "job", "grade"]:
            errors.append(f"{path}: header must be cv,job,grade, got {header}")
            return grades
        for line, row in enumerate(reader, start=2):
            if len(row) != 3:
                errors.append(f"{path}:{line}: expected 3 columns, got {row}")
                continue
            cv, job, grade = row
            if cv not in stems:
                errors.append(f"{path}:{line}: unknown cv {cv!r}")
            if job not in job_ids:
                errors.append(f"{path}:{line}: unknown job {job!r}")
            if not grade.isdigit() or int(grade) not in GRADES:
                errors.append(f"{path}:{line}: grade {grade!r} not in 0..3")
                continue
            if (cv, job) in grades:
                errors.append(f"{path}:{line}: duplicate pair ({cv}, {job})")
            grades[(cv, job)] = int(grade)
    missing = [(cv, job) for cv in stems for job in job_ids if (cv, job) not in grades]
    if missing:
        errors.append(f"{path}: {len(missing)} ungraded pairs, e.g. {missing[:3]}")
    return grades


def report_jobs(jobs):
    def count(key):
        return dict(sorted(collections.Counter(j[key] for j in jobs).items()))

    countries = collections.Counter(
        "Remote" if j["location"] == "Remote" else j["location"].split(", ")[-1] for j in jobs
    )
    print(f"jobs: {len(jobs)}")
    print(f"  remote:          {count('remote')}")
    print(f"  employmentType:  {count('employmentType')}")
    print(f"  experienceLevel: {count('experienceLevel')}")
    print(f"  countries:       {dict(sorted(countries.items()))}")
    print(f"  with salary:     {sum(j['salary'] is not None for j in jobs)}")
    titles = collections.Counter(j["title"] for j in jobs)
    descriptions = collections.Counter(j["description"] for j in jobs)
    print(f"  distinct titles: {len(titles)}, distinct descriptions: {len(descriptions)}")
    if jobs:
        dates = sorted(j["postedAt"] for j in jobs)
        print(f"  postedAt:        {dates[0]} .. {dates[-1]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", default=os.path.dirname(os.path.abspath(__file__)),
                        help="evaluation directory (default: this script's directory)")
    parser.add_argument("--jobs", help="check only this jobs file")
    parser.add_argument("--source", help="every job must have this source")
    parser.add_argument("--id-prefix", help="externalIds must be PREFIX0001.. in order")
    parser.add_argument("--id-width", type=int, default=4)
    parser.add_argument("--min-count", type=int)
    parser.add_argument("--posted-window", type=int, help="postedAt within this many days before --as-of")
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=datetime.date(2026, 11, 27))
    args = parser.parse_args()
    errors = []

    if args.jobs:
        jobs, _ = check_jobs(args.jobs, errors, source=args.source, id_prefix=args.id_prefix,
                          id_width=args.id_width, min_count=args.min_count,
                          posted_window=args.posted_window, as_of=args.as_of)
        report_jobs(jobs)
    else:
        directory = args.eval
        jobs, job_ids = check_jobs(os.path.join(directory, "jobs.json"), errors, source="eval",
                          id_prefix="eval-", id_width=3, exact_count=83, as_of=args.as_of)
        report_jobs(jobs)
        stems = check_cvs(directory, errors)
        grades = check_grades(os.path.join(directory, "grades.csv"), stems, job_ids, errors)
        known = sum(1 for cv, job in grades if cv in stems and job in job_ids)
        print(f"cvs: {len(stems)}, graded pairs: {known} of {len(stems) * len(job_ids)}")
        print(f"{'cv':34} {'0':>4} {'1':>4} {'2':>4} {'3':>4}  jobs graded 3")
        total = collections.Counter()
        for stem in stems:
            hist = collections.Counter(grades.get((stem, j)) for j in job_ids)
            total.update(hist)
            threes = [j.removeprefix("eval-") for j in job_ids if grades.get((stem, j)) == 3]
            print(f"{stem:34} {hist[0]:>4} {hist[1]:>4} {hist[2]:>4} {hist[3]:>4}  {' '.join(threes)}")
            if not threes:
                errors.append(f"{stem}: no job graded 3, nDCG is undefined for it")
        print(f"{'total':34} {total[0]:>4} {total[1]:>4} {total[2]:>4} {total[3]:>4}")

    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
