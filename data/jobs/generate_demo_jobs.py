#!/usr/bin/env python3
"""Generate data/jobs/demo-jobs.json, Jobr's demo job set (stdlib only, deterministic).

Every posting is assembled from hand-written, per-role material in this file: what the team
does, the duties, the skills, the requirements by seniority, and per-country employers,
credentials, pay and benefits. Nothing comes from a real job board or a public dataset.

Usage: python3 data/jobs/generate_demo_jobs.py [--out PATH] [--count N]
The same seed always gives the same file; rerun after editing the material, then check it with
  python3 crates/domain/matching/tests/eval/check.py --jobs data/jobs/demo-jobs.json \
      --source demo --id-prefix demo- --min-count 200 --posted-window 60
"""

import argparse
import datetime
import json
import os
import random
import re

SEED = 20261127
AS_OF = datetime.date(2026, 11, 27)
POSTED_WITHIN_DAYS = 59  # postedAt falls in the 60 days before AS_OF
NULL_SALARY_SHARE = 0.15  # many real postings do not publish pay

LEVELS = ["entry", "junior", "mid", "senior", "lead", "executive"]

# Country data: cities, legal suffix, local language, pay (currency, interval, factor relative
# to a US annual salary for "global" occupations such as software and "local" ones such as
# nursing or trades, whose pay differs far more between countries), and benefits.
COUNTRIES = {
    "United States": {
        "cities": ["New York", "San Francisco", "Austin", "Chicago", "Seattle", "Boston", "Atlanta", "Denver", "Houston", "Phoenix"],
        "suffix": ["Inc.", "LLC"], "language": None,
        "pay": {"global": ("USD", "year", 1.0), "local": ("USD", "year", 1.0)},
        "hourly": True,
        "benefits": ["medical, dental and vision insurance", "a 401(k) with a company match", "paid parental leave",
                     "15 days of PTO plus public holidays", "a commuter benefit", "tuition assistance",
                     "an annual wellbeing stipend"],
        "words": ["Bluebonnet", "Redwood", "Lakeshore", "Cascade", "Prairie", "Ironwood", "Summit", "Chesapeake", "Magnolia", "Granite"],
    },
    "United Kingdom": {
        "cities": ["London", "Manchester", "Birmingham", "Leeds", "Bristol", "Edinburgh", "Glasgow", "Cardiff", "Nottingham"],
        "suffix": ["Ltd"], "language": None,
        "pay": {"global": ("GBP", "year", 0.5), "local": ("GBP", "year", 0.47)},
        "hourly": True,
        "benefits": ["a pension with a 6% employer contribution", "25 days' holiday plus bank holidays",
                     "private medical insurance", "a cycle-to-work scheme", "enhanced parental leave",
                     "an employee assistance programme", "a yearly learning budget"],
        "words": ["Thameside", "Pennine", "Kestrel", "Hawthorn", "Wren", "Severn", "Bramble", "Ashdown", "Calder", "Fenwick"],
    },
    "Germany": {
        "cities": ["Berlin", "Munich", "Hamburg", "Frankfurt", "Cologne", "Stuttgart", "Leipzig", "Düsseldorf"],
        "suffix": ["GmbH", "AG"], "language": "German",
        "pay": {"global": ("EUR", "year", 0.5), "local": ("EUR", "year", 0.55)},
        "hourly": False,
        "benefits": ["30 days of holiday", "a company pension scheme", "a subsidised Deutschlandticket",
                     "flexible working hours", "a yearly training budget", "bike leasing", "a gym membership subsidy"],
        "words": ["Elbwerk", "Rheinfeld", "Nordstern", "Isartal", "Spreeblick", "Lindenhof", "Mainbrücke", "Harzblick", "Ostseewind", "Weserland"],
    },
    "Netherlands": {
        "cities": ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "The Hague", "Groningen"],
        "suffix": ["B.V."], "language": "Dutch",
        "pay": {"global": ("EUR", "year", 0.5), "local": ("EUR", "year", 0.55)},
        "hourly": False,
        "benefits": ["an 8% holiday allowance", "a pension plan", "25 vacation days", "a travel allowance or NS Business Card",
                     "a bicycle plan", "a home-working allowance", "a personal development budget"],
        "words": ["Polderlicht", "Grachtwerk", "Maasbrug", "Dijkveld", "Tulpenhof", "Zeewind", "Duinrand", "Vechtdal"],
    },
    "Canada": {
        "cities": ["Toronto", "Vancouver", "Montreal", "Calgary", "Ottawa", "Halifax"],
        "suffix": ["Inc.", "Ltd."], "language": None,
        "pay": {"global": ("CAD", "year", 0.85), "local": ("CAD", "year", 1.0)},
        "hourly": True,
        "benefits": ["extended health and dental benefits", "RRSP matching", "three weeks of vacation",
                     "a wellness spending account", "paid personal days", "a professional development allowance"],
        "words": ["Cedar", "Laurentian", "Fraser", "Northern Lights", "Bow River", "Maplewood", "Algonquin", "Tidewater"],
    },
    "India": {
        "cities": ["Bengaluru", "Hyderabad", "Pune", "Mumbai", "Chennai", "Gurugram", "Noida", "Kochi"],
        "suffix": ["Pvt Ltd"], "language": None,
        "pay": {"global": ("INR", "year", 17.0), "local": ("INR", "year", 5.0)},
        "hourly": False,
        "benefits": ["medical insurance for you and your family", "a meal allowance", "flexible working hours",
                     "a yearly performance bonus", "a learning allowance", "gratuity and provident fund",
                     "cab facility for late shifts"],
        "words": ["Kaveri", "Deccan", "Sahyadri", "Neem", "Mandovi", "Tulsi", "Nilgiri", "Godavari", "Vindhya"],
    },
    "Brazil": {
        "cities": ["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Porto Alegre", "Recife", "Florianópolis"],
        "suffix": ["Ltda", "S.A."], "language": "Portuguese",
        "pay": {"global": ("BRL", "month", 0.085), "local": ("BRL", "month", 0.05)},
        "hourly": False,
        "benefits": ["meal vouchers", "health and dental plans", "profit sharing (PLR)", "transport vouchers",
                     "a Gympass membership", "life insurance", "a day off on your birthday"],
        "words": ["Ipê", "Jacarandá", "Horizonte", "Cerrado", "Atlântica", "Araucária", "Serra Azul", "Guanabara"],
    },
    "Nigeria": {
        "cities": ["Lagos", "Abuja", "Port Harcourt", "Ibadan", "Kano", "Enugu"],
        "suffix": ["Ltd"], "language": None,
        "pay": {"global": ("NGN", "month", 7.0), "local": ("NGN", "month", 2.2)},
        "hourly": False,
        "benefits": ["HMO health cover", "a pension under the Contributory Pension Scheme", "a transport allowance",
                     "a 13th-month salary", "paid annual leave", "a data and internet allowance", "staff loans"],
        "words": ["Baobab", "Eko", "Ireti", "Amana", "Savannah", "Olumo", "Ikogosi", "Kainji", "Niger Bend"],
    },
}

REGIONS = {  # how a remote posting names where candidates may live
    "United States": "anywhere in the United States", "United Kingdom": "anywhere in the UK",
    "Germany": "anywhere in Germany", "Netherlands": "the Netherlands or a neighbouring country",
    "Canada": "anywhere in Canada", "India": "anywhere in India", "Brazil": "anywhere in Brazil",
    "Nigeria": "anywhere in Nigeria (West Africa Time)",
}

SURNAMES = ["Ashworth", "Okafor", "Brandt", "Mehta", "Silva", "Van Dijk", "Tremblay", "Carter", "Adeyemi", "Hoffmann",
            "Iyer", "Costa", "Bakker", "Campbell", "Whitfield", "Nwosu", "Keller", "Rao", "Moreira", "Fraser"]

