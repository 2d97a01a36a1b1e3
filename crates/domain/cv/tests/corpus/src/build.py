#!/usr/bin/env python3
"""Builds the real-world CV corpus of jobr-cv from cvs.py with the tools each kind comes from.

    tests/corpus/build.sh              # everything
    tests/corpus/build.sh ID [ID...]   # some CVs

Tools: python-docx (DOCX), LibreOffice (DOCX -> PDF, as Word/LibreOffice users export),
WeasyPrint (HTML/CSS -> PDF), XeLaTeX/pdfLaTeX with moderncv and hand-made preambles in the
style of other popular LaTeX templates, pandoc. Each CV gives ``<id>.<ext>`` (the document)
and ``<id>.truth.json`` (what a careful reader takes from it) in tests/corpus/.
"""

import datetime
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor, Cm

sys.dont_write_bytecode = True  # no __pycache__ beside the committed corpus
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cvs import CVS  # noqa: E402

OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = tempfile.mkdtemp(prefix="cvcorpus-")


def run(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout[-4000:])
        raise SystemExit(f"failed: {' '.join(cmd)}")


def skills_flat(c):
    s = c["skills"]
    if isinstance(s, dict):
        return [x for items in s.values() for x in items]
    return list(s)


def contact_bits(c):
    return [c["location"], c["phone_text"], c["email"]]


def truth(c):
    return {
        "tool": c["tool"],
        "layout": c["layout"],
        "name": c["name"],
        "email": c["email"],
        "phone": c["phone"],
        "location": c["location"],
        "experience": [
            {"title": x["title"], "company": x["company"], "start": x["start"], "end": x["end"]}
            for x in c["experience"]
        ],
        "education": [
            {"degree": [e["degree"]] + e["alt"] if e["alt"] else e["degree"], "field": e["field"],
             "institution": e["institution"]}
            for e in c["education"]
        ],
        "skills": skills_flat(c),
        "skills_extra": c["skills_extra"],
    }


def heading_text(h, c):
    return h


# ------------------------------------------------------------------ plain text
def build_txt(c):
    lines = [c["name"]]
    if c.get("headline"):
        lines.append(c["headline"])
    lines.append(" | ".join(contact_bits(c)))
    lines.append("")
    under = c["id"].startswith("txt-ng")

    def head(t):
        lines.append("")
        if under:
            lines.append(t.title())
            lines.append("-" * len(t))
        else:
            lines.append(t.upper())

    if c["summary"]:
        head("Profile")
        lines.append(c["summary"])
    if c.get("headerless"):
        lines.append("")
    else:
        head("Work Experience")
    for x in c["experience"]:
        lines.append("")
        if x["company_first"]:
            lines.append(f"{x['company']}, {x['where']}")
            lines.append(f"{x['title']}    {x['dates']}")
        elif c.get("parens"):
            lines.append(f"{x['title']}, {x['company']} ({x['dates']})")
        else:
            when = f" | {x['dates']}" if x["dates"] else ""
            lines.append(f"{x['title']} | {x['company']}{when}")
        for b in x["bullets"]:
            lines.append(f"  * {b}")
    head("Education")
    for e in c["education"]:
        deg = e["shown"] or e["degree"] + (f" in {e['field']}" if e["field"] else "")
        lines.append(f"{deg}, {e['institution']} ({e['dates']})")
    head("Skills")
    lines.append(", ".join(skills_flat(c)))
    if c["languages"]:
        head("Languages")
        lines.append(", ".join(c["languages"]))
    path = os.path.join(OUT, c["id"] + ".txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def fixed_props(d, c):
    when = datetime.datetime(2024, 1, 1)
    d.core_properties.author = c["name"]
    d.core_properties.last_modified_by = c["name"]
    d.core_properties.created = when
    d.core_properties.modified = when
    d.core_properties.revision = 1


# ------------------------------------------------------------------ DOCX with tables
def set_cell(cell, text, bold=False, size=10):
    cell.text = ""
    p = cell.paragraphs[0]
    r = p.add_run(text)
    r.bold = bold
    r.font.size = Pt(size)
    return p


def build_docx_table(c):
    d = Document()
    st = d.styles["Normal"]
    st.font.name = "Calibri"
    st.font.size = Pt(10)
    german = c.get("photo")
    if german:
        t = d.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        left = t.rows[0].cells[0]
        set_cell(left, "Lebenslauf", bold=True, size=18)
        left.add_paragraph(c["name"]).runs[0].bold = True
        for k, v in [("Anschrift", c["location"]), ("Telefon", c["phone_text"]), ("E-Mail", c["email"])]:
            left.add_paragraph(f"{k}: {v}")
        set_cell(t.rows[0].cells[1], "[Foto]\n\n\n", size=9)
        t.rows[0].cells[1].width = Cm(3.5)
    else:
        h = d.add_paragraph()
        r = h.add_run(c["name"])
        r.bold = True
        r.font.size = Pt(20)
        d.add_paragraph(" · ".join(contact_bits(c)))
        if c["summary"]:
            d.add_paragraph(c["summary"])
    heads = (("Berufserfahrung", "Ausbildung", "Kenntnisse", "Sprachen") if german
             else ("Experience", "Education", "Skills", "Languages"))
    t = d.add_table(rows=0, cols=2)
    t.style = "Table Grid"

    def section(title):
        row = t.add_row().cells
        m = row[0].merge(row[1])
        set_cell(m, title.upper(), bold=True, size=12)

    section(heads[0])
    for x in c["experience"]:
        row = t.add_row().cells
        set_cell(row[0], x["dates"])
        p = set_cell(row[1], x["title"], bold=True)
        row[1].add_paragraph(f"{x['company']}, {x['where']}")
        for b in x["bullets"]:
            row[1].add_paragraph("• " + b)
    section(heads[1])
    for e in c["education"]:
        row = t.add_row().cells
        set_cell(row[0], e["dates"])
        deg = e["shown"] or e["degree"] + (f" {e['field']}" if e["field"] and german else
                             (f" in {e['field']}" if e["field"] else ""))
        set_cell(row[1], deg, bold=True)
        row[1].add_paragraph(e["institution"])
    section(heads[2])
    row = t.add_row().cells
    m = row[0].merge(row[1])
    set_cell(m, ", ".join(skills_flat(c)))
    if c["languages"]:
        section(heads[3])
        row = t.add_row().cells
        m = row[0].merge(row[1])
        set_cell(m, ", ".join(c["languages"]))
    path = os.path.join(OUT, c["id"] + ".docx")
    fixed_props(d, c)
    d.save(path)
    return path


# ------------------------------------------------------------------ Office template -> LibreOffice PDF
def build_office(c):
    d = Document()
    st = d.styles["Normal"]
    st.font.name = "Liberation Sans"
    st.font.size = Pt(10.5)
    first, last = c["name"].split(" ", 1)
    for part, colour in ((first, RGBColor(0x40, 0x40, 0x40)), (last, RGBColor(0x1F, 0x4E, 0x79))):
        p = d.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(part.upper())
        r.font.size = Pt(30)
        r.bold = colour != RGBColor(0x40, 0x40, 0x40)
        r.font.color.rgb = colour
    d.add_paragraph(" · ".join([c["location"], c["phone_text"], c["email"]]))
    if c["summary"]:
        d.add_paragraph(c["summary"])

    def head(t):
        p = d.add_paragraph()
        p.paragraph_format.space_before = Pt(14)
        r = p.add_run(t.upper())
        r.bold = True
        r.font.size = Pt(13)
        r.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)

    head("Experience")
    for x in c["experience"]:
        p = d.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(f"{x['title'].upper()}, ")
        r.bold = True
        r2 = p.add_run(x["company"].upper())
        r2.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        if x["dates"]:
            q = d.add_paragraph(x["dates"].upper())
            q.paragraph_format.space_after = Pt(2)
        for b in x["bullets"]:
            d.add_paragraph(b, style="List Bullet")
    head("Education")
    for e in c["education"]:
        p = d.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        deg = e["shown"] or e["degree"] + (f" in {e['field']}" if e["field"] else "")
        p.add_run(f"{deg.upper()}, ").bold = True
        p.add_run(e["institution"].upper())
        d.add_paragraph(e["dates"].upper())
    head("Skills")
    t = d.add_table(rows=0, cols=2)
    sk = skills_flat(c)
    half = (len(sk) + 1) // 2
    for a, b in zip(sk[:half], sk[half:] + [""]):
        row = t.add_row().cells
        row[0].text = "• " + a
        row[1].text = ("• " + b) if b else ""
    if c["languages"]:
        head("Languages")
        d.add_paragraph(", ".join(c["languages"]))
    work = os.path.join(WORK, c["id"])
    os.makedirs(work, exist_ok=True)
    src = os.path.join(work, c["id"] + ".docx")
    fixed_props(d, c)
    d.save(src)
    if c["tool"] == "word-docx":
        path = os.path.join(OUT, c["id"] + ".docx")
        shutil.copyfile(src, path)
        return path
    return soffice_pdf(src, work, c)


