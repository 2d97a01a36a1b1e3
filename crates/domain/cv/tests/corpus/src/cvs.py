"""The corpus CVs as data, written by hand for this project (no third-party content).

Every entry carries two things side by side: the text the document shows (``dates``, the
phone as typed) and the truth a reader takes from it (``start``/``end`` as YYYY or YYYY-MM,
"present", or None when the CV gives no date or only a placeholder like 20XX). build.py lays
each CV out with the real tool of its ``tool`` and writes the truth to ``<id>.truth.json``.
"""


def X(title, company, dates, start, end, where=None, bullets=(), company_first=False):
    return dict(title=title, company=company, dates=dates, start=start, end=end, where=where,
                bullets=list(bullets), company_first=company_first)


def E(degree, field, institution, dates, where=None, alt=(), shown=None):
    """``alt``: other ways a reader would equally name the degree (LinkedIn's "Master of
    Science - MSc" is also "Master of Science" and "MSc"); ``shown``: the degree line as the
    CV writes it when it is not "<degree> in <field>"."""
    return dict(degree=degree, field=field, institution=institution, dates=dates, where=where,
                alt=list(alt), shown=shown)


CVS = []


def cv(**kw):
    kw.setdefault("languages", [])
    kw.setdefault("summary", None)
    kw.setdefault("headline", None)
    kw.setdefault("skills_extra", [])
    CVS.append(kw)


# ---------------------------------------------------------------- plain text
cv(id="txt-us-office-admin", skills_extra=['Payroll', 'Office Administration', 'Office Management'], tool="plain-text", layout="plain text, caps headings, role-first",
   name="Denise Holloway", email="denise.holloway@example.com", phone_text="(614) 555-0187",
   phone="+16145550187", location="Columbus, OH",
   headline="Office Manager",
   summary="Office manager with eleven years of experience running busy front offices, "
           "payroll inputs and vendor contracts for small professional firms.",
   experience=[
       X("Office Manager", "Hartley & Sons Law Group", "Mar 2018 – Present", "2018-03", "present",
         "Columbus, OH", ["Run the front office for 24 attorneys and staff",
                          "Process bi-weekly payroll inputs in ADP for 31 employees",
                          "Cut office supply spend by 18% by consolidating vendors"]),
       X("Administrative Assistant", "Buckeye Dental Partners", "Jun 2014 – Feb 2018", "2014-06",
         "2018-02", "Dublin, OH", ["Scheduled 60+ patient appointments a day",
                                   "Kept insurance pre-authorisations on file"]),
       X("Receptionist", "Midwest Realty Co.", "Aug 2012 – May 2014", "2012-08", "2014-05",
         "Columbus, OH", ["Answered a 6-line phone system", "Greeted clients and routed mail"]),
   ],
   education=[E("Associate of Applied Science", "Business Management", "Columbus State Community College",
                "2010 – 2012")],
   skills=["Microsoft Office", "Excel", "QuickBooks", "ADP Payroll", "Scheduling",
           "Data Entry", "Customer Service", "Bookkeeping"],
   languages=["English"])

cv(id="txt-ng-logistics", skills_extra=['Logistics', 'Supply Chain Management'], tool="plain-text", layout="plain text, underlined headings, company-first, 01/2020 dates",
   name="Chinedu Okonkwo", email="chinedu.okonkwo@example.ng", phone_text="+234 803 555 0142",
   phone="+2348035550142", location="Lagos, Nigeria",
   summary="Logistics supervisor with a record of on-time delivery across Lagos and Ogun states.",
   experience=[
       X("Logistics Supervisor", "Kobo Haulage Ltd", "01/2020 - Present", "2020-01", "present",
         "Lagos", ["Supervise a fleet of 42 trucks and 60 drivers",
                   "Raised on-time delivery from 81% to 95%",
                   "Plan routes with SAP TM and Excel"], company_first=True),
       X("Warehouse Coordinator", "Dangote Foods Distribution", "03/2016 - 12/2019", "2016-03",
         "2019-12", "Ikeja", ["Managed inventory of 8,000 pallets",
                              "Led cycle counts and stock reconciliation"], company_first=True),
       X("Dispatch Officer", "Red Star Express", "07/2013 - 02/2016", "2013-07", "2016-02",
         "Lagos", ["Dispatched 300 parcels a day"], company_first=True),
   ],
   education=[E("B.Sc.", "Transport Management", "Lagos State University", "2008 - 2012"),
              E("Diploma", "Supply Chain Management", "Chartered Institute of Logistics and Transport", "2017")],
   skills=["Fleet Management", "Inventory Management", "SAP", "Excel", "Route Planning",
           "Warehouse Management", "Team Leadership"],
   languages=["English", "Igbo", "Yoruba"])

cv(id="txt-uk-hospitality-headerless", skills_extra=['Reception', 'Hospitality'], tool="plain-text",
   layout="plain text, experience block with no heading, dateless entry",
   name="Siobhan Gallagher", email="siobhan.g@example.co.uk", phone_text="07700 900461",
   phone="+447700900461", location="Manchester, UK",
   summary="Front-of-house professional: hotel reception, restaurant supervision and events.",
   headerless=True,
   experience=[
       X("Restaurant Supervisor", "The Midland Hotel", "April 2021 - Present", "2021-04", "present",
         "Manchester", ["Supervise a team of 14 across breakfast and dinner service",
                        "Train new starters in food safety and allergen procedures"]),
       X("Hotel Receptionist", "Premier Inn", "September 2018 - March 2021", "2018-09", "2021-03",
         "Salford", ["Checked in up to 180 guests a day with Opera PMS"]),
       X("Bar Staff", "The Crown & Anchor", "", None, None, "Liverpool",
         ["Weekend and summer work while studying"]),
   ],
   education=[E("BA (Hons)", "Hospitality Management", "Manchester Metropolitan University", "2015 - 2018")],
   skills=["Customer Service", "Opera PMS", "Food Safety", "Cash Handling", "Event Planning",
           "Team Leadership"],
   languages=["English", "Irish"])

# ---------------------------------------------------------------- DOCX with tables
cv(id="docx-table-in-accounting", skills_extra=['ERP Systems', 'Auditing', 'Accounting'], tool="docx-table", layout="DOCX, two-column table (headings left), lakh salary",
   name="Priyanka Deshmukh", email="priyanka.deshmukh@example.in", phone_text="+91 98220 45513",
   phone="+919822045513", location="Pune, Maharashtra",
   summary="Chartered accountant with six years in statutory audit and GST compliance. "
           "Current CTC: 14.5 lakh per annum.",
   experience=[
       X("Senior Accountant", "Kalyani Forge Ltd", "Apr 2021 – Present", "2021-04", "present", "Pune",
         ["Own month-end close and GST returns for three plants",
          "Reduced receivables ageing by 22 days"]),
       X("Audit Associate", "Deloitte Haskins & Sells LLP", "Jul 2018 – Mar 2021", "2018-07", "2021-03",
         "Mumbai", ["Statutory audits of listed manufacturing clients"]),
   ],
   education=[E("Chartered Accountant", None, "Institute of Chartered Accountants of India", "2018"),
              E("B.Com", "Accounting and Finance", "Symbiosis College of Arts and Commerce", "2012 – 2015")],
   skills=["Tally ERP", "GST", "Statutory Audit", "Excel", "SAP FICO", "Financial Reporting", "Taxation"],
   languages=["English", "Hindi", "Marathi"])