# Employer kinds: each variant pairs name patterns with what such a company does, so a name
# never contradicts its description. "{w}" is a place-like word from the company's country,
# "{s}" its legal suffix, "{sur}"/"{sur2}" surnames; numbers are filled in per company.
EMPLOYERS = {
    "tech": [
        (["{w} Books {s}", "{w} Ledger {s}"], "{name} makes invoicing and bookkeeping software used by {n} small businesses across {country}."),
        (["{w} Routes {s}", "{w} Fleet Tech {s}"], "{name} builds route-planning and tracking tools for delivery fleets, from single vans to national carriers."),
        (["{w} Booking {s}", "{w} Appointments {s}"], "{name} runs an online booking platform for clinics, salons and gyms, handling {n} appointments a week."),
        (["{w} Pay {s}", "{w} Payments {s}"], "{name} provides a payments platform for online retailers and processes several million transactions a month."),
        (["{w} People Software {s}", "{w} HR Cloud {s}"], "{name} makes HR and payroll software for companies with 50 to 5,000 employees."),
        (["{w} Learning {s}", "{w} Edtech {s}"], "{name} develops a learning app that {n} students use to revise for their exams."),
        (["{w} Energy Systems {s}", "{w} Grid Labs {s}"], "{name} builds energy-monitoring software that helps commercial buildings cut their electricity use."),
        (["{w} Digital {s}", "{w} Labs {s}"], "{name} runs a marketplace that connects homeowners with thousands of independent tradespeople."),
    ],
    "agency": [
        (["{w} Creative {s}", "{w} Digital Agency {s}"], "{name} is a creative and digital agency of about {k} people working with consumer brands, charities and public bodies."),
        (["{w} Media {s}", "{w} Marketing {s}"], "{name} is an independent marketing agency in {city} that plans and runs campaigns for retail and travel clients."),
        (["{w} Studio {s}", "{w} Design Studio {s}"], "{name} is a brand and design studio known for packaging, identities and websites for food and drink companies."),
    ],
    "retail": [
        (["{w} Home {s}", "{w} Living {s}"], "{name} is a homeware and furniture retailer with {k} stores and a fast-growing online shop."),
        (["{w} Foods {s}", "{w} Snacks {s}"], "{name} makes and sells snacks and packaged foods found in most supermarkets in {country}."),
        (["{w} Outfitters {s}", "{w} Outdoor {s}"], "{name} is an outdoor clothing retailer with stores in {k} cities and online customers in over 30 countries."),
        (["{w} Pharmacy & Health {s}", "{w} Wellness Stores {s}"], "{name} runs a chain of {k} pharmacies and health shops across {country}."),
    ],
    "manufacturing": [
        (["{w} Drives {s}", "{w} Motors {s}"], "{name} manufactures electric motors and drives for machine builders and exports to more than 40 countries."),
        (["{w} Packaging {s}", "{w} Cartons {s}"], "{name} produces packaging for food and consumer-goods companies at {k} plants."),
        (["{w} Components {s}", "{w} Precision {s}"], "{name} makes precision metal components for the automotive and medical-device industries."),
    ],
    "logistics": [
        (["{w} Fulfilment {s}", "{w} Logistics {s}"], "{name} runs warehouses and transport for retailers and e-commerce brands, shipping {n} orders a day."),
        (["{w} Freight {s}", "{w} Forwarding {s}"], "{name} is a freight forwarder handling sea, air and road shipments for industrial customers."),
        (["{w} Distribution {s}", "{w} Haulage {s}"], "{name} operates a network of {k} distribution centres and a fleet of delivery trucks across {country}."),
    ],
    "finance": [
        (["{w} Bank {s}", "{w} Savings Bank"], "{name} is a regional bank serving households and small businesses through {k} branches and a mobile app."),
        (["{w} Insurance {s}", "{w} Assurance {s}"], "{name} provides home and motor insurance to about {n} customers."),
        (["{w} Capital {s}", "{w} Asset Management {s}"], "{name} is an asset manager looking after pension and charity investments."),
    ],
    "accountancy": [
        (["{sur} {sur2} Accountants", "{sur} & Partners"], "{name} is an accountancy firm of {k} people advising owner-managed businesses, charities and start-ups."),
        (["{sur} {sur2} Audit & Tax", "{sur} & {sur2} Chartered Accountants"], "{name} is a mid-sized audit and tax practice with offices in {city} and two other cities."),
    ],
    "law": [
        (["{sur} & {sur2}", "{sur} {sur2} Law"], "{name} is a commercial law firm of {k} lawyers advising technology, energy and real-estate clients."),
        (["{sur} {sur2} Legal", "{sur} & {sur2} Legal"], "{name} is a law firm known for employment, property and dispute-resolution work for mid-sized companies."),
    ],
    "hospital": [
        (["{w} General Hospital", "{w} Regional Hospital"], "{name} is a general hospital with {beds} beds providing emergency, surgical and maternity care to the {city} area."),
        (["{w} University Hospital", "{w} Teaching Hospital"], "{name} is a teaching hospital with {beds} beds and specialist cardiac, cancer and trauma services."),
        (["{w} Community Hospital", "{w} Health Centre"], "{name} is a community hospital and outpatient centre serving around {n} people in and around {city}."),
    ],
    "care": [
        (["{w} Care Homes", "{w} House Care Home"], "{name} runs {k} residential and nursing homes for older people in and around {city}."),
    ],
    "pharmacy": [
        (["{w} Pharmacies", "{w} Chemists"], "{name} runs {k} community pharmacies that offer prescriptions, vaccinations and health checks."),
        (["{w} Pharmacy", "{w} Health Pharmacy"], "{name} is an independent pharmacy known for its advice services and home delivery."),
    ],
    "school": [
        (["{w} Primary School", "{w} Academy"], "{name} is a friendly school of about {pupils} pupils with a strong focus on reading and the arts."),
        (["{w} International School", "{w} British School"], "{name} is an international school in {city} teaching {pupils} pupils from more than 40 nationalities."),
        (["{w} School", "{w} Bilingual School"], "{name} is a growing school of {pupils} pupils that puts wellbeing and outdoor learning at the centre of its teaching."),
    ],
    "language_school": [
        (["{w} Language Centre", "{w} English Academy"], "{name} teaches English to adults and teenagers in {city}, in small classes and online."),
        (["{w} Business English", "{w} Language School"], "{name} runs English courses for professionals and companies, in person and online."),
    ],
    "contractor": [
        (["{w} Building Services {s}", "{w} Mechanical & Electrical {s}"], "{name} is a building-services contractor installing and maintaining electrical, heating and cooling systems in offices, schools and homes."),
        (["{w} Electrical {s}", "{w} Electrical Contractors {s}"], "{name} carries out electrical and mechanical work on new builds and refurbishments across the {city} area."),
        (["{w} Facilities {s}", "{w} Property Maintenance {s}"], "{name} maintains building systems for housing associations, hospitals and commercial landlords."),
    ],
    "hotel": [
        (["The {w} Hotel", "Hotel {w}"], "{name} is a hotel in central {city} with {rooms} bedrooms, a busy restaurant and meeting spaces."),
        (["{w} Kitchen & Bar", "{w} Dining Group"], "{name} is a restaurant group with {k} sites known for seasonal cooking and friendly service."),
        (["{w} House", "The {w} Rooms"], "{name} is a boutique hotel and rooftop bar popular with both business travellers and tourists."),
    ],
    "public": [
        (["{w} Housing Association", "{w} Homes Trust"], "{name} provides affordable homes and support services to about {n} residents."),
        (["{w} Community Trust", "{w} Foundation"], "{name} is a non-profit that runs community centres, youth programmes and advice services."),
    ],
}


def role(key, field, title, levels, employers, market, base, domain, team, about, duties, core, extra,
         preferred, titles=None, remote_ok=False, hybrid_ok=True, hourly=False, types=None,
         countries=None, credential=None, count=4, entry_note=None):
    """One occupation. `base` is a mid-level US annual salary in USD; `core` skills are always
    required, a few of `extra` are added; `types` maps extra employment types to their chance."""
    return {
        "key": key, "field": field, "title": title, "levels": levels, "employers": employers,
        "market": market, "base": base, "domain": domain, "team": team, "about": about,
        "duties": duties, "core": core, "extra": extra, "preferred": preferred, "titles": titles or {},
        "remote_ok": remote_ok, "hybrid_ok": hybrid_ok, "hourly": hourly, "types": types or {},
        "countries": countries or list(COUNTRIES), "credential": credential, "count": count,
        "entry_note": entry_note,
    }


