#!/usr/bin/env bash
# Rebuilds the CV evaluation corpus (documents + truth files) from src/cvs.py.
# Needs: python3 with python-docx and weasyprint, LibreOffice (soffice), TeX Live with
# xelatex, moderncv and texlive-latex-extra, pandoc. On Debian 12:
#   apt-get install libreoffice-writer-nogui pandoc texlive-xetex texlive-latex-extra \
#     texlive-fonts-recommended cm-super lmodern fonts-dejavu-core fonts-liberation2 poppler-utils
#   pip install python-docx weasyprint   (WeasyPrint 70, LibreOffice 7.4, pandoc 2.17, TeX Live 2022 here)
# The test only reads the committed files; CI needs none of these tools.
set -euo pipefail
cd "$(dirname "$0")"
SOURCE_DATE_EPOCH=1704067200 FORCE_SOURCE_DATE=1 exec python3 src/build.py "$@"