cv(id="docx-table-de-nursing", skills_extra=['SAP', 'Nursing'], tool="docx-table", layout="DOCX, German Lebenslauf table with photo box, dd.mm.yyyy dates",
   name="Katharina Vogel", email="k.vogel@example.de", phone_text="+49 151 23456789",
   phone="+4915123456789", location="Hamburg, Germany",
   photo=True,
   experience=[
       X("Gesundheits- und Krankenpflegerin", "Universitätsklinikum Hamburg-Eppendorf",
         "01.10.2019 – heute", "2019-10", "present", "Hamburg",
         ["Intensive care unit, 12-bed ward", "Mentor for nursing trainees"]),
       X("Pflegefachkraft", "Asklepios Klinik Altona", "01.09.2016 – 30.09.2019", "2016-09", "2019-09",
         "Hamburg", ["Internal medicine ward, night shifts"]),
   ],
   education=[E("Ausbildung", "Gesundheits- und Krankenpflege", "Berufsfachschule für Pflege Hamburg",
                "01.09.2013 – 31.08.2016")],
   skills=["Intensive Care", "Patient Care", "Wound Care", "Medication Administration", "SAP IS-H",
           "Ventilation Management"],
   languages=["German", "English"])

# ---------------------------------------------------------------- HTML/CSS through WeasyPrint
cv(id="html-onecol-us-sales", skills_extra=['SaaS', 'Sales'], tool="weasyprint", layout="HTML one column, right-aligned dates",
   name="Marcus Whitfield", email="marcus.whitfield@example.com", phone_text="+1 312-555-0148",
   phone="+13125550148", location="Chicago, IL",
   summary="B2B account executive who closes mid-market SaaS deals; 128% of quota in 2023.",
   experience=[
       X("Senior Account Executive", "Brightline Software", "Jan 2021 – Present", "2021-01", "present",
         "Chicago, IL", ["Closed $2.4M new ARR in 2023 (128% of quota)",
                         "Run full-cycle sales with Salesforce and Gong"]),
       X("Account Executive", "Cloudvista", "Jun 2018 – Dec 2020", "2018-06", "2020-12", "Chicago, IL",
         ["Grew a territory of 140 accounts by 35%"]),
       X("Sales Development Representative", "Cloudvista", "Aug 2016 – May 2018", "2016-08", "2018-05",
         "Chicago, IL", ["Booked 25 qualified meetings a month"]),
   ],
   education=[E("Bachelor of Arts", "Communication", "University of Illinois Urbana-Champaign", "2012 – 2016")],
   skills=["Salesforce", "HubSpot", "Negotiation", "Prospecting", "Account Management", "Cold Calling",
           "Pipeline Management"],
   languages=["English"])

cv(id="html-sidebar-br-teaching", tool="weasyprint", layout="HTML sidebar on the left (contact, skills), accented name",
   name="Ana Beatriz Conceição", email="ana.conceicao@example.com.br", phone_text="+55 21 98765-4321",
   phone="+5521987654321", location="Rio de Janeiro, Brazil",
   summary="Professora de inglês e ciências com dez anos em escolas públicas e particulares.",
   experience=[
       X("English Teacher", "Colégio São Bento", "Feb 2019 – Present", "2019-02", "present", "Rio de Janeiro",
         ["Teach English to grades 6–9, classes of 35 students",
          "Coordinate the school's Cambridge exam preparation"]),
       X("Science Teacher", "Escola Municipal Tia Ciata", "Mar 2014 – Dec 2018", "2014-03", "2018-12",
         "Rio de Janeiro", ["Taught science to grades 4–5"]),
   ],
   education=[E("Licenciatura", "Letras Português-Inglês", "Universidade Federal do Rio de Janeiro", "2009 – 2013"),
              E("CELTA", None, "Cambridge English", "2017")],
   skills=["Lesson Planning", "Classroom Management", "Curriculum Development", "Google Classroom",
           "Student Assessment", "ESL Teaching"],
   languages=["Portuguese", "English", "Spanish"])

cv(id="html-twocol-in-software", tool="weasyprint", layout="HTML two equal columns, B.Tech, skills right",
   name="Rohan Iyer", email="rohan.iyer@example.in", phone_text="+91-99000-12345",
   phone="+919900012345", location="Bengaluru, India",
   summary="Backend engineer building payment systems in Java and Go.",
   experience=[
       X("Software Engineer II", "Razorpay", "Jul 2021 – Present", "2021-07", "present", "Bengaluru",
         ["Built the settlement reconciliation service in Go", "Cut p99 latency of payouts by 40%"]),
       X("Software Engineer", "Infosys", "Aug 2018 – Jun 2021", "2018-08", "2021-06", "Mysuru",
         ["Maintained Spring Boot services for a US retail client"]),
   ],
   education=[E("B.Tech", "Computer Science and Engineering", "National Institute of Technology Karnataka",
                "2014 – 2018")],
   skills=["Java", "Go", "Spring Boot", "PostgreSQL", "Kafka", "Docker", "Kubernetes", "Redis"],
   languages=["English", "Hindi", "Kannada", "Tamil"])

cv(id="html-linkedin-uk-research", tool="linkedin", layout="LinkedIn Save-to-PDF profile: sidebar, company then roles with durations",
   name="Eleanor Whitcombe", email="eleanor.whitcombe@example.ac.uk", phone_text="+44 7700 900318",
   phone="+447700900318", location="Oxford, England, United Kingdom",
   headline="Postdoctoral Research Scientist in Structural Biology",
   summary="Structural biologist using cryo-EM to study membrane transporters.",
   experience=[
       X("Postdoctoral Research Scientist", "University of Oxford", "October 2021 - Present", "2021-10",
         "present", "Oxford, England, United Kingdom", ["Cryo-EM structures of SLC transporters"]),
       X("Research Assistant", "University of Oxford", "September 2020 - September 2021", "2020-09",
         "2021-09", "Oxford, England, United Kingdom", []),
       X("Research Intern", "GSK", "June 2016 - August 2016", "2016-06", "2016-08",
         "Stevenage, England, United Kingdom", ["Assay development for kinase inhibitors"]),
   ],
   education=[E("Doctor of Philosophy - PhD", "Biochemistry", "University of Cambridge", "2016 - 2020",
                alt=["Doctor of Philosophy", "PhD"]),
              E("Master of Science - MSc", "Biochemistry", "University of Bristol", "2012 - 2016",
                alt=["Master of Science", "MSc"])],
   skills=["Cryo-EM", "Protein Purification", "X-ray Crystallography"],
   languages=["English", "French"])