ROLES = [
    # --- Engineering -------------------------------------------------------------------------
    role("backend", "engineering", "Backend Engineer", ["junior", "mid", "senior", "lead"], ["tech", "finance"], "global", 150000,
         "backend software development", "platform team",
         ["The team of {k} engineers owns the APIs and services behind our web and mobile apps.",
          "You would join a small team that runs about {k} services and ships to production several times a day."],
         ["design and build APIs used by our web and mobile apps", "write well-tested services and review your colleagues' code",
          "improve the performance and reliability of our databases", "take part in a light on-call rota",
          "break a large legacy application into smaller services", "work with product managers to turn problems into technical plans"],
         ["REST APIs", "SQL", "Git"], ["Python", "Go", "Java", "PostgreSQL", "Docker", "Node.js", "Rust", "Microservices"],
         ["Kubernetes", "AWS", "Kafka", "Redis", "gRPC", "Terraform"], remote_ok=True, types={"contract": 0.1}, count=6),
    role("frontend", "engineering", "Frontend Developer", ["junior", "mid", "senior", "lead"], ["tech", "agency", "retail"], "global", 135000,
         "frontend development", "web team",
         ["Our web team of {k} builds the customer-facing site and the internal tools our staff use every day.",
          "You will work closely with two product designers and the backend team."],
         ["build accessible, fast interfaces from Figma designs", "maintain and extend our shared component library",
          "write unit and end-to-end tests", "improve page-load times and Core Web Vitals",
          "review code and help set frontend standards", "work with designers on new features from the first sketch"],
         ["JavaScript", "HTML", "CSS"], ["React", "TypeScript", "Vue.js", "Next.js", "Angular", "Jest"],
         ["Accessibility", "Storybook", "Cypress", "GraphQL", "Web Performance"], remote_ok=True, types={"contract": 0.15}, count=5),
    role("fullstack", "engineering", "Full-Stack Developer", ["junior", "mid", "senior"], ["tech", "retail"], "global", 140000,
         "full-stack web development", "product engineering team",
         ["Engineers here own features end to end, from the database schema to the last pixel.",
          "The team of {k} ships small changes every day and cares about a fast, reliable test suite."],
         ["build features across our React frontend and our backend services", "design database schemas and write migrations",
          "pair with other engineers and review code", "fix bugs reported by customers and support staff",
          "help improve our deployment pipeline"],
         ["JavaScript", "SQL", "REST APIs"], ["TypeScript", "React", "Node.js", "Python", "Django", "Ruby on Rails", "PostgreSQL"],
         ["AWS", "Docker", "GraphQL"], remote_ok=True, count=4),
    role("mobile", "engineering", "Mobile Developer", ["junior", "mid", "senior"], ["tech", "finance", "retail"], "global", 145000,
         "mobile app development", "mobile team",
         ["Our apps are used by {users} people a month and are rated above 4.6 in both app stores.",
          "The mobile team of {k} works in close partnership with design and our API team."],
         ["build new features in our iOS and Android apps", "improve app start-up time and crash rates",
          "write unit and UI tests", "work with designers on interaction details",
          "manage releases to the App Store and Google Play"],
         ["Mobile Development", "Git"], ["Swift", "Kotlin", "React Native", "Flutter", "iOS", "Android"],
         ["Firebase", "CI/CD", "Accessibility"], remote_ok=True, count=3),
    role("devops", "engineering", "DevOps Engineer", ["mid", "senior", "lead"], ["tech", "finance"], "global", 150000,
         "DevOps, infrastructure or platform engineering", "platform team",
         ["The platform team of {k} engineers gives every developer a paved road from commit to production.",
          "We run on a mix of cloud and on-premise infrastructure and automate as much as we can."],
         ["manage our Kubernetes clusters and cloud infrastructure as code", "improve our CI/CD pipelines and build times",
          "set up monitoring, alerting and dashboards", "help development teams debug production issues",
          "keep our systems patched, secure and cost-efficient", "take part in the on-call rota"],
         ["Linux", "CI/CD"], ["Kubernetes", "Terraform", "AWS", "Azure", "Docker", "Ansible", "Python", "Bash"],
         ["Prometheus", "Helm", "Go", "Grafana"], remote_ok=True, count=4),
    role("sre", "engineering", "Site Reliability Engineer", ["mid", "senior"], ["tech"], "global", 160000,
         "site reliability or infrastructure engineering", "reliability team",
         ["Our platform handles {requests} requests a minute and our customers expect it to be up all the time."],
         ["define service-level objectives with product teams", "automate operational work in code",
          "lead incident response and write blameless post-mortems", "plan capacity for growth",
          "improve observability across our services"],
         ["Linux", "Kubernetes", "Incident Management"], ["Go", "Python", "Prometheus", "Terraform", "AWS", "Google Cloud"],
         ["PostgreSQL", "Kafka", "Chaos Engineering"], remote_ok=True, count=2),
    role("qa", "engineering", "QA Engineer", ["junior", "mid", "senior"], ["tech", "finance"], "global", 110000,
         "software testing and quality assurance", "quality engineering team",
         ["Quality is everyone's job here, and our QA engineers help teams build it in rather than test it in at the end."],
         ["design test plans for new features", "write and maintain automated end-to-end and API tests",
          "run exploratory testing before releases", "report and track defects with developers",
          "improve our test coverage and test reliability"],
         ["Test Automation", "Manual Testing", "Jira"], ["Selenium", "Cypress", "Playwright", "Postman", "Python", "Java"],
         ["CI/CD", "Performance Testing", "ISTQB"], remote_ok=True, count=3),
    role("security", "engineering", "Security Engineer", ["mid", "senior", "lead"], ["tech", "finance"], "global", 165000,
         "information security", "security team",
         ["Our security team of {k} protects customer data and helps engineers ship safely."],
         ["review designs and code for security issues", "run vulnerability management and coordinate fixes",
          "respond to security incidents", "improve our cloud security posture",
          "help us meet ISO 27001 and SOC 2 requirements", "train engineers in secure coding"],
         ["Application Security", "Cloud Security", "Incident Response"], ["AWS", "Python", "Penetration Testing", "SIEM", "Threat Modelling"],
         ["ISO 27001", "SOC 2", "OSCP", "Kubernetes"], remote_ok=True, count=2),
    role("embedded", "engineering", "Embedded Software Engineer", ["junior", "mid", "senior"], ["manufacturing"], "global", 135000,
         "embedded software development", "electronics team",
         ["Our electronics and firmware team of {k} develops the controllers inside our products."],
         ["write and test firmware for microcontroller-based products", "bring up new hardware with the electronics engineers",
          "debug with oscilloscopes and logic analysers", "write drivers for sensors and communication buses",
          "support production testing and field issues"],
         ["C", "Embedded Systems", "Microcontrollers"], ["C++", "RTOS", "ARM Cortex-M", "CAN Bus", "Python"],
         ["Functional Safety", "Linux", "Git"], count=2),
    role("eng_manager", "engineering", "Engineering Manager", ["lead", "executive"], ["tech", "finance"], "global", 175000,
         "software engineering, including people management", "engineering organisation",
         ["Engineering has {eng} people in cross-functional squads, each owning a part of the product."],
         ["lead and grow a team of engineers through hiring, coaching and feedback", "work with product and design to plan and deliver the roadmap",
          "keep delivery predictable and quality high", "improve engineering practices across teams",
          "manage budgets and vendor relationships"],
         ["Team Leadership", "Software Engineering", "Agile"], ["Hiring", "Stakeholder Management", "Microservices", "Cloud Architecture"],
         ["Budget Management", "OKRs"], titles={"lead": ["Engineering Manager"], "executive": ["Director of Engineering", "Head of Engineering"]},
         remote_ok=True, count=3),
    # --- Data ----------------------------------------------------------------------------------
    role("data_analyst", "data", "Data Analyst", ["entry", "junior", "mid", "senior"], ["retail", "tech", "finance", "logistics"], "global", 95000,
         "data analysis", "insight team",
         ["The insight team answers the questions that shape our pricing, stock and marketing decisions.",
          "You will work with colleagues who are not data specialists, so clear communication matters as much as SQL."],
         ["write SQL to answer questions from across the business", "build and maintain dashboards",
          "analyse sales and customer trends and present what you find", "help colleagues design and read experiments",
          "check and improve the quality of our data"],
         ["SQL", "Excel", "Data Analysis"], ["Power BI", "Tableau", "Python", "Looker", "R"], ["Statistics", "A/B Testing", "dbt"],
         remote_ok=True, types={"internship": 0.4}, count=5),
    role("data_scientist", "data", "Data Scientist", ["junior", "mid", "senior", "lead"], ["tech", "finance", "retail"], "global", 150000,
         "data science or applied machine learning", "data science team",
         ["Our data science team of {k} builds models for forecasting, pricing and risk."],
         ["build, validate and explain machine learning models", "design and analyse A/B tests",
          "explore data to find opportunities for the business", "work with engineers to put models into production",
          "present results to non-technical stakeholders"],
         ["Python", "Machine Learning", "Statistics", "SQL"], ["scikit-learn", "pandas", "XGBoost", "PyTorch", "Time Series Forecasting"],
         ["A/B Testing", "Spark", "Tableau"], remote_ok=True, count=4),
    role("data_engineer", "data", "Data Engineer", ["junior", "mid", "senior"], ["tech", "retail", "finance", "logistics"], "global", 145000,
         "data engineering", "data platform team",
         ["The data platform team builds the pipelines that analysts and data scientists rely on every morning."],
         ["design and build batch and streaming data pipelines", "model data in our warehouse for analysts",
          "add data quality checks and monitoring", "keep our cloud data costs under control",
          "work with data scientists to productionise features"],
         ["Python", "SQL", "Data Pipelines"], ["Apache Spark", "Airflow", "dbt", "Snowflake", "BigQuery", "AWS", "Kafka"],
         ["Terraform", "Databricks", "Data Modelling"], remote_ok=True, count=4),
    role("ml_engineer", "data", "Machine Learning Engineer", ["mid", "senior"], ["tech"], "global", 165000,
         "machine learning engineering", "machine learning team",
         ["The machine learning team of {k} builds models for fraud detection, search ranking and forecasting."],
         ["train, evaluate and deploy machine learning models", "build feature pipelines and evaluation tooling",
          "monitor model quality in production", "optimise inference latency and cost",
          "work with data scientists to turn prototypes into services"],
         ["Python", "Machine Learning", "Docker"], ["PyTorch", "TensorFlow", "MLOps", "Kubernetes", "SQL", "NLP"],
         ["AWS", "Spark", "LLMs"], remote_ok=True, count=3),
    # --- Design --------------------------------------------------------------------------------
    role("product_designer", "design", "Product Designer", ["junior", "mid", "senior", "lead"], ["tech", "finance", "retail"], "global", 130000,
         "product or UX design", "design team",
         ["Designers here work as equal partners with product managers and engineers in each squad.",
          "Our design team of {k} maintains a shared design system used across web and mobile."],
         ["lead design work from discovery to launch", "run interviews and usability tests with customers",
          "create flows, wireframes and high-fidelity prototypes", "contribute to our design system",
          "work with engineers to get the details right in production"],
         ["Figma", "UX Design", "Prototyping"], ["User Research", "Design Systems", "Interaction Design", "Usability Testing", "UI Design"],
         ["HTML", "CSS", "Accessibility"], remote_ok=True, count=4),
    role("ux_researcher", "design", "UX Researcher", ["mid", "senior"], ["tech", "finance", "public"], "global", 125000,
         "UX research", "research team",
         ["Research here shapes what we build, not just how it looks."],
         ["plan and run interviews, usability tests and surveys", "synthesise findings into clear recommendations",
          "build a research repository the whole company can use", "coach designers and product managers in running research",
          "recruit participants, including people who rarely take part in research"],
         ["User Research", "Usability Testing", "User Interviews"], ["Survey Design", "Quantitative Research", "Figma", "Accessibility"],
         ["Dovetail", "Service Design"], remote_ok=True, types={"contract": 0.3}, count=2),
    role("graphic_designer", "design", "Graphic Designer", ["junior", "mid", "senior"], ["agency", "retail"], "global", 70000,
         "graphic design", "creative team",
         ["Our creative team of {k} looks after everything from packaging to social media."],
         ["design campaign visuals, packaging and print materials", "create social media graphics and short animations",
          "keep our brand consistent across every channel", "prepare print-ready files and work with printers",
          "present concepts to colleagues and clients"],
         ["Graphic Design", "Adobe Illustrator", "Adobe Photoshop"], ["Adobe InDesign", "Branding", "Typography", "Canva"],
         ["Motion Graphics", "Adobe After Effects", "Figma"], remote_ok=True, types={"contract": 0.2, "part_time": 0.1}, count=4),
    # --- Product -------------------------------------------------------------------------------
    role("product_manager", "product", "Product Manager", ["junior", "mid", "senior", "lead", "executive"], ["tech", "finance", "retail"], "global", 150000,
         "product management", "product team",
         ["Each of our product squads has a product manager, a designer and four to six engineers.",
          "We make decisions with customers in the room: product managers speak to users every week."],
         ["own the roadmap for your product area", "talk to customers and turn what you learn into priorities",
          "write clear problem statements and user stories", "define success metrics and follow them after launch",
          "work with sales, marketing and support on launches", "decide what not to build"],
         ["Product Management", "Roadmapping", "Stakeholder Management"], ["Agile", "User Stories", "Data Analysis", "A/B Testing", "B2B SaaS"],
         ["SQL", "Figma", "Pricing"], titles={"junior": ["Associate Product Manager"], "lead": ["Group Product Manager", "Lead Product Manager"],
                                              "executive": ["Head of Product", "VP of Product"]}, remote_ok=True, count=5),
    role("product_owner", "product", "Product Owner", ["mid", "senior"], ["finance", "retail", "logistics", "public"], "global", 120000,
         "product ownership or business analysis in agile teams", "digital team",
         ["Our digital team is replacing older systems with products our staff and customers actually enjoy using."],
         ["own and prioritise the backlog for a scrum team", "write user stories with clear acceptance criteria",
          "run sprint reviews and gather feedback from users", "work with stakeholders to agree priorities",
          "keep the team focused on outcomes"],
         ["Agile", "Scrum", "User Stories", "Backlog Management"], ["Jira", "Stakeholder Management", "Business Analysis"],
         ["CSPO Certification", "SQL"], remote_ok=True, count=3),
    role("project_manager", "operations", "Project Manager", ["mid", "senior"], ["manufacturing", "contractor", "tech", "public"], "global", 110000,
         "project management", "project office",
         ["Our project office runs {k} projects at a time, from new sites to system roll-outs."],
         ["plan projects and keep schedules, budgets and risks under control", "coordinate internal teams, suppliers and clients",
          "run project meetings and report progress to sponsors", "manage changes to scope",
          "make sure projects close properly and lessons are captured"],
         ["Project Management", "Stakeholder Management", "Risk Management"], ["PRINCE2", "PMP", "MS Project", "Budget Management", "Agile"],
         ["Change Management", "Procurement"], count=4),
    # --- Marketing -----------------------------------------------------------------------------
    role("digital_marketing", "marketing", "Digital Marketing Specialist", ["entry", "junior", "mid"], ["retail", "agency", "tech", "hotel"], "global", 70000,
         "digital marketing", "marketing team",
         ["Our marketing team of {k} runs campaigns across social, search and email."],
         ["plan and publish content on our social media channels", "set up and optimise paid search and social campaigns",
          "run our email newsletters", "report weekly on campaign results",
          "improve our website's SEO with the content team", "work with designers on campaign assets"],
         ["Digital Marketing", "Social Media Marketing", "Google Analytics"], ["Google Ads", "Meta Ads", "SEO", "Email Marketing", "Content Marketing", "Canva"],
         ["Mailchimp", "HubSpot", "Copywriting"], titles={"entry": ["Marketing Assistant", "Digital Marketing Assistant"], "junior": ["Digital Marketing Executive"],
                 "intern": ["Digital Marketing Intern", "Marketing Intern"]},
         remote_ok=True, types={"internship": 0.4, "part_time": 0.1}, count=5),
    role("seo", "marketing", "SEO Specialist", ["junior", "mid", "senior"], ["agency", "tech", "retail"], "global", 75000,
         "search engine optimisation", "organic growth team",
         ["Organic search brings us more than half of our traffic, so this role matters."],
         ["carry out keyword research and brief writers", "audit pages and fix technical SEO issues with developers",
          "build internal linking and content plans", "track rankings and traffic and explain changes",
          "keep up with search engine updates"],
         ["SEO", "Keyword Research", "Google Search Console"], ["Technical SEO", "Ahrefs", "Semrush", "Content Marketing", "Google Analytics"],
         ["HTML", "Screaming Frog"], remote_ok=True, count=3),
    role("content_marketing", "marketing", "Content Marketing Manager", ["mid", "senior"], ["tech", "agency", "finance"], "global", 95000,
         "content marketing", "brand and content team",
         ["We publish guides, reports and newsletters that our customers actually look forward to."],
         ["own our content calendar across blog, newsletter and social", "write and edit long-form articles and guides",
          "work with subject experts to turn their knowledge into content", "measure what content drives sign-ups",
          "manage freelance writers"],
         ["Content Marketing", "Copywriting", "Editing"], ["SEO", "Content Strategy", "Email Marketing", "WordPress"],
         ["B2B Marketing", "Google Analytics"], remote_ok=True, types={"part_time": 0.15}, count=3),
    role("performance_marketing", "marketing", "Performance Marketing Manager", ["mid", "senior", "lead"], ["retail", "tech", "finance"], "global", 115000,
         "paid media or performance marketing", "growth team",
         ["We spend several million a year on paid media and want every unit of it to count."],
         ["plan and optimise campaigns on Google, Meta and TikTok", "manage budgets and forecasts",
          "run creative and landing-page tests", "improve tracking and attribution",
          "report results to the leadership team", "manage our media agency"],
         ["Google Ads", "Meta Ads", "PPC", "Budget Management"], ["Google Analytics", "Attribution Modelling", "TikTok Ads", "Looker Studio"],
         ["SQL", "Marketing Automation"], remote_ok=True, count=3),
    role("marketing_manager", "marketing", "Marketing Manager", ["senior", "lead", "executive"], ["retail", "hotel", "manufacturing", "finance"], "global", 120000,
         "marketing", "marketing department",
         ["Marketing is a team of {k} covering brand, digital, PR and events."],
         ["set the marketing plan and budget", "lead brand campaigns from brief to launch",
          "manage agencies and a small team", "work with sales on lead generation",
          "track market share and brand health"],
         ["Marketing Strategy", "Brand Management", "Team Leadership"], ["Budget Management", "Digital Marketing", "Market Research", "Public Relations"],
         ["B2B Marketing", "Event Management"], titles={"lead": ["Head of Marketing"], "executive": ["Marketing Director"]}, count=3),
    # --- Sales ---------------------------------------------------------------------------------
    role("account_executive", "sales", "Account Executive", ["mid", "senior"], ["tech", "finance"], "global", 110000,
         "B2B sales", "sales team",
         ["Our sales team of {k} sells to companies from 50 to 5,000 employees."],
         ["run the full sales cycle from first call to signed contract", "build relationships with several decision-makers per account",
          "give tailored demos with our solution consultants", "keep an accurate pipeline and forecast in the CRM",
          "negotiate contracts and pricing"],
         ["B2B Sales", "Negotiation", "Pipeline Management"], ["SaaS", "Salesforce", "HubSpot", "MEDDIC", "Enterprise Sales"],
         ["Contract Negotiation", "Account Planning"], titles={"senior": ["Senior Account Executive", "Enterprise Account Executive"]},
         remote_ok=True, count=4),
    role("sdr", "sales", "Sales Development Representative", ["entry", "junior"], ["tech", "finance"], "global", 60000,
         "sales or another customer-facing role", "sales development team",
         ["Sales development is the start of a career in sales here: most of our account executives started as SDRs."],
         ["research companies and find the right people to contact", "make outbound calls and send personalised emails",
          "qualify interest and book meetings for account executives", "keep the CRM up to date",
          "learn our product and our customers' problems in depth"],
         ["Prospecting", "Cold Calling", "Communication"], ["CRM", "HubSpot", "Salesforce", "LinkedIn Sales Navigator"],
         ["B2B Sales"], titles={"junior": ["Business Development Representative"]}, count=3),
    role("key_account", "sales", "Key Account Manager", ["mid", "senior"], ["manufacturing", "retail", "logistics"], "global", 105000,
         "key account management or B2B sales", "commercial team",
         ["You will look after some of our largest customers and be their main contact."],
         ["build and deliver account plans for your key customers", "negotiate annual agreements and pricing",
          "run quarterly business reviews", "coordinate with operations and customer service to solve problems",
          "find new opportunities within your accounts"],
         ["Key Account Management", "B2B Sales", "Negotiation"], ["Account Planning", "CRM", "SAP", "Forecasting"],
         ["Category Management", "Contract Negotiation"], count=3),
    role("customer_success", "sales", "Customer Success Manager", ["junior", "mid", "senior"], ["tech"], "global", 95000,
         "customer success or account management", "customer success team",
         ["Our customer success team of {k} makes sure customers get value from the product and stay with us."],
         ["onboard new customers with the implementation team", "run regular check-ins and business reviews",
          "track product adoption and spot risks early", "lead renewals and find expansion opportunities",
          "bring customer feedback to the product team"],
         ["Customer Success", "Account Management", "SaaS"], ["Salesforce", "Gainsight", "Onboarding", "Renewals", "HubSpot"],
         ["Presentations", "Data Analysis"], remote_ok=True, count=3),
    role("sales_engineer", "sales", "Sales Engineer", ["mid", "senior"], ["tech", "manufacturing"], "global", 140000,
         "solutions engineering, pre-sales or a technical customer-facing role", "pre-sales team",
         ["Sales engineers partner with account executives on every large deal."],
         ["run technical discovery with prospects", "give tailored product demonstrations",
          "build proofs of concept and answer technical questions", "complete security and technical questionnaires",
          "hand over smoothly to the implementation team"],
         ["Pre-Sales", "Technical Presentations", "Solution Design"], ["REST APIs", "SQL", "Python", "Cloud Architecture", "CRM"],
         ["B2B Sales", "Integrations"], titles={"mid": ["Sales Engineer", "Solutions Engineer"]}, remote_ok=True, count=3),
    role("retail_sales", "sales", "Retail Sales Assistant", ["entry", "junior"], ["retail"], "local", 34000,
         "retail or customer service", "store team",
         ["Our store team helps customers find what they need and keeps the shop floor looking its best."],
         ["serve customers and give product advice", "work the till and handle returns",
          "replenish stock and set up displays", "help with deliveries and stock counts",
          "meet personal and store sales targets"],
         ["Customer Service", "Retail Sales", "Cash Handling"], ["Visual Merchandising", "Stock Replenishment", "Point of Sale"],
         [], titles={"junior": ["Retail Sales Associate", "Sales Advisor"]}, hybrid_ok=False, hourly=True,
         types={"part_time": 0.5, "temporary": 0.2}, count=3),
    # --- Finance -------------------------------------------------------------------------------
    role("accountant", "finance", "Accountant", ["junior", "mid", "senior"], ["accountancy", "retail", "manufacturing", "logistics"], "global", 80000,
         "accounting", "finance team",
         ["Our finance team of {k} closes the books every month within five working days."],
         ["prepare month-end and year-end closings", "reconcile bank and balance-sheet accounts",
          "prepare VAT or sales-tax returns", "support the annual audit",
          "post journals and maintain the fixed-asset register", "improve our processes and automate manual steps"],
         ["Financial Accounting", "Month-End Close", "Reconciliations"], ["Excel", "SAP", "Xero", "QuickBooks", "DATEV", "VAT Returns", "IFRS"],
         ["Financial Reporting", "Payroll"], credential="accountant", count=5),
    role("financial_analyst", "finance", "Financial Analyst", ["junior", "mid", "senior"], ["finance", "retail", "tech", "manufacturing"], "global", 95000,
         "financial planning and analysis", "FP&A team",
         ["The FP&A team helps the leadership team understand where the money goes and where it should go next."],
         ["build and maintain financial models and forecasts", "prepare monthly management reports",
          "analyse variances against budget with business leaders", "support the annual budgeting process",
          "evaluate investment cases and pricing decisions"],
         ["Financial Modelling", "Excel", "Budgeting", "Forecasting"], ["Financial Reporting", "Power BI", "SQL", "SAP", "Variance Analysis"],
         ["CFA", "ACCA", "CIMA"], remote_ok=True, count=4),
    role("accounts_payable", "finance", "Accounts Payable Specialist", ["entry", "junior", "mid"], ["retail", "logistics", "manufacturing", "hospital"], "local", 52000,
         "accounts payable or bookkeeping", "finance team",
         ["Our finance team handles around {invoices} supplier invoices a month."],
         ["process and code supplier invoices", "match invoices to purchase orders and delivery notes",
          "prepare payment runs", "reconcile supplier statements",
          "answer supplier queries", "support month-end closing"],
         ["Accounts Payable", "Bookkeeping", "Excel"], ["Bank Reconciliation", "SAP", "Sage", "Xero", "Vendor Management"],
         ["Data Entry"], titles={"entry": ["Accounts Assistant"], "junior": ["Accounts Payable Clerk"]}, types={"temporary": 0.2}, count=3),
    role("controller", "finance", "Financial Controller", ["senior", "lead", "executive"], ["manufacturing", "retail", "finance", "tech"], "global", 140000,
         "accounting, controlling or audit", "finance function",
         ["The finance function of {k} people reports to the CFO and supports a business that is growing fast."],
         ["own the month-end close and statutory accounts", "lead budgeting and forecasting",
          "manage and develop a team of accountants", "strengthen internal controls",
          "work with auditors and tax advisers", "improve financial systems and reporting"],
         ["Financial Reporting", "IFRS", "Team Leadership"], ["Consolidation", "Budgeting", "SAP", "Internal Controls", "Audit"],
         ["Power BI", "Treasury"], titles={"lead": ["Finance Manager"], "executive": ["Finance Director", "Head of Finance"]},
         credential="accountant", count=3),
    role("auditor", "finance", "Audit Associate", ["entry", "junior", "mid", "senior"], ["accountancy"], "global", 75000,
         "external audit", "audit team",
         ["Our audit teams work with owner-managed businesses, charities and listed companies."],
         ["plan and carry out audit work on financial statements", "test controls and transactions",
          "speak to client finance teams and explain findings", "prepare clear working papers",
          "supervise junior colleagues on site"],
         ["Audit", "Accounting", "Excel"], ["Financial Reporting", "IFRS", "Risk Assessment", "Internal Controls"],
         ["Data Analytics"], titles={"entry": ["Graduate Audit Trainee"], "junior": ["Audit Associate"], "mid": ["Audit Senior"], "senior": ["Audit Manager"]},
         credential="accountant", count=3),
    # --- Operations and office ----------------------------------------------------------------
    role("office_admin", "operations", "Office Administrator", ["entry", "junior", "mid"], ["tech", "law", "accountancy", "manufacturing", "public"], "local", 52000,
         "office administration", "office team",
         ["Our office of {k} people relies on its administrator to keep everything running smoothly."],
         ["run reception and look after visitors", "manage diaries, meetings and travel",
          "order supplies and deal with suppliers", "keep files and records in order",
          "support onboarding of new staff", "help finance with petty cash and invoices"],
         ["Office Administration", "Microsoft Office", "Scheduling"], ["Record Keeping", "Reception", "Data Entry", "Customer Service", "Procurement"],
         ["Bookkeeping"], titles={"entry": ["Receptionist and Administrator"], "mid": ["Office Manager"]},
         types={"part_time": 0.25, "temporary": 0.1}, count=5),
    role("executive_assistant", "operations", "Executive Assistant", ["mid", "senior"], ["finance", "tech", "law", "manufacturing"], "local", 75000,
         "executive or personal assistance", "leadership team",
         ["You will support our CEO and two other members of the leadership team."],
         ["manage complex diaries across time zones", "organise travel, board meetings and events",
          "prepare papers and take minutes", "handle confidential correspondence",
          "act as the link between the leadership team and the rest of the company"],
         ["Diary Management", "Microsoft Office", "Travel Coordination"], ["Minute Taking", "Event Planning", "Confidentiality", "Stakeholder Management"],
         ["Google Workspace"], count=3),
    role("customer_service", "operations", "Customer Service Representative", ["entry", "junior", "mid"], ["retail", "finance", "tech", "logistics"], "local", 42000,
         "customer service", "customer service team",
         ["Our customer service team answers around {contacts} calls, chats and emails a week."],
         ["help customers by phone, chat and email", "solve problems with orders, accounts and deliveries",
          "log every contact accurately in our CRM", "escalate complex cases to the right team",
          "suggest improvements based on what customers tell you"],
         ["Customer Service", "Communication", "CRM"], ["Zendesk", "Complaint Handling", "Data Entry", "Call Centre"],
         ["Second Language"], titles={"mid": ["Customer Service Team Leader"]}, remote_ok=True, hourly=True,
         types={"part_time": 0.3, "temporary": 0.15}, count=4),
    role("operations_manager", "operations", "Operations Manager", ["senior", "lead"], ["logistics", "manufacturing", "retail", "hotel"], "global", 105000,
         "operations management", "operations team",
         ["Operations has {ops} people across sites, and this role ties them together."],
         ["run day-to-day operations and hit service and cost targets", "lead and develop team leaders",
          "improve processes using lean methods", "plan staffing and budgets",
          "make sure health and safety standards are met", "report performance to the leadership team"],
         ["Operations Management", "Team Leadership", "Process Improvement"], ["Lean", "Budget Management", "KPI Reporting", "Health and Safety"],
         ["Six Sigma", "ERP"], titles={"lead": ["Head of Operations"]}, hybrid_ok=False, count=3),
    # --- Health --------------------------------------------------------------------------------
    role("nurse", "health", "Registered Nurse", ["entry", "mid", "senior"], ["hospital"], "local", 90000,
         "nursing", "ward team",
         ["The ward has {ward_beds} beds and a supportive team of nurses, healthcare assistants and therapists."],
         ["assess, plan and deliver care for adult patients", "give medications and monitor patients' condition",
          "document care in the electronic health record", "educate patients and families before discharge",
          "work with doctors, therapists and case managers", "support students and new nurses"],
         ["Registered Nurse", "Patient Care", "Medication Administration"], ["BLS", "Acute Care", "Wound Care", "Electronic Health Records", "IV Therapy"],
         ["ACLS", "Telemetry", "Mentoring"], titles={"entry": ["Newly Qualified Nurse", "Graduate Registered Nurse"], "senior": ["Charge Nurse", "Senior Staff Nurse"]},
         hybrid_ok=False, hourly=True, types={"part_time": 0.25}, credential="nurse", count=5),
    role("nurse_manager", "health", "Nurse Manager", ["lead"], ["hospital"], "local", 125000,
         "acute nursing, with recent experience leading a ward or unit", "nursing leadership team",
         ["You will lead a {ward_beds}-bed ward and a team of about {ops} nurses, healthcare assistants and ward clerks."],
         ["lead the ward's daily running, staffing and rotas", "manage the ward budget and agency spend",
          "drive patient-safety and quality improvement work", "coach and develop charge nurses and staff nurses",
          "handle complaints and incidents and learn from them", "work with doctors and hospital managers on patient flow"],
         ["Registered Nurse", "Nursing Leadership", "Staff Scheduling"], ["Budget Management", "Quality Improvement", "Patient Safety", "Team Leadership"],
         ["Master's in Nursing", "Lean"], titles={"lead": ["Nurse Manager", "Ward Manager"]},
         hybrid_ok=False, credential="nurse", count=2),
    role("icu_nurse", "health", "ICU Nurse", ["mid", "senior"], ["hospital"], "local", 100000,
         "critical care nursing", "intensive care unit",
         ["Our {beds}-bed intensive care unit treats critically ill adults from across the region."],
         ["care for critically ill patients, including those on ventilators", "titrate infusions and monitor haemodynamics",
          "respond to emergencies across the hospital", "work closely with intensivists and respiratory therapists",
          "support families through difficult times"],
         ["Registered Nurse", "Critical Care", "ACLS"], ["Ventilator Management", "BLS", "Patient Care"],
         ["CCRN", "ECMO"], hybrid_ok=False, hourly=True, credential="nurse", count=2),
    role("pharmacist", "health", "Pharmacist", ["entry", "mid", "senior"], ["pharmacy", "hospital"], "local", 130000,
         "pharmacy practice", "pharmacy team",
         ["Our pharmacy team serves around {patients_month} patients a month."],
         ["check and dispense prescriptions safely", "advise patients on their medicines",
          "run clinical services such as vaccinations and medicine reviews", "supervise pharmacy technicians and dispensers",
          "make sure controlled drugs and stock are managed correctly"],
         ["Pharmacy", "Dispensing", "Patient Counselling"], ["Medication Review", "Vaccination", "Pharmacy Management"],
         ["Independent Prescribing"], titles={"entry": ["Newly Qualified Pharmacist"], "senior": ["Pharmacy Manager"]},
         hybrid_ok=False, types={"part_time": 0.25}, credential="pharmacist", count=3),
    role("physio", "health", "Physiotherapist", ["junior", "mid", "senior"], ["hospital"], "local", 95000,
         "physiotherapy", "therapy team",
         ["Our therapy team works across inpatient wards and an outpatient musculoskeletal clinic."],
         ["assess and treat patients with musculoskeletal and neurological conditions", "plan rehabilitation programmes",
          "teach patients exercises they can keep doing at home", "work with nurses and doctors on discharge plans",
          "keep accurate clinical notes"],
         ["Physiotherapy", "Musculoskeletal Assessment", "Rehabilitation"], ["Patient Care", "Exercise Prescription", "Manual Therapy"],
         ["Sports Rehabilitation"], hybrid_ok=False, types={"part_time": 0.3}, credential="physio", count=2),
    role("care_worker", "health", "Care Assistant", ["entry", "junior"], ["care", "hospital"], "local", 36000,
         "care work", "care team",
         ["Our care team looks after older people with kindness and respect, day and night."],
         ["help people with personal care, meals and mobility", "support activities and outings",
          "record care notes accurately", "report changes in health to the nurse or manager",
          "be a friendly, reliable presence for residents and families"],
         ["Personal Care", "Patient Care", "Communication"], ["Dementia Care", "Infection Control", "Moving and Handling"],
         ["First Aid"], titles={"junior": ["Healthcare Assistant", "Senior Care Assistant"]},
         hybrid_ok=False, hourly=True, types={"part_time": 0.4}, count=3),
    role("medical_assistant", "health", "Medical Assistant", ["entry", "junior", "mid"], ["hospital"], "local", 42000,
         "clinical support", "outpatient clinic",
         ["The clinic sees around {patients_week} patients a week across family medicine and paediatrics."],
         ["room patients and take vital signs", "give injections and collect samples as directed",
          "update patient records", "schedule appointments and follow-ups",
          "keep examination rooms clean and stocked"],
         ["Patient Care", "Vital Signs", "Medical Terminology"], ["Phlebotomy", "EHR", "Scheduling", "BLS"],
         [], hybrid_ok=False, hourly=True, types={"part_time": 0.2}, countries=["United States", "Canada", "India", "Nigeria", "Brazil"], count=2),
    # --- Teaching ------------------------------------------------------------------------------
    role("primary_teacher", "teaching", "Primary School Teacher", ["entry", "junior", "mid", "senior"], ["school"], "local", 62000,
         "primary teaching", "primary phase",
         ["Classes are around {class_size} pupils, and every class teacher works with a teaching assistant."],
         ["plan and teach engaging lessons across the primary curriculum", "teach early reading and phonics",
          "assess pupils' progress and adapt your teaching", "work with teaching assistants and the SEND coordinator",
          "keep parents informed and involved", "contribute to clubs and school events"],
         ["Primary Teaching", "Lesson Planning", "Classroom Management"], ["Phonics", "Assessment", "SEND", "Safeguarding", "EAL"],
         ["Outdoor Learning", "Music"], titles={"entry": ["Primary Teacher (ECT)", "Newly Qualified Primary Teacher"], "senior": ["Key Stage Leader", "Year Group Leader"]},
         hybrid_ok=False, types={"part_time": 0.15}, credential="teacher", count=5),
    role("secondary_teacher", "teaching", "Secondary Mathematics Teacher", ["entry", "mid", "senior"], ["school"], "local", 66000,
         "secondary teaching", "mathematics department",
         ["The mathematics department has {dept} teachers and strong results at every key stage."],
         ["teach mathematics to pupils aged 11 to 18", "plan lessons and assessments with the department",
          "track progress and run interventions", "act as a form tutor",
          "support extracurricular activities such as the maths club"],
         ["Secondary Teaching", "Mathematics", "Lesson Planning", "Classroom Management"], ["Assessment", "Safeguarding", "A-Level"],
         ["Further Mathematics", "IB"], titles={"entry": ["Mathematics Teacher (ECT)"], "senior": ["Head of Mathematics"]},
         hybrid_ok=False, credential="teacher", count=3),
    role("teaching_assistant", "teaching", "Teaching Assistant", ["entry", "junior"], ["school"], "local", 32000,
         "working with children", "classroom team",
         ["Our teaching assistants are at the heart of how we support every child to succeed."],
         ["support small groups with reading and maths", "help pupils with special educational needs",
          "prepare classroom resources", "supervise pupils at break and lunch",
          "share observations with the class teacher"],
         ["Classroom Support", "Child Development", "Communication"], ["SEND", "Phonics", "Safeguarding", "Behaviour Management"],
         ["First Aid"], titles={"junior": ["Learning Support Assistant"]}, hybrid_ok=False, hourly=True,
         types={"part_time": 0.5}, count=3),
    role("esl_teacher", "teaching", "English Language Teacher", ["junior", "mid", "senior"], ["language_school"], "local", 45000,
         "English language teaching", "teaching team",
         ["Our teachers run classes of up to 12 students, from beginners to advanced business English."],
         ["teach general and business English to adults and teenagers", "plan lessons and prepare materials",
          "assess students and write progress reports", "teach some classes online",
          "take part in teacher development sessions"],
         ["English Teaching", "Lesson Planning", "CELTA"], ["Business English", "Exam Preparation", "Online Teaching", "IELTS"],
         ["DELTA"], titles={"senior": ["Senior Teacher", "Director of Studies"]}, hybrid_ok=False,
         types={"part_time": 0.3, "contract": 0.2}, countries=["Brazil", "Germany", "Netherlands", "India", "Nigeria", "United Kingdom", "Canada"], count=3),
    # --- Logistics -----------------------------------------------------------------------------
    role("logistics_coordinator", "logistics", "Logistics Coordinator", ["junior", "mid", "senior"], ["logistics", "manufacturing", "retail"], "local", 55000,
         "logistics or supply chain", "logistics team",
         ["The logistics team moves around {shipments} shipments a year by road, sea and air."],
         ["plan and book shipments with carriers and forwarders", "track deliveries and solve delays",
          "prepare shipping and customs documents", "keep orders and costs up to date in the ERP",
          "work with warehouses, suppliers and customers", "report on delivery performance"],
         ["Logistics Coordination", "Shipping", "Excel"], ["Freight Forwarding", "Customs Clearance", "SAP", "Incoterms", "Transport Management Systems"],
         ["Power BI"], titles={"senior": ["Senior Logistics Coordinator", "Logistics Team Lead"]}, count=4),
    role("warehouse_supervisor", "logistics", "Warehouse Supervisor", ["mid", "senior"], ["logistics", "retail"], "local", 60000,
         "warehouse operations", "warehouse",
         ["The warehouse runs three shifts and ships {orders} orders a day."],
         ["lead a shift team of pickers, packers and forklift drivers", "plan labour and workload for receiving, picking and dispatch",
          "monitor productivity and accuracy in the WMS", "run cycle counts and investigate stock differences",
          "make sure safety rules are followed", "train new team members"],
         ["Warehouse Operations", "Team Leadership", "Inventory Management"], ["WMS", "Health and Safety", "Lean", "Forklift Licence"],
         ["SAP"], titles={"senior": ["Warehouse Manager"]}, hybrid_ok=False, count=3),
    role("warehouse_operative", "logistics", "Warehouse Operative", ["entry", "junior"], ["logistics", "retail"], "local", 36000,
         "warehouse or physical work", "warehouse",
         ["Our distribution centre ships orders to shops and customers seven days a week."],
         ["pick and pack orders accurately", "receive and check deliveries",
          "load and unload trucks", "keep the warehouse clean and safe", "use handheld scanners to record stock movements"],
         ["Picking and Packing", "Manual Handling", "Health and Safety"], ["Forklift Licence", "Inventory Management", "WMS"],
         [], titles={"junior": ["Forklift Operator"]}, hybrid_ok=False, hourly=True, types={"temporary": 0.35, "part_time": 0.15}, count=3),
    role("supply_chain", "logistics", "Supply Chain Planner", ["junior", "mid", "senior"], ["manufacturing", "retail", "logistics"], "global", 85000,
         "supply chain planning", "planning team",
         ["The planning team balances customer demand, production capacity and stock across our network."],
         ["maintain demand forecasts and supply plans", "analyse stock levels and service issues",
          "prepare the monthly S&OP meeting", "work with purchasing, production and sales",
          "build dashboards to track planning performance"],
         ["Supply Chain", "Demand Planning", "Excel"], ["SAP", "Inventory Management", "Power BI", "SQL", "S&OP"],
         ["Python", "APICS CPIM"], titles={"mid": ["Supply Chain Planner", "Supply Chain Analyst"]}, count=4),
    role("procurement", "logistics", "Procurement Specialist", ["junior", "mid", "senior"], ["manufacturing", "retail", "public", "hospital"], "global", 85000,
         "purchasing or procurement", "procurement team",
         ["Our procurement team of {k} buys everything from raw materials to cleaning services from several hundred suppliers."],
         ["run tenders and supplier selections", "negotiate prices and contracts",
          "manage supplier performance and risks", "raise and follow up purchase orders",
          "work with budget holders to understand their needs"],
         ["Procurement", "Negotiation", "Supplier Management"], ["Contract Management", "SAP", "Excel", "Tendering"],
         ["CIPS", "Category Management"], titles={"senior": ["Category Manager", "Senior Buyer"], "junior": ["Purchasing Assistant", "Junior Buyer"]}, count=3),
    role("driver", "logistics", "Delivery Driver", ["entry", "junior", "mid"], ["logistics", "retail"], "local", 45000,
         "driving or delivery work", "transport team",
         ["Our drivers are often the only person our customers meet, so friendly service matters."],
         ["deliver parcels or goods safely and on time", "load your vehicle and plan your route with our app",
          "carry out daily vehicle checks", "collect signatures and handle returns",
          "look after customers on the doorstep"],
         ["Driving Licence", "Customer Service", "Route Planning"], ["Vehicle Inspection", "Manual Handling"],
         ["HGV Licence"], titles={"mid": ["HGV Driver", "Truck Driver"]}, hybrid_ok=False, hourly=True,
         types={"temporary": 0.25, "part_time": 0.1}, count=3),
    # --- Trades --------------------------------------------------------------------------------
    role("electrician", "trades", "Electrician", ["entry", "junior", "mid", "senior"], ["contractor", "manufacturing"], "local", 65000,
         "electrical installation and maintenance", "electrical team",
         ["Our electricians work on new builds, refurbishments and maintenance contracts."],
         ["install wiring, containment, lighting and distribution boards", "test, inspect and certify installations",
          "find and fix electrical faults", "read drawings and plan your work",
          "follow safe isolation procedures", "supervise apprentices"],
         ["Electrical Installation", "Electrical Testing", "Fault Finding"], ["Blueprint Reading", "Conduit Bending", "Motor Controls", "PLC"],
         ["Solar PV Installation", "EV Charger Installation", "Fire Alarm Systems"], titles={"entry": ["Apprentice Electrician"], "senior": ["Lead Electrician", "Electrical Supervisor"]},
         hybrid_ok=False, hourly=True, credential="electrician", count=5,
         entry_note="This is an apprenticeship: you will work towards your qualification while you earn, so no experience is needed, just a practical mind and reliability."),
    role("plumber", "trades", "Plumber", ["junior", "mid", "senior"], ["contractor"], "local", 62000,
         "plumbing and heating", "plumbing and heating team",
         ["Our engineers cover planned work and emergency call-outs, with a fair on-call rota."],
         ["install and repair pipework, sanitaryware and heating systems", "service and repair boilers",
          "diagnose leaks and blockages", "complete paperwork and safety certificates",
          "explain work clearly to customers"],
         ["Plumbing", "Heating Systems", "Pipefitting"], ["Boiler Servicing", "Gas Safety", "Blueprint Reading"],
         ["Heat Pumps", "Unvented Hot Water"], titles={"senior": ["Senior Plumbing Engineer"]}, hybrid_ok=False, hourly=True,
         countries=["United States", "United Kingdom", "Canada", "Germany", "Netherlands", "Nigeria"], count=3),
    role("hvac", "trades", "HVAC Technician", ["junior", "mid", "senior"], ["contractor"], "local", 64000,
         "heating, ventilation and air conditioning", "service team",
         ["Our service technicians look after air-conditioning and heating systems in offices, shops and hospitals."],
         ["service and repair air-conditioning, heat pumps and ventilation systems", "diagnose faults on refrigeration circuits",
          "carry out planned maintenance visits", "install new equipment with the projects team",
          "keep accurate service records"],
         ["HVAC", "Refrigeration", "Fault Finding"], ["Heat Pumps", "Electrical Troubleshooting", "Building Management Systems", "F-Gas Certification"],
         ["EPA 608"], hybrid_ok=False, hourly=True, count=3),
    role("maintenance_tech", "trades", "Maintenance Technician", ["junior", "mid", "senior"], ["manufacturing", "hotel", "hospital"], "local", 62000,
         "industrial or building maintenance", "maintenance team",
         ["The maintenance team keeps our site running around the clock."],
         ["carry out planned and reactive maintenance", "diagnose mechanical and electrical faults",
          "repair motors, pumps, conveyors and controls", "record work in the maintenance system",
          "suggest improvements to reduce breakdowns"],
         ["Preventive Maintenance", "Mechanical Maintenance", "Electrical Troubleshooting"], ["PLC", "Hydraulics", "Pneumatics", "Welding", "CMMS"],
         ["Lean"], titles={"senior": ["Maintenance Supervisor"]}, hybrid_ok=False, hourly=True, count=3),
    role("welder", "trades", "Welder Fabricator", ["junior", "mid", "senior"], ["manufacturing", "contractor"], "local", 55000,
         "welding and fabrication", "fabrication shop",
         ["Our fabrication shop builds steel frames, platforms and machine parts to order."],
         ["weld steel and stainless steel using MIG and TIG processes", "read and work from fabrication drawings",
          "cut, grind and assemble parts", "check your own work against tolerances",
          "keep the workshop safe and tidy"],
         ["Welding", "MIG Welding", "TIG Welding", "Blueprint Reading"], ["Fabrication", "Stainless Steel", "Grinding"],
         ["Coded Welder"], hybrid_ok=False, hourly=True, count=2),
    # --- Hospitality ---------------------------------------------------------------------------
    role("chef", "hospitality", "Chef de Partie", ["junior", "mid", "senior", "lead"], ["hotel"], "local", 48000,
         "professional kitchens", "kitchen brigade",
         ["Our kitchen serves around {covers} covers a week, cooking from fresh, seasonal produce."],
         ["run your section during service", "prepare ingredients and follow recipes and specifications",
          "keep food safety and allergen records", "help develop new dishes with the head chef",
          "train commis chefs"],
         ["Cooking", "Food Safety", "Kitchen Operations"], ["Menu Planning", "Allergen Management", "Stock Control"],
         ["HACCP"], titles={"junior": ["Commis Chef"], "senior": ["Sous Chef"], "lead": ["Head Chef"]},
         hybrid_ok=False, hourly=True, types={"part_time": 0.15, "temporary": 0.1}, count=4),
    role("front_desk", "hospitality", "Hotel Receptionist", ["entry", "junior", "mid"], ["hotel"], "local", 38000,
         "hotel reception or customer service", "front office",
         ["Our front office team is the first and last impression guests have of the hotel."],
         ["check guests in and out", "take reservations by phone and email",
          "handle requests and complaints with a smile", "process payments and balance the float at the end of a shift",
          "work with housekeeping and concierge colleagues"],
         ["Customer Service", "Reception", "Guest Relations"], ["Opera PMS", "Booking Systems", "Cash Handling"],
         ["Foreign Languages"], titles={"mid": ["Front Office Supervisor"]}, hybrid_ok=False, hourly=True,
         types={"part_time": 0.3, "temporary": 0.1}, count=3),
    role("restaurant_manager", "hospitality", "Restaurant Manager", ["mid", "senior"], ["hotel"], "local", 62000,
         "hospitality management", "restaurant team",
         ["The restaurant seats around 120 guests and is busy from breakfast to late evening."],
         ["run daily operations and service", "lead, schedule and train a team of about {k}",
          "manage stock, costs and suppliers", "handle guest feedback and reviews",
          "make sure health, safety and licensing rules are followed"],
         ["Restaurant Management", "Team Leadership", "Customer Service"], ["Cost Control", "Staff Scheduling", "Food Safety"],
         ["Wine Knowledge"], titles={"senior": ["General Manager"]}, hybrid_ok=False, count=3),
    role("barista", "hospitality", "Barista", ["entry", "junior"], ["hotel"], "local", 30000,
         "coffee or hospitality", "café team",
         ["Our cafés roast their own coffee and bake on site every morning."],
         ["make espresso drinks to our recipes", "serve customers quickly and warmly",
          "keep the bar clean and stocked", "handle cash and card payments",
          "help with opening and closing"],
         ["Barista", "Customer Service", "Cash Handling"], ["Latte Art", "Food Hygiene"], [],
         titles={"junior": ["Senior Barista"]}, hybrid_ok=False, hourly=True, types={"part_time": 0.5, "temporary": 0.1}, count=2),
    # --- HR ------------------------------------------------------------------------------------
    role("hr_generalist", "hr", "HR Generalist", ["junior", "mid", "senior", "lead"], ["tech", "retail", "manufacturing", "finance", "hospital"], "global", 80000,
         "human resources", "people team",
         ["Our people team of {k} supports around {employees} employees."],
         ["advise managers on employee relations cases", "run onboarding and offboarding",
          "keep employee records and the HR system accurate", "support payroll and benefits administration",
          "help run performance reviews and engagement surveys", "keep policies in line with employment law"],
         ["Human Resources", "Employee Relations", "Employment Law"], ["HRIS", "Onboarding", "Payroll", "Recruitment", "Performance Management"],
         ["CIPD", "SHRM-CP"], titles={"junior": ["HR Assistant", "HR Administrator"], "senior": ["HR Business Partner"], "lead": ["HR Manager", "Head of People"]},
         remote_ok=True, count=4),
    role("recruiter", "hr", "Recruiter", ["junior", "mid", "senior"], ["tech", "retail", "hospital", "agency"], "global", 80000,
         "recruitment", "talent acquisition team",
         ["We hire around {hires} people a year and want every candidate to have a good experience."],
         ["manage hiring from job brief to offer", "source candidates on LinkedIn and other channels",
          "screen candidates and coordinate interviews", "advise hiring managers on the market and salaries",
          "improve our employer brand and careers site"],
         ["Recruitment", "Sourcing", "Interviewing"], ["Applicant Tracking Systems", "LinkedIn Recruiter", "Employer Branding", "Stakeholder Management"],
         ["Greenhouse"], titles={"mid": ["Recruiter", "Talent Acquisition Partner"], "senior": ["Senior Talent Acquisition Partner"]},
         remote_ok=True, types={"contract": 0.25}, count=3),
    role("payroll", "hr", "Payroll Specialist", ["junior", "mid", "senior"], ["accountancy", "retail", "manufacturing"], "global", 70000,
         "payroll", "payroll team",
         ["We run payroll for about {employees} employees every month."],
         ["run monthly and weekly payrolls accurately and on time", "process starters, leavers and changes",
          "calculate statutory payments and deductions", "reconcile payroll and file returns with the tax authority",
          "answer employee questions about pay"],
         ["Payroll", "Excel", "Attention to Detail"], ["Payroll Software", "Pensions Administration", "HRIS", "Tax Compliance"],
         ["CIPP"], remote_ok=True, count=2),
    # --- Legal ---------------------------------------------------------------------------------
    role("lawyer", "legal", "Corporate Associate", ["junior", "mid", "senior"], ["law"], "global", 160000,
         "corporate and commercial law", "corporate team",
         ["Our corporate team advises on mergers, investments and commercial contracts."],
         ["draft and negotiate share purchase agreements and commercial contracts", "run due diligence exercises",
          "advise clients on corporate governance", "manage completions and filings",
          "supervise trainees and paralegals"],
         ["Corporate Law", "Contract Drafting", "Due Diligence"], ["Mergers and Acquisitions", "Commercial Contracts", "Legal Research"],
         ["Private Equity", "Venture Capital"], titles={"junior": ["Junior Associate"], "senior": ["Senior Associate"]},
         credential="lawyer", count=3),
    role("paralegal", "legal", "Paralegal", ["entry", "junior", "mid"], ["law"], "local", 55000,
         "legal support", "legal team",
         ["Our paralegals work closely with partners and associates on live matters."],
         ["prepare and proofread legal documents", "manage case files and deadlines",
          "carry out legal research", "prepare bundles for court hearings",
          "liaise with clients, courts and other firms"],
         ["Legal Research", "Document Management", "Attention to Detail"], ["Litigation Support", "Case Management Software", "Contract Drafting"],
         ["Law Degree"], types={"temporary": 0.2}, count=3),
    role("in_house_counsel", "legal", "Legal Counsel", ["mid", "senior", "lead"], ["tech", "finance", "manufacturing"], "global", 170000,
         "in-house or private-practice commercial law", "legal team",
         ["Our small legal team supports the whole business, from sales contracts to employment questions."],
         ["draft and negotiate customer, supplier and partner contracts", "advise on data protection and privacy",
          "support employment and corporate matters", "train colleagues on legal risks",
          "manage external law firms"],
         ["Commercial Contracts", "Contract Negotiation", "Data Protection"], ["GDPR", "Employment Law", "Corporate Law", "Regulatory Compliance"],
         ["Intellectual Property"], titles={"lead": ["Head of Legal", "General Counsel"]}, remote_ok=True, credential="lawyer", count=3),
    role("compliance", "legal", "Compliance Analyst", ["junior", "mid", "senior"], ["finance"], "global", 95000,
         "compliance or risk", "compliance team",
         ["Our compliance team keeps the business on the right side of financial regulation."],
         ["review customer files for anti-money-laundering checks", "monitor transactions and investigate alerts",
          "help write and update policies", "prepare reports for the regulator and the board",
          "train colleagues on compliance topics"],
         ["Regulatory Compliance", "AML", "KYC"], ["Risk Assessment", "Transaction Monitoring", "Policy Writing"],
         ["ICA Certificate", "CAMS"], titles={"senior": ["Compliance Manager"]}, remote_ok=True, count=3),
]