def soffice_pdf(src, work, c):
    profile = os.path.join(WORK, "lo-profile")
    run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", work, src], work)
    pdf = os.path.splitext(src)[0] + ".pdf"
    path = os.path.join(OUT, c["id"] + ".pdf")
    shutil.copyfile(pdf, path)
    return path


# ------------------------------------------------------------------ HTML/CSS -> WeasyPrint
BASE_CSS = """
@page { size: A4; margin: 14mm 14mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; color: #222; }
h1 { font-size: 22pt; margin: 0 0 2pt 0; }
h2 { font-size: 11pt; text-transform: uppercase; color: #1a5276; border-bottom: 1px solid #1a5276;
     margin: 12pt 0 4pt 0; }
.job { margin-bottom: 6pt; }
.row { display: flex; justify-content: space-between; }
.t { font-weight: bold; }
ul { margin: 2pt 0 0 0; padding-left: 14pt; }
p { margin: 2pt 0; }
"""


def esc(s):
    return html.escape(s or "")


def html_jobs(c, date_right=True):
    out = []
    for x in c["experience"]:
        bullets = "".join(f"<li>{esc(b)}</li>" for b in x["bullets"])
        where = f", {esc(x['where'])}" if x["where"] else ""
        if x["company_first"]:
            out.append(
                f"<div class='job'><div class='row'><span class='t'>{esc(x['company'])} — "
                f"{esc(x['where'])}</span></div><div class='row'><i>{esc(x['title'])}</i>"
                f"<span>{esc(x['dates'])}</span></div><ul>{bullets}</ul></div>")
            continue
        out.append(
            f"<div class='job'><div class='row'><span class='t'>{esc(x['title'])}</span>"
            f"<span>{esc(x['dates'])}</span></div>"
            f"<div>{esc(x['company'])}{where}</div><ul>{bullets}</ul></div>")
    return "".join(out)


def html_edu(c):
    out = []
    for e in c["education"]:
        deg = e["shown"] or e["degree"] + (f" in {e['field']}" if e["field"] else "")
        out.append(f"<div class='job'><div class='row'><span class='t'>{esc(deg)}</span>"
                   f"<span>{esc(e['dates'])}</span></div><div>{esc(e['institution'])}</div></div>")
    return "".join(out)