# ---------------------------------------------------------------- Office templates through LibreOffice
cv(id="office-split-name-us-marketing", tool="libreoffice-docx",
   layout="stock Office template: name over two lines, 'Title, Company' then dates, 20XX placeholders",
   name="Olivia Brennan", email="olivia.brennan@example.com", phone_text="(503) 555-0199",
   phone="+15035550199", location="Portland, OR",
   summary="Marketing manager who plans campaigns end to end, from brief to reporting.",
   experience=[
       X("Marketing Manager", "Evergreen Outdoor Co.", "20XX – Present", None, "present", None,
         ["Plan and run seasonal campaigns across email, paid social and retail",
          "Manage a $1.2M annual media budget"]),
       X("Marketing Coordinator", "Rose City Creative", "20XX – 20XX", None, None, None,
         ["Coordinated print and digital production for 20 clients"]),
   ],
   education=[E("Bachelor of Science", "Marketing", "Portland State University", "20XX")],
   skills=["Campaign Management", "Google Analytics", "Adobe Creative Suite", "Email Marketing",
           "Social Media Marketing", "SEO", "Budgeting"],
   languages=["English"])

cv(id="office-split-name-ng-accounting", skills_extra=['Accounting', 'Auditing'], tool="libreoffice-docx",
   layout="stock Office template: name over two lines, 'Title, Company' then dates",
   name="Folasade Adeyemi", email="folasade.adeyemi@example.com", phone_text="+234 802 555 0176",
   phone="+2348025550176", location="Abuja, Nigeria",
   summary="ICAN-qualified accountant with public and private sector experience.",
   experience=[
       X("Finance Manager", "Sahel Agro Processing Ltd", "Feb 2020 – Present", "2020-02", "present", None,
         ["Prepare IFRS financial statements", "Lead a team of five accountants"]),
       X("Senior Accountant", "KPMG Nigeria", "Sep 2015 – Jan 2020", "2015-09", "2020-01", None,
         ["Audited banks and telecom operators"]),
       X("Accounts Officer", "Federal Ministry of Finance", "Jan 2012 – Aug 2015", "2012-01", "2015-08", None,
         []),
   ],
   education=[E("B.Sc.", "Accounting", "University of Ibadan", "2006 – 2010"),
              E("ACA", None, "Institute of Chartered Accountants of Nigeria", "2014")],
   skills=["IFRS", "Financial Reporting", "Sage", "Excel", "Budgeting", "Audit", "Payroll"],
   languages=["English", "Yoruba", "Hausa"])

# ---------------------------------------------------------------- LaTeX moderncv
cv(id="latex-moderncv-classic-de-engineering", tool="latex-moderncv",
   layout="moderncv classic: dates in the left margin, title then company; several roles at one employer",
   style="classic",
   name="Jürgen Hoffmann", email="juergen.hoffmann@example.de", phone_text="+49 89 1234567",
   phone="+49891234567", location="München, Germany",
   summary="Mechanical engineer for automotive drivetrains, from CAD to test bench.",
   experience=[
       X("Lead Design Engineer", "BMW Group", "03.2020–heute", "2020-03", "present", "München",
         ["Lead a team of 6 designing e-axle housings in CATIA V5"]),
       X("Design Engineer", "BMW Group", "09.2016–02.2020", "2016-09", "2020-02", "München",
         ["FEM analysis of gearbox casings with ANSYS"]),
       X("Werkstudent Konstruktion", "Knorr-Bremse AG", "04.2014–08.2016", "2014-04", "2016-08", "München",
         []),
   ],
   education=[E("M.Sc.", "Maschinenbau", "Technische Universität München", "2014–2016"),
              E("B.Sc.", "Maschinenbau", "Hochschule München", "2010–2014")],
   skills=["CATIA V5", "ANSYS", "FEM", "GD&T", "MATLAB", "Six Sigma"],
   languages=["German", "English"])

cv(id="latex-moderncv-casual-uk-trades", tool="latex-moderncv",
   layout="moderncv casual: open-ended '2015–' dates, trade qualifications",
   style="casual",
   name="Gareth Pritchard", email="gareth.pritchard@example.co.uk", phone_text="+44 29 2018 0455",
   phone="+442920180455", location="Cardiff, Wales",
   summary="Qualified electrician (18th Edition) for domestic and commercial installations.",
   experience=[
       X("Approved Electrician", "Pritchard Electrical Services", "2015–", "2015", "present", "Cardiff",
         ["Rewires, consumer unit upgrades and EICR inspections", "Run two vans and one apprentice"]),
       X("Electrician", "Balfour Beatty", "2010–2015", "2010", "2015", "Bristol",
         ["Commercial fit-outs for offices and schools"]),
       X("Apprentice Electrician", "Western Power Contracting", "2006–2010", "2006", "2010", "Newport",
         []),
   ],
   education=[E("NVQ Level 3", "Electrotechnical Services", "Cardiff and Vale College", "2006–2010")],
   skills=["Electrical Installation", "EICR Testing", "Fault Finding", "18th Edition Wiring Regulations",
           "PAT Testing", "Solar PV Installation"],
   languages=["English", "Welsh"])

cv(id="latex-moderncv-banking-us-research", tool="latex-moderncv",
   layout="moderncv banking: title and company on one line, dates right; two pages",
   style="banking",
   name="Dr. Samuel Okafor", email="s.okafor@example.edu", phone_text="+1 (617) 555-0123",
   phone="+16175550123", location="Boston, MA",
   headline="Research Scientist, Computational Epidemiology",
   summary="Epidemiologist building transmission models for respiratory viruses; 24 peer-reviewed papers.",
   experience=[
       X("Research Scientist", "Harvard T.H. Chan School of Public Health", "Sep 2019 – Present", "2019-09",
         "present", "Boston, MA",
         ["Lead modelling for the regional influenza forecasting hub",
          "Supervise three PhD students and two research assistants",
          "Built an agent-based model of school transmission in Python and R",
          "Secured $1.8M NIH R01 funding as co-investigator",
          "Teach the graduate course Infectious Disease Dynamics",
          "Review for The Lancet Infectious Diseases and PLOS Computational Biology"]),
       X("Postdoctoral Fellow", "Johns Hopkins Bloomberg School of Public Health", "Aug 2016 – Aug 2019",
         "2016-08", "2019-08", "Baltimore, MD",
         ["Estimated measles vaccination coverage from serological surveys",
          "Wrote Stan models for under-reporting in surveillance data",
          "Fieldwork in Lagos and Kano with the Nigeria CDC"]),
       X("Data Analyst", "Nigeria Centre for Disease Control", "Jan 2012 – Jun 2014", "2012-01", "2014-06",
         "Abuja, Nigeria",
         ["Cleaned and analysed weekly surveillance returns from 36 states",
          "Built dashboards for outbreak response in Excel and Stata"]),
   ],
   education=[E("PhD", "Epidemiology", "London School of Hygiene and Tropical Medicine", "2012–2016"),
              E("MPH", None, "University of Ibadan", "2009–2011"),
              E("MBBS", None, "University of Nigeria", "2001–2007")],
   skills={"Methods": ["Epidemiology", "Biostatistics", "Mathematical Modelling", "Bayesian Statistics"],
           "Software": ["R", "Python", "Stan", "Stata", "SQL"]},
   languages=["English", "Igbo"])