# Professional registrations by occupation and country, as a posting would ask for them.
CREDENTIALS = {
    "nurse": {
        "United States": "an active RN licence for the state (or a multistate licence) and current BLS certification",
        "United Kingdom": "current NMC registration",
        "Germany": "a German nursing qualification (Pflegefachfrau or Pflegefachmann) or a recognised foreign one",
        "Netherlands": "BIG registration as a nurse",
        "Canada": "registration with the provincial college of nurses",
        "India": "a B.Sc. Nursing or GNM qualification and registration with the State Nursing Council",
        "Brazil": "active registration with COREN",
        "Nigeria": "a current licence from the Nursing and Midwifery Council of Nigeria",
    },
    "pharmacist": {
        "United States": "a PharmD and an active state pharmacist licence",
        "United Kingdom": "GPhC registration as a pharmacist",
        "Germany": "a German licence to practise as a pharmacist (Approbation)",
        "Netherlands": "BIG registration as a pharmacist",
        "Canada": "licensure with the provincial college of pharmacists",
        "India": "a B.Pharm or Pharm.D and registration with the State Pharmacy Council",
        "Brazil": "active registration with the CRF",
        "Nigeria": "registration with the Pharmacists Council of Nigeria",
    },
    "physio": {
        "United States": "a DPT and an active state physical therapy licence",
        "United Kingdom": "HCPC registration as a physiotherapist",
        "Germany": "state recognition as a physiotherapist",
        "Netherlands": "BIG registration as a physiotherapist",
        "Canada": "registration with the provincial physiotherapy college",
        "India": "a BPT or MPT degree",
        "Brazil": "active registration with CREFITO",
        "Nigeria": "registration with the Medical Rehabilitation Therapists Board",
    },
    "teacher": {
        "United States": "a state teaching certificate",
        "United Kingdom": "QTS (or to be completing your training this year)",
        "Germany": "a recognised teaching qualification such as QTS or a PGCE, as we teach in English",
        "Netherlands": "a recognised teaching qualification such as QTS or a PGCE, as we teach in English",
        "Canada": "certification with the provincial teaching regulator",
        "India": "a B.Ed. and a degree in a relevant subject",
        "Brazil": "a recognised teaching qualification such as QTS or a PGCE, as we teach in English",
        "Nigeria": "registration with the Teachers Registration Council of Nigeria (TRCN)",
    },
    "electrician": {
        "United States": "a journeyman electrician licence",
        "United Kingdom": "an NVQ Level 3 in electrical installation, the 18th Edition and an ECS card",
        "Germany": "a completed apprenticeship as an Elektroniker or Elektronikerin",
        "Netherlands": "an MBO level 3 or 4 qualification in electrical engineering and a VCA certificate",
        "Canada": "a Red Seal or provincial journeyperson electrician certificate",
        "India": "an ITI certificate in the electrician trade and a valid wireman licence",
        "Brazil": "a technical course in electrical installations and NR-10 certification",
        "Nigeria": "a trade test certificate or an OND in electrical engineering",
    },
    "lawyer": {
        "United States": "admission to the state bar",
        "United Kingdom": "qualification as a solicitor in England and Wales",
        "Germany": "both German state law examinations",
        "Netherlands": "admission to the Dutch bar",
        "Canada": "membership of the provincial law society",
        "India": "enrolment with the Bar Council of India",
        "Brazil": "registration with the OAB",
        "Nigeria": "a call to the Nigerian Bar",
    },
    "accountant": {
        "United States": "a CPA licence (or to be working towards one)",
        "United Kingdom": "an ACA, ACCA or CIMA qualification (or to be part-qualified)",
        "Germany": "training as a Steuerfachangestellte/r or Bilanzbuchhalter/in, or a business degree focused on accounting",
        "Netherlands": "a degree in accounting or finance (an RA or AA title is a plus)",
        "Canada": "a CPA designation (or to be working towards one)",
        "India": "a CA or CMA qualification (inter or final)",
        "Brazil": "a degree in accounting and active CRC registration",
        "Nigeria": "ICAN or ACCA membership (or to be working towards it)",
    },
}
# Credentials a junior is still working towards: the posting offers support instead.
CREDENTIAL_FROM_MID = {"accountant", "lawyer"}