def weasy(c, body, css):
    from weasyprint import HTML, CSS
    doc = f"<html><head><meta charset='utf-8'><title>{esc(c['name'])}</title></head><body>{body}</body></html>"
    path = os.path.join(OUT, c["id"] + ".pdf")
    HTML(string=doc).write_pdf(path, stylesheets=[CSS(string=css)])
    return path


def build_weasy(c):
    lay = c["layout"]
    contact = " · ".join(esc(b) for b in contact_bits(c))
    summary = f"<h2>Summary</h2><p>{esc(c['summary'])}</p>" if c["summary"] else ""
    skills = ", ".join(esc(s) for s in skills_flat(c))
    langs = ", ".join(esc(s) for s in c["languages"])
    pubs = ""
    if c.get("publications"):
        pubs = "<h2>Selected Publications</h2>" + "".join(
            f"<p>{esc(c['name'].split()[-1])}, M. A. et al. ({2014 + i}). {esc(t)}. "
            f"<i>Water Research</i> {40 + i}, {100 + 7 * i}–{112 + 7 * i}.</p>"
            for i, t in enumerate([
                "Legacy phosphorus and the timing of bloom onset in western Lake Erie",
                "Tile drainage as a pathway for dissolved reactive phosphorus",
                "Forecasting microcystin with buoy fluorescence and weather data",
                "Nitrate retention in restored riparian wetlands",
                "A low-cost sensor network for nearshore water quality",
                "Sediment resuspension events and internal loading in shallow basins",
                "Climate-driven shifts in spring runoff across the Maumee watershed",
                "Uncertainty in watershed model calibration for nutrient TMDLs",
                "Cyanobacterial toxin persistence in drinking water intakes",
                "Satellite chlorophyll retrievals for small inland lakes",
                "Agricultural best management practices and phosphorus loads",
                "Event-scale nutrient export from urban catchments",
                "Ice cover loss and winter primary production in Lake Erie",
                "Coupling SWAT and a 3-D hydrodynamic model for bloom forecasts",
                "Nitrous oxide emissions from constructed wetlands",
                "Citizen science monitoring of nearshore algal blooms",
                "Phosphorus binding in lake sediments under hypoxia",
                "Scenario analysis of fertiliser policy for the Western Basin",
            ]))
    photo = ("<div style='float:right;width:30mm;height:38mm;border:1px solid #888;"
             "text-align:center;font-size:8pt;color:#888'>Foto</div>" if c.get("photo") else "")
    if "sidebar" in lay:
        side = (f"<h2>Contact</h2><p>{esc(c['phone_text'])}</p><p>{esc(c['email'])}</p>"
                f"<p>{esc(c['location'])}</p><h2>Skills</h2>"
                + "".join(f"<p>{esc(s)}</p>" for s in skills_flat(c))
                + f"<h2>Languages</h2><p>{langs}</p>")
        main = (f"<h1>{esc(c['name'])}</h1>{summary}<h2>Experience</h2>{html_jobs(c)}"
                f"<h2>Education</h2>{html_edu(c)}")
        body = f"<div class='side'>{side}</div><div class='main'>{main}</div>"
        if c.get("sidebar_right"):
            body = f"<div class='main'>{main}</div><div class='side'>{side}</div>"
        css = BASE_CSS + """
          @page { margin: 0; }
          body { display: flex; margin: 0; }
          .side { width: 60mm; background: #eaf2f8; padding: 14mm 6mm; min-height: 269mm; }
          .main { flex: 1; padding: 14mm 10mm; }
        """
    elif "two equal columns" in lay or "two col" in lay:
        left = f"{summary}<h2>Experience</h2>{html_jobs(c)}"
        right = (f"<h2>Education</h2>{html_edu(c)}<h2>Skills</h2><p>{skills}</p>"
                 f"<h2>Languages</h2><p>{langs}</p>")
        body = (f"<h1>{esc(c['name'])}</h1><p>{contact}</p>"
                f"<div class='cols'><div class='c'>{left}</div><div class='c'>{right}</div></div>")
        css = BASE_CSS + ".cols { display: flex; gap: 8mm; } .c { flex: 1; }"
    else:
        body = (f"{photo}<h1>{esc(c['name'])}</h1><p>{contact}</p>{summary}"
                f"<h2>Experience</h2>{html_jobs(c)}<h2>Education</h2>{html_edu(c)}"
                f"<h2>Skills</h2><p>{skills}</p>"
                + (f"<h2>Languages</h2><p>{langs}</p>" if langs else "") + pubs)
        css = BASE_CSS
    if c.get("spaced"):
        css += "h2 { letter-spacing: 5pt; }"
    return weasy(c, body, css)


def months_between(a, b):
    ya, ma = map(int, a.split("-"))
    if b == "present":
        yb, mb = 2026, 11
    else:
        yb, mb = map(int, b.split("-"))
    n = (yb - ya) * 12 + (mb - ma) + 1
    y, m = divmod(n, 12)
    parts = []
    if y:
        parts.append(f"{y} year{'s' if y > 1 else ''}")
    if m:
        parts.append(f"{m} month{'s' if m > 1 else ''}")
    return " ".join(parts)