cv(id="latex-jake-us-software-newgrad", skills_extra=['Technical Support', 'MPI'], tool="latex-jake",
   layout="Jake's resume style: education first, 'Title / Company' rows with right-aligned dates and places",
   name="Tyler Nguyen", email="tyler.nguyen@example.com", phone_text="512-555-0166",
   phone="+15125550166", location="Austin, TX",
   experience=[
       X("Software Engineer Intern", "Indeed", "May 2024 – Aug 2024", "2024-05", "2024-08", "Austin, TX",
         ["Built a React dashboard for job-ad quality metrics", "Added Kafka consumers in Java"]),
       X("Undergraduate Research Assistant", "Texas Advanced Computing Center", "Sep 2022 – May 2024",
         "2022-09", "2024-05", "Austin, TX", ["Profiled MPI codes in C++ on Frontera"]),
       X("IT Help Desk Technician", "The University of Texas at Austin", "Jan 2022 – Aug 2022",
         "2022-01", "2022-08", "Austin, TX", ["Resolved 40 tickets a week"]),
   ],
   education=[E("Bachelor of Science", "Computer Science", "The University of Texas at Austin",
                "Aug. 2021 – May 2025", where="Austin, TX")],
   skills={"Languages": ["Java", "Python", "C++", "JavaScript", "SQL"],
           "Frameworks": ["React", "Node.js", "Flask"],
           "Developer Tools": ["Git", "Docker", "AWS"]},
   languages=[])

cv(id="latex-jake-in-data-btech", skills_extra=['Demand Planning', 'Forecasting'], tool="latex-jake",
   layout="Jake's resume style: company-first rows (company / place, title / dates), B.Tech",
   name="Sneha Reddy", email="sneha.reddy@example.in", phone_text="+91 90000 55121",
   phone="+919000055121", location="Hyderabad, India",
   experience=[
       X("Data Scientist", "Swiggy", "Jun 2022 – Present", "2022-06", "present", "Bengaluru",
         ["Built demand forecasting models with XGBoost and PySpark",
          "Cut delivery-time prediction error by 18%"], company_first=True),
       X("Data Analyst", "Tata Consultancy Services", "Jul 2019 – May 2022", "2019-07", "2022-05",
         "Hyderabad", ["Automated weekly reports with Python and Tableau"], company_first=True),
   ],
   education=[E("B.Tech", "Electronics and Communication Engineering", "Jawaharlal Nehru Technological University",
                "2015 – 2019", where="Hyderabad")],
   skills={"Languages": ["Python", "SQL", "R"],
           "Tools": ["PySpark", "Tableau", "Airflow", "Scikit-learn", "XGBoost"]},
   languages=[])

cv(id="latex-jake-ng-software", tool="latex-jake",
   layout="Jake's resume style, Nigerian software engineer, MM/YYYY dates",
   name="Oluwaseun Adebayo", email="seun.adebayo@example.com", phone_text="+234 809 555 0190",
   phone="+2348095550190", location="Lagos, Nigeria",
   experience=[
       X("Senior Backend Engineer", "Paystack", "03/2021 – Present", "2021-03", "present", "Lagos",
         ["Own the transfers API in Node.js and TypeScript", "Migrated queues from RabbitMQ to Kafka"]),
       X("Backend Engineer", "Andela", "06/2018 – 02/2021", "2018-06", "2021-02", "Remote",
         ["Built Django services for US clients"]),
       X("Junior Developer", "Interswitch", "09/2016 – 05/2018", "2016-09", "2018-05", "Lagos", []),
   ],
   education=[E("B.Sc.", "Computer Science", "Obafemi Awolowo University", "2011 – 2016", where="Ile-Ife")],
   skills={"Languages": ["TypeScript", "JavaScript", "Python", "SQL"],
           "Technologies": ["Node.js", "Django", "PostgreSQL", "Kafka", "RabbitMQ", "AWS"]},
   languages=[])

cv(id="latex-deedy-us-finance", tool="latex-deedy",
   layout="Deedy style: two columns, education and skills left, experience right, company upper-case then title",
   name="Rachel Goldberg", email="rachel.goldberg@example.com", phone_text="646.555.0177",
   phone="+16465550177", location="New York, NY",
   experience=[
       X("Vice President, Credit Risk", "JPMorgan Chase", "Jan 2021 – Present", "2021-01", "present",
         "New York", ["Lead a team of 5 underwriting leveraged loans",
                      "Built the sector stress-testing model in Excel and Python"]),
       X("Senior Analyst", "Moody's Investors Service", "Jul 2017 – Dec 2020", "2017-07", "2020-12",
         "New York", ["Rated 40 high-yield issuers in retail and consumer goods"]),
       X("Analyst", "Deloitte", "Jul 2015 – Jun 2017", "2015-07", "2017-06", "Boston",
         ["Valuation and due diligence for mid-market deals"]),
   ],
   education=[E("MBA", "Finance", "Columbia Business School", "2019 – 2021"),
              E("B.S.", "Economics", "Boston College", "2011 – 2015")],
   skills=["Financial Modeling", "Credit Analysis", "Valuation", "Excel", "Python", "Bloomberg Terminal"],
   languages=["English", "Hebrew"])

cv(id="latex-deedy-de-research", tool="latex-deedy",
   layout="Deedy style: two columns, German researcher, MM/YYYY dates",
   name="Lena Schäfer", email="lena.schaefer@example.de", phone_text="+49 30 555 1234",
   phone="+49305551234", location="Berlin, Germany",
   experience=[
       X("Research Associate", "Max Planck Institute for Molecular Genetics", "04/2020 – present",
         "2020-04", "present", "Berlin", ["Single-cell RNA-seq of early embryos",
                                           "Pipelines in Python and Snakemake"]),
       X("Doctoral Researcher", "Charité – Universitätsmedizin Berlin", "10/2016 – 03/2020", "2016-10",
         "2020-03", "Berlin", ["CRISPR screens in organoids"]),
   ],
   education=[E("Dr. rer. nat.", "Molecular Biology", "Humboldt-Universität zu Berlin", "2016 – 2020"),
              E("M.Sc.", "Biochemistry", "Universität Heidelberg", "2014 – 2016")],
   skills=["Single-cell RNA-seq", "CRISPR", "Python", "R", "Snakemake", "Cell Culture", "Bioinformatics"],
   languages=["German", "English", "French"])

cv(id="latex-awesome-uk-nursing", skills_extra=['Nursing'], tool="latex-awesome",
   layout="Awesome-CV style: title left / place right, company small caps / dates right",
   name="Amara Osei", email="amara.osei@example.co.uk", phone_text="+44 7700 900722",
   phone="+447700900722", location="Leeds, UK",
   headline="Registered Nurse (Adult)",
   summary="NMC-registered adult nurse with seven years on acute medical and A&E wards.",
   experience=[
       X("Senior Staff Nurse", "Leeds Teaching Hospitals NHS Trust", "Mar 2021 – Present", "2021-03",
         "present", "Leeds", ["Band 6 nurse in charge of a 28-bed acute medical unit",
                              "Mentor student nurses and newly qualified staff"]),
       X("Staff Nurse", "Bradford Royal Infirmary", "Sep 2017 – Feb 2021", "2017-09", "2021-02",
         "Bradford", ["Emergency department, triage and resuscitation"]),
   ],
   education=[E("BSc (Hons)", "Adult Nursing", "University of Leeds", "2014 – 2017")],
   skills={"Clinical": ["Patient Assessment", "Triage", "Medication Administration", "Wound Care",
                        "IV Cannulation"],
           "Systems": ["EPR", "SystmOne"]},
   languages=["English", "Twi"])