PROFESSIONAL_FIELDS = {"engineering", "data", "design", "product", "marketing", "finance", "legal", "hr"}

SITES = {  # where on-site work happens, by employer kind
    "tech": "office", "agency": "studio", "retail": "head office", "manufacturing": "plant",
    "logistics": "distribution centre", "finance": "office", "accountancy": "office", "law": "office",
    "hospital": "hospital", "care": "care home", "pharmacy": "pharmacy", "school": "school",
    "language_school": "school", "contractor": "depot", "hotel": "venue", "public": "office",
}
SHIFT_KINDS = {"hospital", "care", "hotel", "logistics", "retail", "manufacturing"}
SHIFTS = [
    "You will work 12-hour shifts, including some nights and weekends.",
    "The rota covers early, late and weekend shifts and is published four weeks in advance.",
    "Shifts are mostly daytime, with one weekend in three.",
    "We work a four-on, four-off shift pattern with a shift allowance for nights.",
]
LEVEL_PAY = {"entry": 0.62, "junior": 0.78, "mid": 1.0, "senior": 1.28, "lead": 1.55, "executive": 2.0}
# Legal minimum pay in local currency (per hour, or per month where pay is monthly), so that
# low-paid roles never come out below it.
PAY_FLOOR = {"United States": 15.0, "United Kingdom": 12.75, "Germany": 13.9, "Netherlands": 14.7,
             "Canada": 17.75, "India": 0.0, "Brazil": 1630.0, "Nigeria": 70000.0}