def build_linkedin(c):
    """LinkedIn's "Save to PDF": grey sidebar (Contact, Top Skills, Languages), then the name,
    headline, location, Summary, Experience grouped by company with durations, Education."""
    side = (f"<h3>Contact</h3><p>{esc(c['phone_text'])} (Mobile)</p><p>{esc(c['email'])}</p>"
            f"<p>www.linkedin.com/in/{esc(c['name'].lower().replace(' ', '-'))}</p>"
            f"<h3>Top Skills</h3>" + "".join(f"<p>{esc(s)}</p>" for s in skills_flat(c))
            + "<h3>Languages</h3>" + "".join(f"<p>{esc(s)}</p>" for s in c["languages"]))
    groups = []
    for x in c["experience"]:
        if groups and groups[-1][0] == x["company"]:
            groups[-1][1].append(x)
        else:
            groups.append((x["company"], [x]))
    exp = []
    for company, roles in groups:
        exp.append(f"<p class='co'>{esc(company)}</p>")
        if len(roles) > 1:
            first = roles[-1]["start"]
            exp.append(f"<p class='g'>{months_between(first, roles[0]['end'])}</p>")
        for x in roles:
            dur = months_between(x["start"], x["end"])
            exp.append(f"<p class='ti'>{esc(x['title'])}</p>"
                       f"<p class='g'>{esc(x['dates'])} ({dur})</p>"
                       f"<p class='g'>{esc(x['where'])}</p>")
            for b in x["bullets"]:
                exp.append(f"<p>{esc(b)}</p>")
    edu = []
    for e in c["education"]:
        deg = e["shown"] or e["degree"] + (f", {e['field']}" if e["field"] else "")
        edu.append(f"<p class='co'>{esc(e['institution'])}</p><p>{esc(deg)} · ({esc(e['dates'])})</p>")
    main = (f"<p class='name'>{esc(c['name'])}</p><p class='hl'>{esc(c['headline'])}</p>"
            f"<p class='g'>{esc(c['location'])}</p><h2>Summary</h2><p>{esc(c['summary'])}</p>"
            f"<h2>Experience</h2>{''.join(exp)}<h2>Education</h2>{''.join(edu)}")
    body = f"<div class='side'>{side}</div><div class='main'>{main}</div>"
    css = """
      @page { size: Letter; margin: 0; }
      body { display: flex; margin: 0; font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; }
      .side { width: 62mm; background: #e1e9ee; padding: 12mm 6mm; min-height: 255mm; color: #333; }
      .side h3 { font-size: 11pt; margin: 10pt 0 3pt 0; }
      .side p { margin: 1pt 0; }
      .main { flex: 1; padding: 12mm 10mm; }
      .name { font-size: 24pt; margin: 0; } .hl { font-size: 11pt; margin: 2pt 0; }
      h2 { font-size: 14pt; font-weight: normal; margin: 12pt 0 4pt 0; }
      .co { font-size: 11pt; margin: 8pt 0 1pt 0; } .ti { font-size: 10pt; margin: 4pt 0 0 0; }
      .g { color: #777; margin: 0; } p { margin: 1pt 0; }
    """
    return weasy(c, body, css)


# ------------------------------------------------------------------ LaTeX
def tex(s):
    if s is None:
        return ""
    rep = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}"}
    return "".join(rep.get(ch, ch) for ch in s)


def latex_pdf(c, source, engine="xelatex"):
    work = os.path.join(WORK, c["id"])
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "cv.tex"), "w", encoding="utf-8") as f:
        f.write(source)
    for _ in range(2):
        run([engine, "-interaction=nonstopmode", "-halt-on-error", "cv.tex"], work)
    path = os.path.join(OUT, c["id"] + ".pdf")
    shutil.copyfile(os.path.join(work, "cv.pdf"), path)
    return path


def build_moderncv(c):
    first, last = c["name"].rsplit(" ", 1)
    lines = [
        r"\documentclass[11pt,a4paper,sans]{moderncv}",
        rf"\moderncvstyle[nosymbols]{{{c.get('style', 'classic')}}}",
        r"\moderncvcolor{blue}",
        r"\usepackage[scale=0.77]{geometry}",
        rf"\name{{{tex(first)}}}{{{tex(last)}}}",
    ]
    if c.get("headline"):
        lines.append(rf"\title{{{tex(c['headline'])}}}")
    lines += [
        rf"\address{{{tex(c['location'])}}}{{}}{{}}",
        rf"\phone[mobile]{{{tex(c['phone_text'])}}}",
        rf"\email{{{tex(c['email'])}}}",
        r"\begin{document}", r"\makecvtitle",
    ]
    if c["summary"]:
        lines += [r"\section{Profile}", rf"\cvitem{{}}{{{tex(c['summary'])}}}"]
    lines.append(r"\section{Experience}")
    for x in c["experience"]:
        items = "".join(rf"\item {tex(b)}" for b in x["bullets"])
        desc = rf"\begin{{itemize}}{items}\end{{itemize}}" if items else ""
        lines.append(rf"\cventry{{{tex(x['dates'])}}}{{{tex(x['title'])}}}{{{tex(x['company'])}}}"
                     rf"{{{tex(x['where'])}}}{{}}{{{desc}}}")
    lines.append(r"\section{Education}")
    for e in c["education"]:
        deg = e["shown"] or e["degree"] + (f" {e['field']}" if e["field"] else "")
        lines.append(rf"\cventry{{{tex(e['dates'])}}}{{{tex(deg)}}}{{{tex(e['institution'])}}}"
                     rf"{{{tex(e['where'])}}}{{}}{{}}")
    lines.append(r"\section{Skills}")
    sk = c["skills"]
    if isinstance(sk, dict):
        for g, items in sk.items():
            lines.append(rf"\cvitem{{{tex(g)}}}{{{tex(', '.join(items))}}}")
    else:
        lines.append(rf"\cvitem{{}}{{{tex(', '.join(sk))}}}")
    if c["languages"]:
        lines.append(r"\section{Languages}")
        lines.append(rf"\cvitem{{}}{{{tex(', '.join(c['languages']))}}}")
    lines.append(r"\end{document}")
    return latex_pdf(c, "\n".join(lines) + "\n", engine=c.get("engine", "xelatex"))