cv(id="latex-awesome-br-logistics", skills_extra=['SAP', 'Logistics', 'Supply Chain Management'], tool="latex-awesome",
   layout="Awesome-CV style: Brazilian logistics manager, accented names, Portuguese place names",
   name="João Pedro Magalhães", email="joao.magalhaes@example.com.br", phone_text="+55 11 99876-5432",
   phone="+5511998765432", location="São Paulo, Brasil",
   headline="Gerente de Logística",
   summary="Logistics manager for retail distribution centres across São Paulo and Minas Gerais.",
   experience=[
       X("Logistics Manager", "Magazine Luiza", "Jan 2020 – Present", "2020-01", "present", "Louveira, SP",
         ["Run a 60,000 m² distribution centre with 400 staff", "Implemented WMS with SAP EWM"]),
       X("Logistics Coordinator", "Ambev", "Mar 2015 – Dec 2019", "2015-03", "2019-12", "Jundiaí, SP",
         ["Planned outbound transport for 12 breweries"]),
   ],
   education=[E("MBA", "Supply Chain Management", "Fundação Getulio Vargas", "2017 – 2019"),
              E("Bacharelado", "Engenharia de Produção", "Universidade Estadual de Campinas", "2009 – 2014")],
   skills={"Operations": ["Warehouse Management", "Transport Planning", "Lean", "Inventory Management"],
           "Systems": ["SAP EWM", "Excel", "Power BI"]},
   languages=["Portuguese", "English", "Spanish"])

cv(id="latex-altacv-in-hospitality", skills_extra=['Hotel Operations'], tool="latex-altacv",
   layout="AltaCV style: wide left column (experience), narrow right (skill tags, education)",
   name="Vikram Singh Rathore", email="vikram.rathore@example.in", phone_text="+91 94140 77889",
   phone="+919414077889", location="Jaipur, Rajasthan",
   headline="Hotel Operations Manager",
   experience=[
       X("Front Office Manager", "Taj Rambagh Palace", "Since 2019", "2019", "present", "Jaipur",
         ["Lead a team of 22 front office associates", "Raised guest satisfaction scores to 94%"]),
       X("Guest Relations Executive", "The Oberoi Udaivilas", "2015 – 2019", "2015", "2019", "Udaipur",
         ["Handled VIP arrivals and butler coordination"]),
       X("Management Trainee", "ITC Hotels", "2014 – 2015", "2014", "2015", "New Delhi", []),
   ],
   education=[E("Bachelor of Hotel Management", None, "Institute of Hotel Management, Jaipur", "2010 – 2014")],
   skills=["Front Office Operations", "Opera PMS", "Revenue Management", "Guest Relations",
           "Team Leadership", "Customer Service"],
   languages=["Hindi", "English", "Rajasthani"])

cv(id="gdocs-us-sales-coral", skills_extra=['Retail', 'Sales'], tool="gdocs-libreoffice",
   layout="Google Docs template style: 'Company, Place — Title', dates on the next line",
   name="Brianna Lopez", email="brianna.lopez@example.com", phone_text="(210) 555-0134",
   phone="+12105550134", location="San Antonio, TX",
   summary="Retail sales leader who builds teams that beat targets.",
   experience=[
       X("Store Manager", "Target", "March 2020 - Present", "2020-03", "present", "San Antonio, TX",
         ["Lead 85 team members; store sales up 12% year over year"]),
       X("Assistant Store Manager", "Walgreens", "June 2016 - February 2020", "2016-06", "2020-02",
         "San Antonio, TX", ["Managed scheduling and inventory for a 24-hour store"]),
       X("Sales Associate", "Macy's", "August 2013 - May 2016", "2013-08", "2016-05", "Austin, TX", []),
   ],
   education=[E("Bachelor of Business Administration", None, "The University of Texas at San Antonio",
                "2009 - 2013", where="San Antonio, TX")],
   skills=["Retail Sales", "Merchandising", "Inventory Management", "Team Leadership", "Scheduling",
           "Customer Service"],
   languages=["English", "Spanish"])

cv(id="gdocs-ng-teaching-spaced", tool="gdocs-libreoffice",
   layout="Google Docs template style with letter-spaced headings (E X P E R I E N C E)",
   spaced=True,
   name="Ngozi Eze", email="ngozi.eze@example.com", phone_text="+234 706 555 0123",
   phone="+2347065550123", location="Enugu, Nigeria",
   summary="Secondary school mathematics teacher and examinations officer.",
   experience=[
       X("Mathematics Teacher", "Federal Government College Enugu", "Sep 2017 - Present", "2017-09",
         "present", "Enugu", ["Teach SS1–SS3 mathematics; 92% WAEC credit pass rate",
                              "Examinations officer for internal and WAEC exams"]),
       X("Mathematics Teacher", "Queen's School Enugu", "Jan 2014 - Jul 2017", "2014-01", "2017-07",
         "Enugu", ["Ran the school's mathematics club"]),
   ],
   education=[E("B.Sc. (Ed.)", "Mathematics", "University of Nigeria, Nsukka", "2009 - 2013"),
              E("Postgraduate Diploma", "Education", "National Teachers' Institute", "2015", where="Kaduna")],
   skills=["Lesson Planning", "Classroom Management", "Student Assessment", "Curriculum Development",
           "Microsoft Office"],
   languages=["English", "Igbo"])

cv(id="gdocs-de-admin-dotdates", skills_extra=['Accounting', 'Travel Planning'], tool="gdocs-libreoffice",
   layout="Google Docs template style, German office administrator, dd.mm.yyyy dates",
   name="Sabine Krüger", email="sabine.krueger@example.de", phone_text="0176 12345678",
   phone="+4917612345678", location="Köln, Deutschland",
   summary="Kauffrau für Büromanagement mit zwölf Jahren Erfahrung in Assistenz und Buchhaltung.",
   experience=[
       X("Teamassistenz", "REWE Group", "01.04.2018 – heute", "2018-04", "present", "Köln",
         ["Terminplanung und Reiseorganisation für die Bereichsleitung", "Rechnungsprüfung in SAP"]),
       X("Sachbearbeiterin", "AXA Konzern AG", "15.08.2012 – 31.03.2018", "2012-08", "2018-03", "Köln",
         ["Bearbeitung von Versicherungsfällen"]),
   ],
   education=[E("Ausbildung", "Kauffrau für Büromanagement", "IHK Köln", "2009 – 2012", where="Köln")],
   skills=["SAP", "Microsoft Office", "Excel", "Buchhaltung", "Terminplanung", "DATEV"],
   languages=["German", "English"])