MONTHLY_FLOOR = {"Brazil", "Nigeria"}

WORDS = re.compile(r"[^a-z0-9]+")


def slug(text):
    import unicodedata
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return WORDS.sub("-", ascii_text).strip("-")


def the_country(country):
    """A country's name as it reads in a sentence ("across the Netherlands")."""
    return f"the {country}" if country in ("United States", "United Kingdom", "Netherlands") else country


def article(title):
    first = title.split()[0].strip("(")
    if first in {"HR", "SEO", "ICU", "HVAC", "MRI", "SRE", "NHS", "LLM", "ML", "IT"}:
        return "an " + title
    if first.isupper() and first.startswith("U"):
        return "a " + title
    return ("an " if first[0].upper() in "AEIO" else "a ") + title


def join_and(items, conj="and"):
    items = list(items)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def nice_round(value, interval):
    if interval == "hour":
        return round(value)
    for limit, step in ((5000, 50), (20000, 100), (200000, 1000), (2000000, 10000)):
        if value < limit:
            return int(round(value / step) * step)
    return int(round(value / 50000) * 50000)


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.companies = {}  # (kind, country) -> list of companies
        self.names = set()

    # --- companies -------------------------------------------------------------------------
    def company(self, kind, country):
        pool = self.companies.setdefault((kind, country), [])
        if pool and self.rng.random() < 0.35:
            return self.rng.choice(pool)
        info = COUNTRIES[country]
        names, blurb = self.rng.choice(EMPLOYERS[kind])
        for _ in range(50):
            sur, sur2 = self.rng.sample(SURNAMES, 2)
            name = self.rng.choice(names).format(
                w=self.rng.choice(info["words"]), s=self.rng.choice(info["suffix"]), sur=sur, sur2=sur2)
            if name not in self.names:
                break
        self.names.add(name)
        city = self.rng.choice(info["cities"])
        numbers = {
            "name": name, "city": city, "country": the_country(country),
            "n": f"{self.rng.choice([8, 12, 18, 25, 40, 60, 90, 150, 240])},000",
            "k": self.rng.choice([8, 12, 15, 20, 25, 30, 40, 60]),
            "beds": self.rng.choice([120, 180, 250, 320, 450, 600, 850]),
            "pupils": self.rng.choice([210, 320, 420, 630, 900, 1200]),
            "rooms": self.rng.choice([48, 85, 120, 160, 220, 310]),
        }
        company = {"name": name, "kind": kind, "country": country, "city": city,
                   "blurb": blurb.format(**numbers)}
        pool.append(company)
        return company

    # --- one job ---------------------------------------------------------------------------
    def job(self, role, level, country):
        rng = self.rng
        kind = rng.choice(role["employers"])
        company = self.company(kind, country)
        info = COUNTRIES[country]
        city = company["city"]

        etype = "full_time"
        for extra, chance in role["types"].items():
            if extra == "internship" and "entry" not in role["levels"]:
                continue
            if rng.random() < chance:
                etype = extra
                break
        if etype == "internship":
            level = "entry"

        title = self.title(role, level, etype)
        remote = self.arrangement(role)
        location = "Remote" if remote == "remote" and rng.random() < 0.7 else f"{city}, {country}"

        required = list(role["core"]) + rng.sample(role["extra"], min(len(role["extra"]), rng.randint(1, 3)))
        required = required[:8]
        leftover = [s for s in role["extra"] if s not in required] + list(role["preferred"])
        preferred = rng.sample(leftover, min(len(leftover), rng.randint(0, 4)))

        numbers = {"k": rng.choice([6, 8, 10, 12, 14, 18, 24]), "n": f"{rng.choice([2, 4, 6, 9, 15, 30])},000",
                   "ward_beds": rng.choice([24, 28, 30, 32, 36]), "class_size": rng.choice([22, 25, 28, 30]),
                   "beds": rng.choice([12, 16, 20, 24]),
                   "users": rng.choice(["250,000", "600,000", "1.2 million", "3 million"]),
                   "requests": rng.choice(["2 million", "5 million", "9 million"]),
                   "invoices": rng.choice(["2,500", "4,000", "7,000", "12,000"]),
                   "contacts": rng.choice(["6,000", "10,000", "18,000", "30,000"]),
                   "patients_month": rng.choice(["3,000", "5,500", "8,000"]),
                   "patients_week": rng.choice(["350", "600", "900", "1,400"]),
                   "shipments": rng.choice(["8,000", "15,000", "25,000", "40,000"]),
                   "orders": rng.choice(["6,000", "12,000", "20,000", "35,000"]),
                   "covers": rng.choice(["700", "1,100", "1,600", "2,400"]),
                   "employees": rng.choice(["350", "800", "1,500", "3,200"]),
                   "hires": rng.choice([40, 80, 150, 300]), "dept": rng.choice([5, 6, 8, 10]),
                   "ops": rng.choice([80, 150, 240, 400]), "eng": rng.choice([40, 70, 120, 250])}
        paragraphs = [
            self.intro(role, company, title, numbers),
            self.duties(role, numbers),
            self.requirements(role, level, country, city, required, preferred, etype),
            self.terms(role, company, remote, location, etype, country, city),
        ]
        return {
            "externalId": None,  # assigned after sorting
            "title": title,
            "company": company["name"],
            "description": "\n\n".join(paragraphs),
            "requiredSkills": required,
            "preferredSkills": preferred,
            "location": location,
            "remote": remote,
            "employmentType": etype,
            "experienceLevel": level,
            "salary": self.salary(role, level, country, etype),
            "postedAt": (AS_OF - datetime.timedelta(days=rng.randint(1, POSTED_WITHIN_DAYS))).isoformat(),
            "applyUrl": None,
            "source": "demo",
        }

    def title(self, role, level, etype):
        base = role["title"]
        if etype == "internship":
            return self.rng.choice(role["titles"].get("intern", [f"{base} Intern"]))
        if level in role["titles"]:
            return self.rng.choice(role["titles"][level])
        professional = role["field"] in PROFESSIONAL_FIELDS
        return {
            "entry": self.rng.choice([f"Junior {base}", f"Graduate {base}"]) if professional else base,
            "junior": f"Junior {base}" if professional else base,
            "mid": base,
            "senior": f"Senior {base}",
            "lead": f"Lead {base}",
            "executive": f"Head of {base}",
        }[level]

    def arrangement(self, role):
        roll = self.rng.random()
        if role["remote_ok"] and roll < 0.3:
            return "remote"
        if role["hybrid_ok"] and roll < (0.75 if role["market"] == "global" else 0.45):
            return "hybrid"
        return "onsite"

    def intro(self, role, company, title, numbers):
        a_title, team = article(title), role["team"]
        about = self.rng.choice(role["about"]).format(**numbers)
        if team in about:
            opener = self.rng.choice([
                f"We are looking for {a_title}.",
                f"We are hiring {a_title}.",
                f"We are growing and need {a_title}.",
            ])
        else:
            opener = self.rng.choice([
                f"We are looking for {a_title} to join our {team}.",
                f"Our {team} is hiring {a_title}.",
                f"We are growing and need {a_title} in our {team}.",
                f"This is a chance to join our {team} as {a_title}.",
            ])
        return f"{company['blurb']} {opener} {about}"

    def duties(self, role, numbers):
        rng = self.rng
        picked = sorted(rng.sample(range(len(role["duties"])), min(len(role["duties"]), rng.choice([3, 4]))))
        d = [role["duties"][i].format(**numbers) for i in picked]
        # Duties often contain "and" themselves, so they are separated by commas or semicolons.
        if len(d) == 3:
            return rng.choice([
                f"You will {d[0]}, {d[1]}, and {d[2]}.",
                f"In this role you will {d[0]}. You will also {d[1]}, and {d[2]}.",
                f"Your main responsibilities are to {d[0]}; {d[1]}; and {d[2]}.",
            ])
        return rng.choice([
            f"Day to day, you will {d[0]}, {d[1]}, and {d[2]}. You will also {d[3]}.",
            f"Your main responsibilities are to {d[0]}; {d[1]}; {d[2]}; and {d[3]}.",
            f"Expect to {d[0]} and to {d[1]}. You will also {d[2]}, and {d[3]}.",
        ])

    def requirements(self, role, level, country, city, required, preferred, etype):
        rng, domain = self.rng, role["domain"]
        if level == "entry":
            if role["entry_note"]:
                years = role["entry_note"]
            elif role["credential"] in ("nurse", "pharmacist", "teacher"):
                years = "Newly qualified candidates are very welcome, and you will have a structured first year with a mentor."
            elif role["field"] in PROFESSIONAL_FIELDS or role["market"] == "global":
                years = (f"This is an entry-level role: a relevant degree, apprenticeship or course and a real interest in "
                         f"{domain} matter more than experience.")
            else:
                years = "No previous experience is needed: we give full training, and a positive, reliable attitude matters most."
        else:
            years = {
                "junior": f"You have {rng.choice(['around a year', 'one to two years', 'about two years'])} of experience in {domain}.",
                "mid": f"You have {rng.choice([2, 3, 4])}+ years of experience in {domain}.",
                "senior": f"You bring {rng.choice([5, 6, 7])}+ years of experience in {domain} and are used to owning work from start to finish.",
                "lead": f"You bring {rng.choice([7, 8, 10])}+ years of experience in {domain}, including at least two years leading a team.",
                "executive": f"You have {rng.choice([12, 15])}+ years of experience in {domain}, including several years leading managers.",
            }[level]
        skills = rng.choice([
            f"Must-haves: {join_and(required)}.",
            f"Key skills for the role: {join_and(required)}.",
            f"What you need: {join_and(required)}.",
        ])
        parts = [years, skills]
        cred = role["credential"]
        if cred and not (cred == "electrician" and level == "entry"):
            if cred in CREDENTIAL_FROM_MID and level in ("entry", "junior"):
                parts.append("We support you through your professional qualification, with paid study leave and exam fees.")
            else:
                parts.append(f"You need {CREDENTIALS[cred][country]}.")
        lang = COUNTRIES[country]["language"]
        if city == "Montreal":
            parts.append("You speak French and English.")
        elif lang and role["field"] == "teaching":
            parts.append(f"{lang} is helpful but not required.")
        elif lang and role["market"] == "local":
            parts.append(f"Fluent {lang} is required.")
        elif lang and rng.random() < 0.5:
            parts.append(f"Our working language is English; {lang} is a plus.")
        if preferred:
            parts.append(rng.choice([
                f"Nice to have: {join_and(preferred)}.",
                f"{join_and(preferred)} would be an advantage.",
                f"Bonus points for {join_and(preferred)}.",
            ]))
        return " ".join(parts)

    def terms(self, role, company, remote, location, etype, country, city):
        rng = self.rng
        parts = []
        if etype == "part_time":
            parts.append(f"This is a part-time role of {rng.choice([16, 20, 24, 25, 30])} hours a week.")
        elif etype == "temporary":
            parts.append(f"This is a temporary role for {rng.choice([3, 4, 6])} months, with a chance of a permanent position.")
        elif etype == "contract":
            parts.append(f"This is a {rng.choice([6, 9, 12])}-month contract with a view to extension.")
        elif etype == "internship":
            parts.append(f"The internship is paid and lasts {rng.choice([3, 6])} months, and good interns are offered a permanent role.")
        site = SITES[company["kind"]]
        if remote == "remote":
            where = REGIONS[country]
            extra = "" if location == "Remote" else f", and you are welcome at our {city} office whenever you like"
            parts.append(f"This is a fully remote role for people based {where}{extra}.")
        elif remote == "hybrid":
            parts.append(f"We work in a hybrid pattern, with {rng.choice(['two', 'three'])} days a week at our {city} {site}.")
        elif company["kind"] == "contractor":
            parts.append(f"You will work on sites across {city} and the surrounding area, with a company van and tools provided.")
        else:
            parts.append(f"The role is based at our {site} in {city}.")
        if role["hourly"] and company["kind"] in SHIFT_KINDS and rng.random() < 0.6:
            parts.append(rng.choice(SHIFTS))
        benefits = rng.sample(COUNTRIES[country]["benefits"], 3)
        parts.append(rng.choice([
            f"We offer {join_and(benefits)}.",
            f"Benefits include {join_and(benefits)}.",
            f"In return you get {join_and(benefits)}.",
        ]))
        return " ".join(parts)

    def salary(self, role, level, country, etype):
        rng = self.rng
        if rng.random() < NULL_SALARY_SHARE:
            return None
        info = COUNTRIES[country]
        currency, interval, factor = info["pay"][role["market"]]
        value = role["base"] * LEVEL_PAY[level] * factor * rng.uniform(0.92, 1.08)
        if etype == "internship":
            value *= 0.7
        hourly = role["hourly"] and info["hourly"] and (etype == "part_time" or rng.random() < 0.7)
        floor = PAY_FLOOR[country] * (1 if country in MONTHLY_FLOOR else 2080)
        value = max(value, floor * rng.uniform(1.03, 1.15))
        if hourly:
            interval, value = "hour", value / 2080
        elif etype == "part_time":
            value *= 0.6  # a yearly figure for part-time work is the pro-rata pay
        low = nice_round(value * 0.92, interval)
        high = nice_round(value * 1.1, interval)
        if high <= low:
            high = low + (1 if interval == "hour" else nice_round(low * 0.1, interval) or 1)
        return {"min": low, "max": high, "currency": currency, "interval": interval}


def generate(count=None):
    gen = Generator(SEED)
    jobs = []
    for role in ROLES:
        countries = list(role["countries"])
        levels = list(role["levels"])
        gen.rng.shuffle(countries)
        gen.rng.shuffle(levels)
        for i in range(role["count"]):
            jobs.append(gen.job(role, levels[i % len(levels)], countries[i % len(countries)]))
    gen.rng.shuffle(jobs)
    if count is not None:
        jobs = jobs[:count]
    # Newest first, as a board lists them; ties keep the shuffled order.
    jobs.sort(key=lambda j: j["postedAt"], reverse=True)
    for n, job in enumerate(jobs, start=1):
        job["externalId"] = f"demo-{n:04d}"
        job["applyUrl"] = f"https://careers.example.com/{slug(job['company'])}/{job['externalId']}"
    return jobs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(here, "demo-jobs.json"))
    parser.add_argument("--count", type=int, help="keep only this many jobs (default: all)")
    args = parser.parse_args()
    jobs = generate(args.count)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(jobs, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"wrote {len(jobs)} jobs to {args.out}")


if __name__ == "__main__":
    main()