def latex_jobs_jake(c):
    out = []
    for x in c["experience"]:
        items = "".join(rf"\resumeItem{{{tex(b)}}}" for b in x["bullets"])
        lst = rf"\resumeItemListStart {items} \resumeItemListEnd" if items else ""
        if x["company_first"]:
            out.append(rf"\resumeSubheading{{{tex(x['company'])}}}{{{tex(x['where'])}}}"
                       rf"{{{tex(x['title'])}}}{{{tex(x['dates'])}}}{lst}")
        else:
            out.append(rf"\resumeSubheading{{{tex(x['title'])}}}{{{tex(x['dates'])}}}"
                       rf"{{{tex(x['company'])}}}{{{tex(x['where'])}}}{lst}")
    return "\n".join(out)


JAKE_PREAMBLE = r"""
\documentclass[letterpaper,11pt]{article}
\usepackage{latexsym}
\usepackage[empty]{fullpage}
\usepackage{titlesec}
\usepackage[usenames,dvipsnames]{color}
\usepackage{enumitem}
\usepackage[hidelinks]{hyperref}
\usepackage{fancyhdr}
\usepackage{tabularx}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\input{glyphtounicode}
\pagestyle{fancy}\fancyhf{}\renewcommand{\headrulewidth}{0pt}
\addtolength{\oddsidemargin}{-0.5in}\addtolength{\evensidemargin}{-0.5in}
\addtolength{\textwidth}{1in}\addtolength{\topmargin}{-.5in}\addtolength{\textheight}{1.0in}
\raggedbottom\raggedright\setlength{\tabcolsep}{0in}
\titleformat{\section}{\vspace{-4pt}\scshape\raggedright\large}{}{0em}{}[\color{black}\titlerule\vspace{-5pt}]
\pdfgentounicode=1
\newcommand{\resumeItem}[1]{\item\small{#1 \vspace{-2pt}}}
\newcommand{\resumeSubheading}[4]{\vspace{-2pt}\item
  \begin{tabular*}{0.97\textwidth}[t]{l@{\extracolsep{\fill}}r}
    \textbf{#1} & #2 \\ \textit{\small#3} & \textit{\small #4} \\
  \end{tabular*}\vspace{-7pt}}
\newcommand{\resumeSubHeadingListStart}{\begin{itemize}[leftmargin=0.15in, label={}]}
\newcommand{\resumeSubHeadingListEnd}{\end{itemize}}
\newcommand{\resumeItemListStart}{\begin{itemize}}
\newcommand{\resumeItemListEnd}{\end{itemize}\vspace{-5pt}}
"""


def build_jake(c):
    """In the style of Jake Gutierrez's widely copied resume template (pdfLaTeX, standard
    packages); the preamble is written here for the corpus."""
    edu = []
    for e in c["education"]:
        deg = e["shown"] or e["degree"] + (f" in {e['field']}" if e["field"] else "")
        edu.append(rf"\resumeSubheading{{{tex(e['institution'])}}}{{{tex(e['where'])}}}"
                   rf"{{{tex(deg)}}}{{{tex(e['dates'])}}}")
    sk = c["skills"]
    if isinstance(sk, dict):
        skl = r" \\ ".join(rf"\textbf{{{tex(g)}}}{{: {tex(', '.join(v))}}}" for g, v in sk.items())
    else:
        skl = tex(", ".join(sk))
    body = rf"""
\begin{{document}}
\begin{{center}}
  \textbf{{\Huge \scshape {tex(c['name'])}}} \\ \vspace{{1pt}}
  \small {tex(c['phone_text'])} $|$ \href{{mailto:{c['email']}}}{{{tex(c['email'])}}} $|$ {tex(c['location'])}
\end{{center}}
\section{{Education}}
\resumeSubHeadingListStart
{chr(10).join(edu)}
\resumeSubHeadingListEnd
\section{{Experience}}
\resumeSubHeadingListStart
{latex_jobs_jake(c)}
\resumeSubHeadingListEnd
\section{{Technical Skills}}
\begin{{itemize}}[leftmargin=0.15in, label={{}}]
\small{{\item{{{skl}}}}}
\end{{itemize}}
\end{{document}}
"""
    return latex_pdf(c, JAKE_PREAMBLE + body, engine="pdflatex")