cv(id="office-uk-trades-placeholder", tool="libreoffice-docx",
   layout="stock Office template: name over two lines, 'Title, Company' then 20XX placeholder dates",
   name="Callum Fraser", email="callum.fraser@example.co.uk", phone_text="07700 900555",
   phone="+447700900555", location="Glasgow, Scotland",
   summary="Time-served joiner for new-build housing and shopfitting.",
   experience=[
       X("Site Joiner", "CCG Scotland", "20XX – Present", None, "present", None,
         ["First and second fix on new-build developments"]),
       X("Apprentice Joiner", "Robertson Group", "20XX – 20XX", None, None, None,
         ["Four-year modern apprenticeship"]),
   ],
   education=[E("SVQ Level 3", "Wood Occupations", "City of Glasgow College", "20XX")],
   skills=["Carpentry", "Joinery", "Shopfitting", "Reading Drawings", "CSCS Card", "Health and Safety"],
   languages=["English"])

cv(id="office-br-nursing-accented", skills_extra=['Nursing'], tool="libreoffice-docx",
   layout="stock Office template: accented name over two lines, Portuguese content",
   name="Letícia Araújo", email="leticia.araujo@example.com.br", phone_text="(31) 98888-1234",
   phone="+5531988881234", location="Belo Horizonte, MG",
   summary="Enfermeira com experiência em UTI adulto e pronto-socorro.",
   experience=[
       X("Enfermeira", "Hospital das Clínicas da UFMG", "Fev 2020 – Atual", "2020-02", "present", None,
         ["UTI adulto com 20 leitos", "Supervisão de técnicos de enfermagem"]),
       X("Técnica de Enfermagem", "Hospital Felício Rocho", "Mar 2014 – Jan 2020", "2014-03", "2020-01", None,
         ["Pronto-socorro e clínica médica"]),
   ],
   education=[E("Bacharelado", "Enfermagem", "Universidade Federal de Minas Gerais", "2015 – 2019")],
   skills=["Intensive Care", "Patient Care", "Medication Administration", "Wound Care", "Triage"],
   languages=["Portuguese", "Spanish"])

cv(id="pandoc-docx-us-research", tool="pandoc-docx",
   layout="Markdown converted to DOCX by pandoc: '### Title, Company' headings, italic dates",
   name="Hannah Lindqvist", email="hannah.lindqvist@example.org", phone_text="+1 206 555 0107",
   phone="+12065550107", location="Seattle, WA",
   summary="Laboratory research associate in immunology with ten years at the bench.",
   experience=[
       X("Senior Research Associate", "Fred Hutchinson Cancer Center", "Apr 2019 – Present", "2019-04",
         "present", "Seattle, WA", ["Flow cytometry panels for T-cell therapy trials",
                                    "Run the lab's LIMS and sample inventory"]),
       X("Research Associate", "Seattle Genetics", "Jun 2014 – Mar 2019", "2014-06", "2019-03", "Bothell, WA",
         ["ELISA and cell-based potency assays under GLP"]),
   ],
   education=[E("Bachelor of Science", "Microbiology", "University of Washington", "2010 – 2014")],
   skills=["Flow Cytometry", "ELISA", "Cell Culture", "GLP", "PCR", "LIMS"],
   languages=["English", "Swedish"])

cv(id="pandoc-latex-uk-accounting", skills_extra=['Accounting'], tool="pandoc-latex",
   layout="Markdown converted to PDF by pandoc (LaTeX): company-first entries with bold title and dates",
   name="Priya Chatterjee", email="priya.chatterjee@example.co.uk", phone_text="+44 20 7946 0321",
   phone="+442079460321", location="London, UK",
   summary="ACCA-qualified management accountant in retail and FMCG.",
   experience=[
       X("Management Accountant", "Sainsbury's", "Feb 2020 – Present", "2020-02", "present", "London",
         ["Monthly reporting for 120 stores", "Budget and forecast models in Excel"], company_first=True),
       X("Assistant Accountant", "Unilever", "Sep 2016 – Jan 2020", "2016-09", "2020-01", "Kingston",
         ["Accruals, prepayments and balance sheet reconciliations"], company_first=True),
   ],
   education=[E("ACCA", None, "Association of Chartered Certified Accountants", "2019"),
              E("BSc", "Accounting and Finance", "University of Warwick", "2013 – 2016")],
   skills=["Management Accounting", "Budgeting", "Forecasting", "Excel", "SAP", "Oracle"],
   languages=["English", "Bengali", "Hindi"])

cv(id="html-onecol-de-photo-seit", skills_extra=['SAP'], tool="weasyprint",
   layout="HTML one column, German CV with photo box, 'seit 2019' and MM/YYYY dates",
   photo=True,
   name="Thomas Becker", email="thomas.becker@example.de", phone_text="+49 711 555 0199",
   phone="+497115550199", location="Stuttgart, Germany",
   summary="Industriemechaniker und Instandhaltungsleiter in der Automobilzulieferung.",
   experience=[
       X("Leiter Instandhaltung", "Bosch Rexroth AG", "seit 2019", "2019", "present", "Stuttgart",
         ["Führung von 14 Technikern", "Einführung von TPM in zwei Werken"]),
       X("Industriemechaniker", "Mahle GmbH", "09/2010 – 12/2018", "2010-09", "2018-12", "Stuttgart",
         ["Wartung von CNC-Bearbeitungszentren"]),
   ],
   education=[E("Industriemeister", "Metall", "IHK Region Stuttgart", "2014 – 2016"),
              E("Ausbildung", "Industriemechaniker", "Robert-Bosch-Schule Stuttgart", "2007 – 2010")],
   skills=["Maintenance", "TPM", "CNC", "Hydraulics", "Pneumatics", "SAP PM"],
   languages=["German", "English"])

cv(id="html-sidebar-right-in-nursing", skills_extra=['Nursing'], tool="weasyprint",
   layout="HTML sidebar on the right, Indian nurse, MM/YYYY dates",
   sidebar_right=True,
   name="Anjali Thomas", email="anjali.thomas@example.in", phone_text="+91 94470 12345",
   phone="+919447012345", location="Kochi, Kerala",
   summary="Staff nurse with critical care experience in India and the Gulf.",
   experience=[
       X("Staff Nurse, ICU", "Aster Medcity", "06/2021 - Present", "2021-06", "present", "Kochi",
         ["Care for ventilated patients in a 30-bed ICU"]),
       X("Staff Nurse", "King Fahad Medical City", "03/2017 - 05/2021", "2017-03", "2021-05",
         "Riyadh, Saudi Arabia", ["Cardiac care unit"]),
       X("Staff Nurse", "Amrita Institute of Medical Sciences", "08/2014 - 02/2017", "2014-08", "2017-02",
         "Kochi", []),
   ],
   education=[E("B.Sc.", "Nursing", "Government College of Nursing, Kottayam", "2010 - 2014",
                shown="B.Sc. Nursing")],
   skills=["Critical Care", "Patient Care", "Ventilator Management", "BLS", "ACLS", "Medication Administration"],
   languages=["Malayalam", "English", "Hindi", "Arabic"])

cv(id="html-twocol-ng-sales-multirole", skills_extra=['Sales'], tool="weasyprint",
   layout="HTML two equal columns, several roles under one employer",
   name="Emeka Nwosu", email="emeka.nwosu@example.com", phone_text="+234 813 555 0110",
   phone="+2348135550110", location="Port Harcourt, Nigeria",
   summary="FMCG sales manager who grew distributor networks across the South-South.",
   experience=[
       X("Regional Sales Manager", "Nestlé Nigeria", "Jan 2021 – Present", "2021-01", "present",
         "Port Harcourt", ["Lead 9 area managers and 40 distributors"]),
       X("Area Sales Manager", "Nestlé Nigeria", "Apr 2017 – Dec 2020", "2017-04", "2020-12", "Calabar",
         ["Grew volume 27% in two years"]),
       X("Sales Representative", "Guinness Nigeria", "Jun 2013 – Mar 2017", "2013-06", "2017-03", "Aba", []),
   ],
   education=[E("B.Sc.", "Marketing", "University of Port Harcourt", "2008 – 2012")],
   skills=["FMCG Sales", "Distributor Management", "Key Account Management", "Negotiation",
           "Sales Forecasting", "Excel"],
   languages=["English", "Igbo", "Pidgin"])

cv(id="html-onecol-us-research-2pages", tool="weasyprint",
   layout="HTML one column, academic CV over two pages, publications section",
   publications=True,
   name="Miguel Ángel Torres", email="m.torres@example.edu", phone_text="+1 734 555 0150",
   phone="+17345550150", location="Ann Arbor, MI",
   summary="Environmental engineer studying nutrient runoff and harmful algal blooms in the Great Lakes.",
   experience=[
       X("Assistant Professor", "University of Michigan", "Sep 2020 – Present", "2020-09", "present",
         "Ann Arbor, MI", ["Lead a group of 6 graduate students", "Teach Water Quality Engineering",
                           "PI on a $900K NSF grant on algal bloom forecasting",
                           "Built sensor buoys streaming data to a public dashboard"]),
       X("Postdoctoral Researcher", "NOAA Great Lakes Environmental Research Laboratory",
         "Aug 2017 – Aug 2020", "2017-08", "2020-08", "Ann Arbor, MI",
         ["Coupled watershed and lake models for Lake Erie", "Field campaigns on the R/V Laurentian"]),
       X("Graduate Research Assistant", "University of California, Davis", "Sep 2012 – Jul 2017",
         "2012-09", "2017-07", "Davis, CA", ["Nitrate transport in agricultural watersheds"]),
       X("Environmental Engineer", "CH2M Hill", "Jun 2010 – Aug 2012", "2010-06", "2012-08", "Oakland, CA",
         ["Stormwater permits and treatment design"]),
   ],
   education=[E("Ph.D.", "Civil and Environmental Engineering", "University of California, Davis", "2012 – 2017"),
              E("B.S.", "Environmental Engineering", "Universidad de los Andes", "2005 – 2010")],
   skills=["Hydrological Modelling", "Water Quality", "Python", "R", "GIS", "Field Sampling",
           "Grant Writing"],
   languages=["Spanish", "English"])

cv(id="linkedin-in-sales-multirole", skills_extra=['Sales', 'B2B Sales'], tool="linkedin",
   layout="LinkedIn Save-to-PDF: three roles under one company, durations, Top Skills sidebar",
   name="Karthik Subramanian", email="karthik.s@example.in", phone_text="+91 98450 33221",
   phone="+919845033221", location="Chennai, Tamil Nadu, India",
   headline="Zonal Sales Manager at Asian Paints | B2B & Channel Sales",
   summary="Channel sales leader with 12 years in paints and building materials.",
   experience=[
       X("Zonal Sales Manager", "Asian Paints", "April 2022 - Present", "2022-04", "present",
         "Chennai, Tamil Nadu, India", ["Zone of 1,200 dealers; revenue of 310 crore"]),
       X("Area Sales Manager", "Asian Paints", "June 2018 - March 2022", "2018-06", "2022-03",
         "Coimbatore, Tamil Nadu, India", []),
       X("Sales Officer", "Asian Paints", "July 2014 - May 2018", "2014-07", "2018-05",
         "Madurai, Tamil Nadu, India", []),
       X("Management Trainee", "Berger Paints India", "June 2013 - June 2014", "2013-06", "2014-06",
         "Kolkata, West Bengal, India", []),
   ],
   education=[E("Master of Business Administration - MBA", "Marketing", "Anna University", "2011 - 2013",
                alt=["Master of Business Administration", "MBA"]),
              E("Bachelor of Engineering - BE", "Mechanical Engineering", "PSG College of Technology",
                "2007 - 2011", alt=["Bachelor of Engineering", "BE"])],
   skills=["Channel Sales", "Dealer Management", "B2B Sales"],
   languages=["Tamil", "English", "Hindi"])

cv(id="linkedin-br-logistics", skills_extra=['Logistics'], tool="linkedin",
   layout="LinkedIn Save-to-PDF: Brazilian profile, accented names, Portuguese headline",
   name="Rafael Gonçalves", email="rafael.goncalves@example.com.br", phone_text="+55 41 99123-4567",
   phone="+5541991234567", location="Curitiba, Paraná, Brasil",
   headline="Coordenador de Logística | Supply Chain | Transportes",
   summary="Coordenador de logística com experiência em transporte rodoviário e armazenagem.",
   experience=[
       X("Coordenador de Logística", "Boticário", "January 2021 - Present", "2021-01", "present",
         "São José dos Pinhais, Paraná, Brasil", ["Gestão de 35 transportadoras"]),
       X("Analista de Logística", "Electrolux", "March 2017 - December 2020", "2017-03", "2020-12",
         "Curitiba, Paraná, Brasil", []),
   ],
   education=[E("Bacharelado", "Administração", "Universidade Federal do Paraná", "2012 - 2016")],
   skills=["Logística", "Supply Chain Management", "Transportation Management"],
   languages=["Portuguese", "English"])

cv(id="txt-in-mononym-teaching", tool="plain-text",
   layout="plain text, mononym, 'Since 2019' and '2014–2019' dates, role-first",
   name="Murugesan", email="murugesan.teacher@example.in", phone_text="+91 94433 22110",
   phone="+919443322110", location="Madurai, Tamil Nadu",
   summary="Primary school teacher (Tamil and mathematics), government and aided schools.",
   experience=[
       X("Secondary Grade Teacher", "Panchayat Union Primary School, Melur", "Since 2019", "2019", "present",
         "Melur", ["Teach classes 1–5 in Tamil medium", "Run the school library"]),
       X("Teacher", "St. Mary's Aided Primary School", "2014–2019", "2014", "2019", "Madurai",
         ["Mathematics for classes 3–5"]),
   ],
   education=[E("B.Ed.", None, "Madurai Kamaraj University", "2012 – 2014"),
              E("B.Sc.", "Mathematics", "The American College", "2009 – 2012")],
   skills=["Lesson Planning", "Classroom Management", "Child Development", "Tamil", "Mathematics"],
   languages=["Tamil", "English"])