def build_deedy(c):
    """In the style of Debarghya Das's "Deedy" resume: big light name, contact line, then a
    narrow left column (education, skills) beside a wide right one (experience)."""
    edu = []
    for e in c["education"]:
        deg = e["shown"] or e["degree"] + (f" in {e['field']}" if e["field"] else "")
        edu.append(rf"\runsubsection{{{tex(e['institution'])}}}\\ \descript{{{tex(deg)}}}"
                   rf" \location{{{tex(e['dates'])}}}\sectionsep")
    sk = skills_flat(c)
    skl = r" \textbullet{} ".join(tex(s) for s in sk)
    jobs = []
    for x in c["experience"]:
        items = "".join(rf"\item {tex(b)}" for b in x["bullets"])
        lst = rf"\begin{{tightemize}}{items}\end{{tightemize}}" if items else ""
        jobs.append(rf"\runsubsection{{{tex(x['company'])}}} \descript{{| {tex(x['title'])}}}"
                    rf" \location{{{tex(x['dates'])} | {tex(x['where'])}}}{lst}\sectionsep")
    src = rf"""
\documentclass[letterpaper]{{article}}
\usepackage[left=0.5in,top=0.5in,right=0.5in,bottom=0.5in]{{geometry}}
\usepackage{{fontspec}}
\usepackage{{xcolor}}
\usepackage{{titlesec}}
\usepackage{{enumitem}}
\usepackage{{hyperref}}
\pagestyle{{empty}}
\setmainfont{{DejaVu Sans}}
\definecolor{{date}}{{HTML}}{{666666}}
\definecolor{{headings}}{{HTML}}{{6A6A6A}}
\definecolor{{subheadings}}{{HTML}}{{333333}}
\newcommand{{\namesection}}[3]{{\centering{{\fontsize{{36pt}}{{40pt}}\selectfont #1 #2}}\\[5pt]
  \centering{{\color{{headings}}\fontsize{{10pt}}{{14pt}}\selectfont \mbox{{#3}}}}\noindent\makebox[\linewidth]{{\color{{headings}}\rule{{\paperwidth}}{{0.4pt}}}}\vspace{{-10pt}}}}
\titleformat{{\section}}{{\color{{headings}}\scshape\fontsize{{14pt}}{{20pt}}\selectfont \raggedright\uppercase}}{{}}{{0em}}{{}}
\titlespacing{{\section}}{{0pt}}{{0pt}}{{0pt}}
\newcommand{{\runsubsection}}[1]{{\color{{subheadings}}\fontsize{{11pt}}{{12pt}}\selectfont\bfseries\uppercase{{#1}}\normalfont}}
\newcommand{{\descript}}[1]{{\color{{subheadings}}\raggedright\fontsize{{10pt}}{{13pt}}\selectfont {{#1 \\}} \normalfont}}
\newcommand{{\location}}[1]{{\color{{date}}\raggedright\fontsize{{9pt}}{{11pt}}\selectfont {{#1\\}} \normalfont}}
\newcommand{{\sectionsep}}{{\vspace{{8pt}}}}
\newenvironment{{tightemize}}{{\begin{{itemize}}\itemsep1pt \parskip0pt \parsep0pt}}{{\end{{itemize}}}}
\begin{{document}}
\namesection{{{tex(c['name'].split(' ', 1)[0])}}}{{{tex(c['name'].split(' ', 1)[1])}}}{{{tex(c['email'])} | {tex(c['phone_text'])} | {tex(c['location'])}}}
\begin{{minipage}}[t]{{0.33\textwidth}}
\section{{Education}}
{chr(10).join(edu)}
\section{{Skills}}
\fontsize{{9pt}}{{12pt}}\selectfont {skl}
\sectionsep
\section{{Languages}}
{tex(', '.join(c['languages']))}
\end{{minipage}}
\hfill
\begin{{minipage}}[t]{{0.63\textwidth}}
\section{{Experience}}
{chr(10).join(jobs)}
\end{{minipage}}
\end{{document}}
"""
    return latex_pdf(c, src)


def build_awesome(c):
    """In the style of posquit0's Awesome-CV: centred name with the surname bold, a contact
    line, red-accented headings; entries are title (bold, left) / place (right), then
    company (small caps, left) / dates (right). Preamble written here for the corpus."""
    first, last = c["name"].split(" ", 1)
    summary = (r"\section{Summary}" + "\n" + tex(c["summary"])) if c["summary"] else ""
    jobs = []
    for x in c["experience"]:
        items = "".join(rf"\item {tex(b)}" for b in x["bullets"])
        lst = rf"\begin{{itemize}}\small {items}\end{{itemize}}" if items else ""
        jobs.append(rf"\cventry{{{tex(x['title'])}}}{{{tex(x['where'])}}}{{{tex(x['company'])}}}"
                    rf"{{{tex(x['dates'])}}}{lst}")
    edu = []
    for e in c["education"]:
        deg = e["shown"] or e["degree"] + (f" in {e['field']}" if e["field"] else "")
        edu.append(rf"\cventry{{{tex(deg)}}}{{{tex(e['where'])}}}{{{tex(e['institution'])}}}"
                   rf"{{{tex(e['dates'])}}}")
    sk = c["skills"]
    if isinstance(sk, dict):
        skl = "\n".join(rf"\textbf{{{tex(g)}}} & {tex(', '.join(v))} \\" for g, v in sk.items())
    else:
        skl = rf"\textbf{{Skills}} & {tex(', '.join(sk))} \\"
    src = rf"""
\documentclass[11pt,a4paper]{{article}}
\usepackage[left=1.4cm,top=.8cm,right=1.4cm,bottom=1.8cm]{{geometry}}
\usepackage{{fontspec}}
\usepackage{{xcolor}}
\usepackage{{titlesec}}
\usepackage{{tabularx}}
\usepackage{{enumitem}}
\pagestyle{{empty}}
\setmainfont{{DejaVu Sans}}
\definecolor{{awesome}}{{HTML}}{{DC3522}}
\definecolor{{gray}}{{HTML}}{{5D5D5D}}
\setlength{{\parindent}}{{0pt}}
\titleformat{{\section}}{{\Large\bfseries}}{{}}{{0pt}}{{\color{{awesome}}}}[\vspace{{-6pt}}\color{{gray}}\rule{{\linewidth}}{{0.4pt}}]
\newcommand{{\cventry}}[4]{{\par\vspace{{3pt}}\begin{{tabularx}}{{\linewidth}}{{@{{}}X r@{{}}}}
  \textbf{{#1}} & {{\color{{awesome}}\small #2}} \\ {{\color{{gray}}\scshape\small #3}} & {{\color{{gray}}\small\itshape #4}}
  \end{{tabularx}}\par}}
\begin{{document}}
\begin{{center}}
{{\fontsize{{30pt}}{{34pt}}\selectfont {tex(first)} \textbf{{{tex(last)}}}}}\\[4pt]
{{\color{{awesome}}\small {tex(c.get('headline') or '')}}}\\[3pt]
{{\small\color{{gray}} {tex(c['location'])} \quad|\quad {tex(c['phone_text'])} \quad|\quad {tex(c['email'])}}}
\end{{center}}
{summary}
\section{{Experience}}
{chr(10).join(jobs)}
\section{{Education}}
{chr(10).join(edu)}
\section{{Skills}}
\begin{{tabularx}}{{\linewidth}}{{@{{}}l X@{{}}}}
{skl}
\end{{tabularx}}
\end{{document}}
"""
    return latex_pdf(c, src)