cv(id="txt-de-accounting-company-first", skills_extra=['SAP', 'Accounting'], tool="plain-text",
   layout="plain text, company-first, German accountant, dd.mm.yyyy dates",
   name="Markus Weber", email="markus.weber@example.de", phone_text="+49 69 1234 5678",
   phone="+496912345678", location="Frankfurt am Main",
   summary="Bilanzbuchhalter with HGB and IFRS closing experience.",
   experience=[
       X("Bilanzbuchhalter", "Deutsche Bahn AG", "01.07.2019 - heute", "2019-07", "present", "Frankfurt",
         ["Monats- und Jahresabschlüsse nach HGB und IFRS"], company_first=True),
       X("Finanzbuchhalter", "Fraport AG", "01.02.2014 - 30.06.2019", "2014-02", "2019-06", "Frankfurt",
         ["Kreditoren- und Debitorenbuchhaltung"], company_first=True),
   ],
   education=[E("Bilanzbuchhalter", None, "IHK Frankfurt am Main", "2017"),
              E("B.A.", "Betriebswirtschaftslehre", "Goethe-Universität Frankfurt", "2010 – 2013")],
   skills=["HGB", "IFRS", "DATEV", "SAP FI", "Excel", "Accounting"],
   languages=["German", "English"])

cv(id="docx-table-us-trades", tool="docx-table", layout="DOCX, two-column table, HVAC technician, dates in the left column",
   name="Luis Ramirez", email="luis.ramirez@example.com", phone_text="(602) 555-0111",
   phone="+16025550111", location="Phoenix, AZ",
   summary="EPA 608 certified HVAC technician, residential and light commercial.",
   experience=[
       X("Lead HVAC Technician", "Desert Air Mechanical", "2019 – Present", "2019", "present", "Phoenix, AZ",
         ["Diagnose and repair split systems and rooftop units", "Train two junior technicians"]),
       X("HVAC Technician", "Goettl Air Conditioning", "2015 – 2019", "2015", "2019", "Phoenix, AZ",
         ["Installed 300+ residential systems"]),
   ],
   education=[E("Certificate", "HVAC Technology", "GateWay Community College", "2014 – 2015")],
   skills=["HVAC", "Refrigeration", "EPA 608", "Troubleshooting", "Electrical Wiring", "Customer Service"],
   languages=["English", "Spanish"])

cv(id="docx-table-br-admin", tool="docx-table", layout="DOCX, two-column table, Brazilian administrative assistant",
   name="Camila Rodrigues", email="camila.rodrigues@example.com.br", phone_text="+55 (11) 97654-3210",
   phone="+5511976543210", location="Campinas, SP",
   summary="Assistente administrativa com experiência em compras, contas a pagar e atendimento.",
   experience=[
       X("Assistente Administrativa", "Bosch Brasil", "Mai 2019 – Atual", "2019-05", "present", "Campinas",
         ["Compras e contas a pagar no SAP", "Organização de viagens e eventos"]),
       X("Recepcionista", "Hospital Vera Cruz", "Jan 2016 – Abr 2019", "2016-01", "2019-04", "Campinas",
         ["Atendimento a pacientes e convênios"]),
   ],
   education=[E("Tecnólogo", "Gestão Empresarial", "Faculdade de Tecnologia de Campinas", "2016 – 2018")],
   skills=["SAP", "Excel", "Accounts Payable", "Purchasing", "Customer Service", "Microsoft Office"],
   languages=["Portuguese", "English"])

cv(id="html-onecol-uk-admin-letterspaced", tool="weasyprint",
   layout="HTML one column with CSS letter-spaced headings, UK office administrator",
   spaced=True, skills_extra=["Office Administration"],
   name="Harriet Ashworth", email="harriet.ashworth@example.co.uk", phone_text="+44 (0)113 496 0750",
   phone="+441134960750", location="Leeds, UK",
   summary="Office administrator and PA supporting directors in property and legal firms.",
   experience=[
       X("Office Administrator", "Walker Morris LLP", "Jan 2020 – Present", "2020-01", "present", "Leeds",
         ["Diary and travel management for four partners", "Invoice processing in Xero"]),
       X("Personal Assistant", "Savills", "Oct 2015 – Dec 2019", "2015-10", "2019-12", "Leeds",
         ["Supported the regional director and a team of 12 surveyors"]),
       X("Administrative Assistant", "Leeds City Council", "Jul 2012 – Sep 2015", "2012-07", "2015-09",
         "Leeds", []),
   ],
   education=[E("BA (Hons)", "English Language", "University of Sheffield", "2009 – 2012")],
   skills=["Diary Management", "Microsoft Office", "Xero", "Minute Taking", "Travel Planning",
           "Data Entry"],
   languages=["English", "French"])

cv(id="office-in-logistics-dateless-lakh", tool="libreoffice-docx",
   layout="stock Office template: dateless entries, salary in lakh, Indian logistics",
   skills_extra=["Logistics"],
   name="Deepak Yadav", email="deepak.yadav@example.in", phone_text="+91 98111 22334",
   phone="+919811122334", location="Gurugram, Haryana",
   summary="Warehouse and transport executive. Current salary 6.2 lakh per annum, expected 8 lakh.",
   experience=[
       X("Warehouse Executive", "Delhivery", "", None, None, None,
         ["Inbound and outbound for a 1.5 lakh sq ft fulfilment centre", "WMS and Excel reporting"]),
       X("Transport Coordinator", "Safexpress", "", None, None, None,
         ["Placed 40 trucks a day for North India routes"]),
   ],
   education=[E("B.Com", None, "University of Delhi", "2012 – 2015")],
   skills=["Warehouse Management", "Inventory Management", "Excel", "Transport Planning", "WMS"],
   languages=["Hindi", "English"])

cv(id="latex-moderncv-classic-pdflatex-in-teaching", tool="latex-moderncv",
   layout="moderncv classic through pdfLaTeX, two pages, Indian school teacher, B.Ed.",
   style="classic", engine="pdflatex",
   name="Lakshmi Narayanan", email="lakshmi.n@example.in", phone_text="+91 94440 55667",
   phone="+919444055667", location="Chennai, India",
   summary="Chemistry teacher for CBSE classes 9–12 with twelve years in private schools.",
   experience=[
       X("Senior Chemistry Teacher", "DAV Boys Senior Secondary School", "Jun 2017 – Present", "2017-06",
         "present", "Chennai",
         ["Teach chemistry to classes 11 and 12; 97% pass rate in CBSE board exams",
          "Head of the science department with 9 teachers",
          "Coordinate the school's National Science Olympiad entries",
          "Set up a safe-practice protocol for the chemistry laboratory",
          "Mentor new teachers in lesson planning and assessment",
          "Organised the annual inter-school science fair for 40 schools"]),
       X("Chemistry Teacher", "Chettinad Vidyashram", "Jun 2011 – May 2017", "2011-06", "2017-05", "Chennai",
         ["Taught classes 9 and 10", "Introduced smart-board lessons",
          "Class teacher for 45 students a year", "Led the eco club"]),
       X("Laboratory Assistant", "Loyola College", "Jul 2009 – May 2011", "2009-07", "2011-05", "Chennai",
         ["Prepared reagents for undergraduate practicals"]),
   ],
   education=[E("B.Ed.", None, "Lady Willingdon Institute of Advanced Study in Education", "2010 – 2011"),
              E("M.Sc.", "Chemistry", "University of Madras", "2007 – 2009"),
              E("B.Sc.", "Chemistry", "Women's Christian College", "2004 – 2007")],
   skills={"Teaching": ["Lesson Planning", "Classroom Management", "Student Assessment", "Laboratory Safety"],
           "Tools": ["Microsoft Office", "Google Classroom", "Smart Boards"]},
   languages=["Tamil", "English", "Hindi"])