def build_alta(c):
    """In the style of AltaCV: a header with name, tagline and contact icons line, then a wide
    left column (experience) and a narrow right one (skills, education, languages)."""
    jobs = []
    for x in c["experience"]:
        items = "".join(rf"\item {tex(b)}" for b in x["bullets"])
        lst = rf"\begin{{itemize}}[leftmargin=1em]\small {items}\end{{itemize}}" if items else ""
        jobs.append(rf"{{\large\color{{emph}}{tex(x['title'])}}}\\ {{\bfseries\color{{accent}}{tex(x['company'])}}}\\"
                    rf" {{\small\color{{gray}}{tex(x['dates'])}\hfill {tex(x['where'])}}}{lst}\par\medskip")
    edu = []
    for e in c["education"]:
        deg = e["shown"] or e["degree"] + (f" in {e['field']}" if e["field"] else "")
        edu.append(rf"{{\color{{emph}}{tex(deg)}}}\\ {{\bfseries\color{{accent}}\small {tex(e['institution'])}}}\\"
                   rf" {{\small\color{{gray}}{tex(e['dates'])}}}\par\medskip")
    tags = " ".join(rf"\cvtag{{{tex(s)}}}" for s in skills_flat(c))
    src = rf"""
\documentclass[10pt,a4paper]{{article}}
\usepackage[margin=1.2cm]{{geometry}}
\usepackage{{fontspec}}
\usepackage{{xcolor}}
\usepackage{{enumitem}}
\usepackage{{paracol}}
\usepackage{{tikz}}
\pagestyle{{empty}}
\setmainfont{{DejaVu Sans}}
\setlength{{\parindent}}{{0pt}}
\definecolor{{accent}}{{HTML}}{{8F0D0D}}\definecolor{{emph}}{{HTML}}{{2E2E2E}}\definecolor{{heading}}{{HTML}}{{0E5484}}
\newcommand{{\cvsection}}[1]{{\par\medskip{{\color{{heading}}\Large\bfseries\MakeUppercase{{#1}}}}\\[-1ex]{{\color{{heading}}\rule{{\linewidth}}{{1pt}}}}\par\medskip}}
\newcommand{{\cvtag}}[1]{{\tikz[baseline]\node[anchor=base,draw=gray!60,rounded corners,inner xsep=1ex,inner ysep=0.6ex,text height=1.4ex,text depth=.25ex]{{#1}};\hspace{{0.2em}}}}
\columnratio{{0.62}}
\begin{{document}}
{{\Huge\bfseries\color{{heading}}{tex(c['name'])}}}\\[2pt]
{{\large\color{{accent}}{tex(c.get('headline') or '')}}}\\[4pt]
{{\small {tex(c['email'])} \quad {tex(c['phone_text'])} \quad {tex(c['location'])}}}
\begin{{paracol}}{{2}}
\cvsection{{Experience}}
{chr(10).join(jobs)}
\switchcolumn
\cvsection{{Skills}}
{tags}
\cvsection{{Education}}
{chr(10).join(edu)}
\cvsection{{Languages}}
{tex(', '.join(c['languages']))}
\end{{paracol}}
\end{{document}}
"""
    return latex_pdf(c, src)


def build_gdocs(c):
    """A Google Docs resume template ("Serif"/"Coral"-like): large name, contact block, small
    coloured headings; entries "Company, Location — Title" then the dates in small caps.
    Built as DOCX and exported to PDF by LibreOffice (Google's own export cannot run here)."""
    d = Document()
    st = d.styles["Normal"]
    st.font.name = "Liberation Serif"
    st.font.size = Pt(10.5)
    p = d.add_paragraph()
    r = p.add_run(c["name"])
    r.font.size = Pt(26)
    r.bold = True
    for line in (c["location"], c["phone_text"], c["email"]):
        q = d.add_paragraph(line)
        q.paragraph_format.space_after = Pt(0)
    if c["summary"]:
        d.add_paragraph(c["summary"])

    def head(t):
        p = d.add_paragraph()
        p.paragraph_format.space_before = Pt(12)
        r = p.add_run(" ".join(t.upper()) if c.get("spaced") else t.upper())
        r.bold = True
        r.font.size = Pt(10)
        r.font.color.rgb = RGBColor(0xE0, 0x66, 0x4F)

    head("Experience")
    for x in c["experience"]:
        p = d.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(x["company"])
        r.bold = True
        p.add_run(f", {x['where']} — " if x["where"] else " — ")
        p.add_run(x["title"]).italic = True
        if x["dates"]:
            q = d.add_paragraph()
            rr = q.add_run(x["dates"].upper())
            rr.font.size = Pt(8.5)
            rr.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
        for b in x["bullets"]:
            d.add_paragraph(b, style="List Bullet")
    head("Education")
    for e in c["education"]:
        p = d.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.add_run(e["institution"]).bold = True
        p.add_run(f", {e['where']} — " if e["where"] else " — ")
        deg = e["shown"] or e["degree"] + (f" in {e['field']}" if e["field"] else "")
        p.add_run(deg).italic = True
        q = d.add_paragraph()
        q.add_run(e["dates"].upper()).font.size = Pt(8.5)
    head("Skills")
    sk = c["skills"]
    if isinstance(sk, dict):
        for g, v in sk.items():
            p = d.add_paragraph()
            p.add_run(g + ": ").bold = True
            p.add_run(", ".join(v))
    else:
        d.add_paragraph(", ".join(sk))
    if c["languages"]:
        head("Languages")
        d.add_paragraph(", ".join(c["languages"]))
    work = os.path.join(WORK, c["id"])
    os.makedirs(work, exist_ok=True)
    src = os.path.join(work, c["id"] + ".docx")
    fixed_props(d, c)
    d.save(src)
    return soffice_pdf(src, work, c)


def markdown(c):
    lines = [f"# {c['name']}", "", f"{c['location']} · {c['phone_text']} · <{c['email']}>", ""]
    if c["summary"]:
        lines += ["## Summary", "", c["summary"], ""]
    lines += ["## Experience", ""]
    for x in c["experience"]:
        if x["company_first"]:
            lines += [f"### {x['company']}", "", f"**{x['title']}** — {x['dates']}", ""]
        else:
            lines += [f"### {x['title']}, {x['company']}", "", f"*{x['dates']}*" if x["dates"] else "", ""]
        lines += [f"- {b}" for b in x["bullets"]] + [""]
    lines += ["## Education", ""]
    for e in c["education"]:
        deg = e["shown"] or e["degree"] + (f" in {e['field']}" if e["field"] else "")
        lines += [f"**{deg}**, {e['institution']}, {e['dates']}", ""]
    lines += ["## Skills", ""]
    sk = c["skills"]
    if isinstance(sk, dict):
        lines += [f"- **{g}:** {', '.join(v)}" for g, v in sk.items()]
    else:
        lines += [", ".join(sk)]
    if c["languages"]:
        lines += ["", "## Languages", "", ", ".join(c["languages"])]
    return "\n".join(lines) + "\n"


def build_pandoc(c):
    work = os.path.join(WORK, c["id"])
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "cv.md"), "w", encoding="utf-8") as f:
        f.write(markdown(c))
    if c["tool"] == "pandoc-docx":
        out = os.path.join(OUT, c["id"] + ".docx")
        run(["pandoc", "cv.md", "-o", out], work)
    else:
        out = os.path.join(OUT, c["id"] + ".pdf")
        run(["pandoc", "cv.md", "--pdf-engine=xelatex", "-V", "geometry:margin=2cm",
             "-V", "mainfont=DejaVu Serif", "-o", out], work)
    return out


BUILDERS = {
    "plain-text": build_txt,
    "docx-table": build_docx_table,
    "libreoffice-docx": build_office,
    "word-docx": build_office,
    "weasyprint": build_weasy,
    "linkedin": build_linkedin,
    "latex-moderncv": build_moderncv,
    "latex-jake": build_jake,
    "latex-deedy": build_deedy,
    "latex-awesome": build_awesome,
    "latex-altacv": build_alta,
    "gdocs-libreoffice": build_gdocs,
    "pandoc-docx": build_pandoc,
    "pandoc-latex": build_pandoc,
}


def settle(path, cv_id):
    """Same bytes on every rebuild, so rebuilding does not churn the committed files: PDF
    dates and file ids are overwritten in place (same length, so the xref offsets stay
    right), and DOCX zip entries get one fixed timestamp."""
    if path.endswith(".pdf"):
        with open(path, "rb") as f:
            data = f.read()
        stamp = hashlib.sha256(cv_id.encode()).hexdigest().upper()

        def ident(m):
            out = m.group(0)
            for g in (1, 2):
                h = m.group(g)
                out = out.replace(b"<" + h + b">", b"<" + (stamp * 4)[: len(h)].encode() + b">", 1)
            return out

        data = re.sub(rb"\(D:\d{14}", b"(D:20240101000000", data)
        data = re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", ident, data)
        data = re.sub(rb"(/DocChecksum /)([0-9A-F]+)",
                      lambda m: m.group(1) + (stamp * 4)[: len(m.group(2))].encode(), data)
        data = re.sub(rb"(<xmp:\w*Date>)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}",
                      lambda m: m.group(1) + b"2024-01-01T00:00:00", data)
        with open(path, "wb") as f:
            f.write(data)
    elif path.endswith(".docx"):
        with zipfile.ZipFile(path) as z:
            entries = [(i, z.read(i.filename)) for i in z.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for info, blob in entries:
                fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
                fixed.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(fixed, blob)


def main():
    only = set(sys.argv[1:])
    ids = [c["id"] for c in CVS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for c in CVS:
        if only and c["id"] not in only:
            continue
        path = BUILDERS[c["tool"]](c)
        settle(path, c["id"])
        with open(os.path.join(OUT, c["id"] + ".truth.json"), "w", encoding="utf-8") as f:
            json.dump(truth(c), f, ensure_ascii=False, indent=2)
            f.write("\n")
        print(f"{os.path.basename(path):55} {os.path.getsize(path):>8} bytes")
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
