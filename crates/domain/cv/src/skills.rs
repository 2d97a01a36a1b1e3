//! Skills taxonomy: canonical names and the synonyms CVs and job ads use for them.
//!
//! Shared with the matching crate, so a CV saying "k8s" and a job asking for "Kubernetes"
//! meet on the same canonical name.

use std::collections::HashMap;
use std::sync::LazyLock;

/// (canonical name, aliases). The canonical name itself is always an alias (case-insensitive).
const TAXONOMY: &[(&str, &[&str])] = &[
    // Languages
    (
        "JavaScript",
        &[
            "js",
            "javascript",
            "ecmascript",
            "es6",
            "es2015",
            "vanilla js",
        ],
    ),
    ("TypeScript", &["ts", "typescript"]),
    ("Python", &["python", "python3", "py"]),
    ("Java", &["java", "java 8", "java 11", "java 17"]),
    ("Kotlin", &["kotlin"]),
    ("Scala", &["scala"]),
    ("C", &["c", "ansi c"]),
    ("C++", &["c++", "cpp", "cplusplus"]),
    ("C#", &["c#", "csharp", "c sharp"]),
    ("Go", &["go", "golang"]),
    ("Rust", &["rust", "rust-lang", "rustlang"]),
    ("Ruby", &["ruby"]),
    ("PHP", &["php"]),
    ("Swift", &["swift"]),
    ("Objective-C", &["objective-c", "objc", "objective c"]),
    ("R", &["r"]),
    ("Perl", &["perl"]),
    ("Elixir", &["elixir"]),
    ("Haskell", &["haskell"]),
    ("Dart", &["dart"]),
    ("Bash", &["bash", "shell scripting", "shell", "sh"]),
    ("SQL", &["sql"]),
    ("HTML", &["html", "html5"]),
    ("CSS", &["css", "css3"]),
    ("Sass", &["sass", "scss"]),
    ("GraphQL", &["graphql"]),
    ("MATLAB", &["matlab"]),
    // Front end
    ("React", &["react", "react.js", "reactjs"]),
    ("React Native", &["react native", "react-native"]),
    ("Angular", &["angular", "angularjs", "angular.js"]),
    ("Vue.js", &["vue", "vue.js", "vuejs"]),
    ("Svelte", &["svelte", "sveltekit"]),
    ("Next.js", &["next.js", "nextjs"]),
    ("Redux", &["redux"]),
    ("jQuery", &["jquery"]),
    ("Tailwind CSS", &["tailwind", "tailwindcss", "tailwind css"]),
    ("Webpack", &["webpack"]),
    // Back end
    ("Node.js", &["node", "node.js", "nodejs"]),
    ("Express", &["express", "express.js", "expressjs"]),
    ("Django", &["django"]),
    ("Flask", &["flask"]),
    ("FastAPI", &["fastapi"]),
    ("Spring Boot", &["spring boot", "springboot", "spring"]),
    ("Ruby on Rails", &["rails", "ruby on rails", "ror"]),
    ("Laravel", &["laravel"]),
    (
        ".NET",
        &[".net", "dotnet", ".net core", "asp.net", "asp.net core"],
    ),
    ("Actix Web", &["actix", "actix-web", "actix web"]),
    ("Tokio", &["tokio"]),
    (
        "REST APIs",
        &["rest", "restful", "rest api", "rest apis", "restful apis"],
    ),
    ("gRPC", &["grpc"]),
    (
        "Microservices",
        &[
            "microservices",
            "micro-services",
            "microservice architecture",
        ],
    ),
    // Data stores
    ("PostgreSQL", &["postgres", "postgresql", "psql", "pg"]),
    ("MySQL", &["mysql", "mariadb"]),
    ("SQLite", &["sqlite"]),
    (
        "Microsoft SQL Server",
        &["sql server", "mssql", "ms sql", "t-sql", "tsql"],
    ),
    ("Oracle Database", &["oracle", "oracle db", "pl/sql"]),
    ("MongoDB", &["mongo", "mongodb"]),
    ("Redis", &["redis"]),
    ("Elasticsearch", &["elasticsearch", "elastic search", "elk"]),
    ("Cassandra", &["cassandra"]),
    ("DynamoDB", &["dynamodb", "dynamo db"]),
    ("Kafka", &["kafka", "apache kafka"]),
    ("RabbitMQ", &["rabbitmq", "rabbit mq"]),
    ("Snowflake", &["snowflake"]),
    // Cloud and ops
    ("AWS", &["aws", "amazon web services"]),
    (
        "Google Cloud",
        &["gcp", "google cloud", "google cloud platform"],
    ),
    ("Azure", &["azure", "microsoft azure"]),
    ("Docker", &["docker"]),
    ("Kubernetes", &["kubernetes", "k8s", "k8"]),
    ("Terraform", &["terraform"]),
    ("Ansible", &["ansible"]),
    ("Helm", &["helm"]),
    ("Linux", &["linux", "unix"]),
    ("Git", &["git", "version control"]),
    (
        "CI/CD",
        &[
            "ci/cd",
            "ci",
            "cd",
            "continuous integration",
            "continuous delivery",
            "github actions",
            "jenkins",
            "gitlab ci",
        ],
    ),
    ("Prometheus", &["prometheus"]),
    ("Grafana", &["grafana"]),
    ("Nginx", &["nginx"]),
    // Data and ML
    ("Machine Learning", &["machine learning", "ml"]),
    ("Deep Learning", &["deep learning", "dl"]),
    ("TensorFlow", &["tensorflow", "tf"]),
    ("PyTorch", &["pytorch", "torch"]),
    ("scikit-learn", &["scikit-learn", "sklearn", "scikit learn"]),
    ("Pandas", &["pandas"]),
    ("NumPy", &["numpy"]),
    ("Apache Spark", &["spark", "apache spark", "pyspark"]),
    ("Airflow", &["airflow", "apache airflow"]),
    ("NLP", &["nlp", "natural language processing"]),
    ("Computer Vision", &["computer vision", "opencv"]),
    ("Data Analysis", &["data analysis", "data analytics"]),
    ("Tableau", &["tableau"]),
    ("Power BI", &["power bi", "powerbi"]),
    ("Excel", &["excel", "ms excel", "microsoft excel"]),
    // Mobile
    ("Android", &["android"]),
    ("iOS", &["ios"]),
    ("Flutter", &["flutter"]),
    // Practice and design
    ("Agile", &["agile", "scrum", "kanban"]),
    (
        "Test-Driven Development",
        &["tdd", "test-driven development", "test driven development"],
    ),
    (
        "Unit Testing",
        &["unit testing", "unit tests", "jest", "pytest", "junit"],
    ),
    ("Selenium", &["selenium"]),
    ("Figma", &["figma"]),
    ("UX Design", &["ux", "ux design", "user experience"]),
    ("UI Design", &["ui design", "ui/ux"]),
    ("Project Management", &["project management", "pmp"]),
    ("Product Management", &["product management"]),
    ("SEO", &["seo", "search engine optimization"]),
    ("Salesforce", &["salesforce", "sfdc"]),
    ("SAP", &["sap", "sap mm", "sap fico", "sap s/4hana"]),
    ("Jira", &["jira"]),
    ("Photoshop", &["photoshop", "adobe photoshop"]),
    ("Communication", &["communication", "communication skills"]),
    ("Leadership", &["leadership", "team leadership"]),
    (
        "Security",
        &[
            "security",
            "cybersecurity",
            "infosec",
            "application security",
        ],
    ),
    ("Networking", &["networking", "tcp/ip"]),
    // More engineering and data tools
    ("Cypress", &["cypress"]),
    ("Playwright", &["playwright"]),
    ("Storybook", &["storybook"]),
    ("Vite", &["vite"]),
    (
        "Accessibility",
        &["accessibility", "wcag", "a11y", "web accessibility"],
    ),
    ("Looker", &["looker", "looker studio"]),
    ("dbt", &["dbt", "data build tool"]),
    ("BigQuery", &["bigquery", "big query"]),
    ("ETL", &["etl", "elt", "data pipelines", "etl pipelines"]),
    (
        "Statistics",
        &[
            "statistics",
            "statistical analysis",
            "statistical modelling",
            "statistical modeling",
        ],
    ),
    (
        "Data Visualization",
        &["data visualization", "data visualisation"],
    ),
    (
        "A/B Testing",
        &[
            "a/b testing",
            "ab testing",
            "split testing",
            "experimentation",
        ],
    ),
    (
        "Technical Support",
        &[
            "technical support",
            "it support",
            "helpdesk",
            "help desk",
            "service desk",
        ],
    ),
    ("Zendesk", &["zendesk"]),
    // Office and administration
    (
        "Microsoft Office",
        &[
            "microsoft office",
            "ms office",
            "office 365",
            "microsoft 365",
            "m365",
        ],
    ),
    ("Microsoft Word", &["microsoft word", "ms word"]),
    (
        "PowerPoint",
        &["powerpoint", "ms powerpoint", "microsoft powerpoint"],
    ),
    ("Outlook", &["outlook", "ms outlook", "microsoft outlook"]),
    (
        "Google Workspace",
        &[
            "google workspace",
            "g suite",
            "gsuite",
            "google docs",
            "google sheets",
        ],
    ),
    ("Data Entry", &["data entry"]),
    (
        "Calendar Management",
        &[
            "calendar management",
            "diary management",
            "diary and calendar management",
        ],
    ),
    (
        "Office Administration",
        &[
            "office administration",
            "office management",
            "administrative support",
            "admin support",
            "office operations",
        ],
    ),
    (
        "Records Management",
        &[
            "records management",
            "document management",
            "record keeping",
            "record-keeping",
        ],
    ),
    (
        "Minute Taking",
        &["minute taking", "minute-taking", "taking minutes"],
    ),
    (
        "Reception",
        &["front desk", "reception duties", "switchboard"],
    ),
    (
        "Travel Coordination",
        &[
            "travel coordination",
            "travel booking",
            "travel arrangements",
        ],
    ),
    (
        "Customer Service",
        &[
            "customer service",
            "customer care",
            "client service",
            "client services",
        ],
    ),
    (
        "Procurement",
        &[
            "procurement",
            "purchasing and procurement",
            "purchase orders",
        ],
    ),
    (
        "Facilities Management",
        &["facilities management", "facilities coordination"],
    ),
    // Sales
    (
        "B2B Sales",
        &[
            "b2b sales",
            "business-to-business sales",
            "enterprise sales",
            "saas sales",
        ],
    ),
    (
        "Lead Generation",
        &["lead generation", "prospecting", "outbound prospecting"],
    ),
    ("Cold Calling", &["cold calling", "cold-calling"]),
    (
        "Account Management",
        &[
            "account management",
            "key account management",
            "client relationship management",
        ],
    ),
    (
        "Business Development",
        &["business development", "bizdev", "new business development"],
    ),
    (
        "Negotiation",
        &["negotiation", "negotiating", "contract negotiation"],
    ),
    (
        "CRM",
        &["crm", "customer relationship management", "crm systems"],
    ),
    ("HubSpot", &["hubspot"]),
    (
        "Pipeline Management",
        &[
            "pipeline management",
            "sales pipeline",
            "pipeline forecasting",
        ],
    ),
    (
        "Solution Selling",
        &[
            "solution selling",
            "consultative selling",
            "value selling",
            "meddic",
            "meddpicc",
        ],
    ),
    (
        "Retail Sales",
        &["retail sales", "visual merchandising", "merchandising"],
    ),
    // Marketing
    (
        "Digital Marketing",
        &[
            "digital marketing",
            "online marketing",
            "performance marketing",
        ],
    ),
    (
        "Content Marketing",
        &["content marketing", "content strategy", "content creation"],
    ),
    (
        "Social Media Marketing",
        &[
            "social media",
            "social media marketing",
            "social media management",
        ],
    ),
    (
        "Google Ads",
        &[
            "google ads",
            "adwords",
            "google adwords",
            "ppc",
            "paid search",
            "sem",
        ],
    ),
    ("Meta Ads", &["meta ads", "facebook ads", "paid social"]),
    ("Google Analytics", &["google analytics", "ga4"]),
    (
        "Email Marketing",
        &["email marketing", "mailchimp", "klaviyo"],
    ),
    (
        "Marketing Automation",
        &["marketing automation", "marketo", "pardot"],
    ),
    ("Copywriting", &["copywriting", "copy writing"]),
    (
        "Brand Management",
        &["brand management", "branding", "brand strategy"],
    ),
    (
        "Market Research",
        &[
            "market research",
            "competitor analysis",
            "competitive analysis",
        ],
    ),
    (
        "Campaign Management",
        &[
            "campaign management",
            "campaign planning",
            "marketing campaigns",
        ],
    ),
    (
        "Public Relations",
        &["public relations", "media relations", "press releases"],
    ),
    // Finance and accounting
    (
        "Accounting",
        &[
            "accounting",
            "financial accounting",
            "management accounting",
        ],
    ),
    ("Bookkeeping", &["bookkeeping", "book-keeping"]),
    (
        "Financial Reporting",
        &[
            "financial reporting",
            "financial statements",
            "month-end close",
            "month end close",
            "year-end close",
            "statutory accounts",
        ],
    ),
    ("IFRS", &["ifrs"]),
    ("GAAP", &["gaap", "us gaap", "uk gaap"]),
    (
        "Budgeting",
        &["budgeting", "budget management", "budget planning"],
    ),
    (
        "Financial Planning",
        &[
            "financial planning",
            "fp&a",
            "financial planning and analysis",
        ],
    ),
    (
        "Financial Modelling",
        &[
            "financial modelling",
            "financial modeling",
            "financial models",
        ],
    ),
    ("Accounts Payable", &["accounts payable", "purchase ledger"]),
    (
        "Accounts Receivable",
        &["accounts receivable", "sales ledger", "credit control"],
    ),
    ("Payroll", &["payroll", "payroll processing"]),
    (
        "Taxation",
        &[
            "taxation",
            "tax compliance",
            "tax returns",
            "vat returns",
            "corporate tax",
            "vat",
        ],
    ),
    (
        "Auditing",
        &["auditing", "internal audit", "external audit", "audit"],
    ),
    (
        "Reconciliation",
        &[
            "reconciliation",
            "reconciliations",
            "bank reconciliation",
            "bank reconciliations",
            "account reconciliation",
        ],
    ),
    ("Xero", &["xero"]),
    ("QuickBooks", &["quickbooks", "quickbooks online"]),
    ("Sage", &["sage", "sage 50", "sage intacct"]),
    ("ACCA", &["acca"]),
    ("CPA", &["cpa"]),
    ("Risk Management", &["risk management", "risk assessment"]),
    (
        "Regulatory Compliance",
        &[
            "regulatory compliance",
            "aml",
            "kyc",
            "anti-money laundering",
        ],
    ),
    // Health and care
    (
        "Patient Care",
        &[
            "patient care",
            "patient assessment",
            "patient safety",
            "holistic care",
        ],
    ),
    (
        "Medication Administration",
        &[
            "medication administration",
            "medicines administration",
            "medication management",
            "drug administration",
        ],
    ),
    (
        "Wound Care",
        &["wound care", "wound management", "wound dressing"],
    ),
    (
        "Clinical Documentation",
        &[
            "clinical documentation",
            "care documentation",
            "charting",
            "clinical records",
        ],
    ),
    (
        "Electronic Health Records",
        &[
            "electronic health records",
            "electronic medical records",
            "ehr",
            "emr",
            "epic ehr",
            "cerner",
        ],
    ),
    ("Basic Life Support", &["basic life support", "bls", "cpr"]),
    (
        "Advanced Life Support",
        &["advanced life support", "als", "acls", "pals"],
    ),
    (
        "Infection Control",
        &[
            "infection control",
            "infection prevention",
            "infection prevention and control",
        ],
    ),
    ("Triage", &["triage"]),
    (
        "Phlebotomy",
        &["phlebotomy", "venepuncture", "venipuncture"],
    ),
    (
        "IV Therapy",
        &[
            "iv therapy",
            "iv cannulation",
            "cannulation",
            "intravenous therapy",
        ],
    ),
    (
        "Vital Signs Monitoring",
        &["vital signs", "vital signs monitoring", "observations"],
    ),
    (
        "Care Planning",
        &["care planning", "care plans", "care plan"],
    ),
    (
        "Safeguarding",
        &["safeguarding", "child protection", "safeguarding adults"],
    ),
    (
        "Critical Care",
        &["critical care", "intensive care", "icu", "acute care"],
    ),
    (
        "Elderly Care",
        &[
            "elderly care",
            "aged care",
            "dementia care",
            "geriatric care",
        ],
    ),
    ("Mental Health", &["mental health", "mental health nursing"]),
    (
        "Paediatrics",
        &[
            "paediatrics",
            "pediatrics",
            "paediatric nursing",
            "pediatric nursing",
        ],
    ),
    (
        "Nursing",
        &["nursing", "registered nursing", "registered nurse"],
    ),
    // Teaching
    (
        "Lesson Planning",
        &["lesson planning", "lesson plans", "lesson preparation"],
    ),
    (
        "Classroom Management",
        &[
            "classroom management",
            "behaviour management",
            "behavior management",
        ],
    ),
    (
        "Curriculum Development",
        &[
            "curriculum development",
            "curriculum design",
            "curriculum planning",
        ],
    ),
    (
        "Differentiated Instruction",
        &[
            "differentiated instruction",
            "differentiation",
            "differentiated learning",
        ],
    ),
    (
        "Special Educational Needs",
        &[
            "special educational needs",
            "send",
            "sen",
            "sen support",
            "special needs education",
            "special education",
            "sendco",
            "senco",
        ],
    ),
    (
        "Student Assessment",
        &[
            "student assessment",
            "formative assessment",
            "summative assessment",
            "assessment for learning",
            "progress tracking",
        ],
    ),
    (
        "Early Years Education",
        &[
            "early years",
            "eyfs",
            "early childhood education",
            "early years foundation stage",
        ],
    ),
    ("Phonics", &["phonics", "synthetic phonics"]),
    ("Tutoring", &["tutoring", "one-to-one tutoring"]),
    ("Google Classroom", &["google classroom"]),
    (
        "E-Learning",
        &[
            "e-learning",
            "elearning",
            "online learning",
            "moodle",
            "learning management system",
            "lms",
        ],
    ),
    (
        "Parent Communication",
        &[
            "parent communication",
            "parent engagement",
            "parents evenings",
        ],
    ),
    ("TEFL", &["tefl", "tesol", "celta", "esl teaching"]),
    (
        "Qualified Teacher Status",
        &[
            "qualified teacher status",
            "qts",
            "pgce",
            "teaching license",
            "teaching licence",
            "state teaching certification",
        ],
    ),
    // Logistics and operations
    (
        "Supply Chain Management",
        &["supply chain management", "supply chain", "scm"],
    ),
    (
        "Logistics",
        &[
            "logistics",
            "logistics coordination",
            "logistics management",
            "logistics planning",
        ],
    ),
    (
        "Inventory Management",
        &[
            "inventory management",
            "stock control",
            "inventory control",
            "stock management",
        ],
    ),
    (
        "Warehouse Operations",
        &[
            "warehouse operations",
            "warehousing",
            "warehouse management",
            "wms",
            "warehouse management systems",
        ],
    ),
    (
        "Freight Forwarding",
        &[
            "freight forwarding",
            "freight",
            "shipping coordination",
            "shipment tracking",
        ],
    ),
    (
        "Customs Clearance",
        &[
            "customs clearance",
            "customs",
            "import/export",
            "incoterms",
            "customs documentation",
        ],
    ),
    (
        "Route Planning",
        &[
            "route planning",
            "route optimisation",
            "route optimization",
            "transport planning",
        ],
    ),
    ("Fleet Management", &["fleet management"]),
    (
        "Forklift Operation",
        &[
            "forklift",
            "forklift licence",
            "forklift license",
            "forklift operation",
        ],
    ),
    (
        "Order Fulfilment",
        &[
            "order fulfilment",
            "order fulfillment",
            "pick and pack",
            "picking and packing",
        ],
    ),
    (
        "Demand Planning",
        &["demand planning", "demand forecasting", "s&op"],
    ),
    (
        "ERP Systems",
        &[
            "erp",
            "erp systems",
            "oracle netsuite",
            "netsuite",
            "dynamics 365",
        ],
    ),
    (
        "Vendor Management",
        &[
            "vendor management",
            "supplier management",
            "supplier relations",
            "supplier relationship management",
        ],
    ),
    (
        "Lean",
        &[
            "lean",
            "lean six sigma",
            "six sigma",
            "continuous improvement",
            "kaizen",
            "5s",
        ],
    ),
    (
        "Health and Safety",
        &[
            "health and safety",
            "osha",
            "iosh",
            "nebosh",
            "workplace safety",
            "coshh",
        ],
    ),
    (
        "Operations Management",
        &["operations management", "operational management"],
    ),
    (
        "Process Improvement",
        &[
            "process improvement",
            "process optimisation",
            "process optimization",
        ],
    ),
    // Trades
    (
        "Electrical Installation",
        &[
            "electrical installation",
            "electrical installations",
            "wiring",
            "rewiring",
            "electrical wiring",
            "rewires",
        ],
    ),
    (
        "Electrical Maintenance",
        &["electrical maintenance", "electrical repairs"],
    ),
    (
        "Fault Finding",
        &[
            "fault finding",
            "fault-finding",
            "fault diagnosis",
            "electrical troubleshooting",
        ],
    ),
    (
        "Inspection and Testing",
        &[
            "inspection and testing",
            "testing and inspection",
            "eicr",
            "eicrs",
            "18th edition",
            "bs 7671",
            "bs7671",
            "pat testing",
        ],
    ),
    (
        "Electrical Codes",
        &[
            "national electrical code",
            "nec",
            "electrical codes",
            "building regulations",
            "building codes",
            "part p",
        ],
    ),
    ("Plumbing", &["plumbing", "pipefitting"]),
    ("Carpentry", &["carpentry", "joinery"]),
    ("Welding", &["welding", "mig welding", "tig welding"]),
    ("HVAC", &["hvac", "air conditioning", "refrigeration"]),
    (
        "Technical Drawings",
        &[
            "technical drawings",
            "blueprint reading",
            "reading blueprints",
            "blueprints",
            "schematics",
            "wiring diagrams",
        ],
    ),
    ("PLC Programming", &["plc", "plcs", "plc programming"]),
    (
        "Solar PV",
        &[
            "solar pv",
            "solar installation",
            "solar pv installation",
            "photovoltaic",
            "solar panels",
        ],
    ),
    (
        "EV Charger Installation",
        &[
            "ev charger installation",
            "ev chargers",
            "ev charging",
            "ev charge points",
        ],
    ),
    (
        "Preventive Maintenance",
        &[
            "preventive maintenance",
            "preventative maintenance",
            "planned maintenance",
        ],
    ),
    ("Power Tools", &["power tools", "hand and power tools"]),
    // Design
    ("Adobe Illustrator", &["adobe illustrator", "illustrator"]),
    ("InDesign", &["indesign", "adobe indesign"]),
    ("Adobe XD", &["adobe xd"]),
    (
        "Adobe Creative Suite",
        &[
            "adobe creative suite",
            "adobe creative cloud",
            "creative cloud",
            "creative suite",
        ],
    ),
    ("Sketch", &["sketch", "sketch app"]),
    ("Wireframing", &["wireframing", "wireframes", "wireframe"]),
    (
        "Prototyping",
        &["prototyping", "prototypes", "interactive prototypes"],
    ),
    (
        "User Research",
        &[
            "user research",
            "usability testing",
            "user interviews",
            "user testing",
            "ux research",
        ],
    ),
    ("Design Systems", &["design systems", "design system"]),
    ("Interaction Design", &["interaction design", "ixd"]),
    ("Information Architecture", &["information architecture"]),
    ("Visual Design", &["visual design"]),
    ("Graphic Design", &["graphic design"]),
    ("Typography", &["typography"]),
    (
        "Motion Design",
        &[
            "motion design",
            "motion graphics",
            "after effects",
            "adobe after effects",
        ],
    ),
    // Product and management
    (
        "Stakeholder Management",
        &[
            "stakeholder management",
            "stakeholder engagement",
            "stakeholder communication",
        ],
    ),
    (
        "Product Roadmapping",
        &[
            "product roadmapping",
            "roadmapping",
            "product roadmap",
            "product roadmaps",
            "roadmap planning",
        ],
    ),
    (
        "Product Discovery",
        &["product discovery", "customer discovery"],
    ),
    ("OKRs", &["okrs", "okr"]),
    (
        "People Management",
        &[
            "people management",
            "team management",
            "line management",
            "managing teams",
        ],
    ),
    (
        "Customer Success",
        &["customer success", "customer retention", "churn reduction"],
    ),
    (
        "Event Planning",
        &["event planning", "event management", "event coordination"],
    ),
    ("SaaS", &["saas", "b2b saas", "software as a service"]),
    ("User Stories", &["user stories", "user story mapping"]),
    ("Product Strategy", &["product strategy", "product vision"]),
    ("Keyword Research", &["keyword research"]),
    (
        "Incident Management",
        &["incident management", "incident response", "on-call"],
    ),
    (
        "Pre-Sales",
        &["pre-sales", "presales", "pre sales", "technical pre-sales"],
    ),
    ("Account Planning", &["account planning", "account plans"]),
    // Human resources
    (
        "Human Resources",
        &[
            "human resources",
            "hr",
            "hr administration",
            "people operations",
        ],
    ),
    (
        "Recruitment",
        &[
            "recruitment",
            "recruiting",
            "talent acquisition",
            "candidate sourcing",
            "full-cycle recruiting",
        ],
    ),
    (
        "Employee Onboarding",
        &[
            "employee onboarding",
            "staff onboarding",
            "new hire onboarding",
        ],
    ),
    ("Employee Relations", &["employee relations", "er casework"]),
    ("HRIS", &["hris", "workday", "bamboohr", "personio"]),
    (
        "Performance Management",
        &[
            "performance management",
            "performance reviews",
            "appraisals",
        ],
    ),
    (
        "Employment Law",
        &["employment law", "labour law", "labor law"],
    ),
    (
        "Learning and Development",
        &[
            "learning and development",
            "training and development",
            "l&d",
        ],
    ),
    // Hospitality
    (
        "Food Safety",
        &[
            "food safety",
            "food hygiene",
            "haccp",
            "food handling",
            "food safety level 2",
            "food safety level 3",
        ],
    ),
    (
        "Food Preparation",
        &["food preparation", "food prep", "cooking", "knife skills"],
    ),
    (
        "Menu Planning",
        &["menu planning", "menu development", "menu design"],
    ),
    (
        "Kitchen Management",
        &["kitchen management", "kitchen operations"],
    ),
    (
        "Front of House",
        &[
            "front of house",
            "foh",
            "guest service",
            "guest services",
            "guest relations",
        ],
    ),
    (
        "Hotel Operations",
        &["hotel operations", "housekeeping", "hotel management"],
    ),
    (
        "Reservations Systems",
        &[
            "reservations",
            "opera pms",
            "property management systems",
            "booking systems",
        ],
    ),
    (
        "Cash Handling",
        &[
            "cash handling",
            "point of sale",
            "pos systems",
            "till operation",
            "epos",
        ],
    ),
    ("Barista", &["barista", "coffee preparation", "latte art"]),
    ("Bartending", &["bartending", "mixology", "cocktail making"]),
    // Legal
    ("Legal Research", &["legal research"]),
    (
        "Contract Drafting",
        &[
            "contract drafting",
            "drafting contracts",
            "contract law",
            "commercial contracts",
        ],
    ),
    ("Litigation", &["litigation", "dispute resolution"]),
];

/// Skills that stand in for each other in part: a CV with one of a group earns some credit for
/// a job asking for another (a React developer can pick up Vue; Xero and QuickBooks are both
/// ledgers). Canonical names from [`TAXONOMY`]; a skill may sit in more than one group.
const RELATED: &[&[&str]] = &[
    &["React", "Vue.js", "Angular", "Svelte"],
    &["JavaScript", "TypeScript"],
    &["Java", "Kotlin", "Scala"],
    &["C", "C++", "Rust"],
    &["Go", "Rust"],
    &["Django", "Flask", "FastAPI"],
    &["Node.js", "Express"],
    &[
        "PostgreSQL",
        "MySQL",
        "Microsoft SQL Server",
        "Oracle Database",
        "SQLite",
        "SQL",
    ],
    &["MongoDB", "DynamoDB", "Cassandra"],
    &["Kafka", "RabbitMQ"],
    &["AWS", "Google Cloud", "Azure"],
    &["Terraform", "Ansible"],
    &["Docker", "Kubernetes"],
    &["Prometheus", "Grafana"],
    &["TensorFlow", "PyTorch", "scikit-learn"],
    &["Machine Learning", "Deep Learning", "Statistics"],
    &["Tableau", "Power BI", "Looker", "Data Visualization"],
    &["Snowflake", "BigQuery", "dbt", "ETL"],
    &["Apache Spark", "Airflow", "ETL"],
    &["Unit Testing", "Cypress", "Playwright", "Selenium"],
    &["Figma", "Sketch", "Adobe XD"],
    &["Wireframing", "Prototyping"],
    &["UX Design", "User Research", "Interaction Design"],
    &["UI Design", "Visual Design", "Graphic Design"],
    &[
        "Photoshop",
        "Adobe Illustrator",
        "InDesign",
        "Adobe Creative Suite",
    ],
    &[
        "Microsoft Office",
        "Google Workspace",
        "Microsoft Word",
        "PowerPoint",
        "Outlook",
        "Excel",
    ],
    &[
        "Office Administration",
        "Records Management",
        "Calendar Management",
        "Reception",
    ],
    &["Salesforce", "HubSpot", "CRM"],
    &["Lead Generation", "Cold Calling", "Business Development"],
    &["Account Management", "Customer Success"],
    &["Google Ads", "Meta Ads", "Digital Marketing"],
    &["Content Marketing", "Copywriting", "Social Media Marketing"],
    &["Email Marketing", "Marketing Automation"],
    &["SEO", "Google Analytics", "Digital Marketing"],
    &["Xero", "QuickBooks", "Sage"],
    &["IFRS", "GAAP", "Financial Reporting"],
    &[
        "Accounts Payable",
        "Accounts Receivable",
        "Bookkeeping",
        "Reconciliation",
    ],
    &["Budgeting", "Financial Planning", "Financial Modelling"],
    &["ACCA", "CPA"],
    &["Basic Life Support", "Advanced Life Support"],
    &["Critical Care", "Triage"],
    &["Patient Care", "Nursing", "Care Planning"],
    &["Electronic Health Records", "Clinical Documentation"],
    &[
        "Lesson Planning",
        "Curriculum Development",
        "Student Assessment",
    ],
    &["Classroom Management", "Differentiated Instruction"],
    &[
        "Inventory Management",
        "Warehouse Operations",
        "Order Fulfilment",
    ],
    &[
        "Logistics",
        "Supply Chain Management",
        "Freight Forwarding",
        "Route Planning",
    ],
    &["Demand Planning", "Inventory Management"],
    &[
        "Electrical Installation",
        "Electrical Maintenance",
        "Fault Finding",
        "Inspection and Testing",
    ],
    &["Recruitment", "Employee Onboarding"],
    &[
        "Employee Relations",
        "Employment Law",
        "Performance Management",
    ],
    &["Food Safety", "Food Preparation", "Kitchen Management"],
    &["Front of House", "Hotel Operations", "Reservations Systems"],
];

/// Aliases that are also ordinary words (or single letters): in running text they count only
/// when written with the canonical capitalisation, so "let's go" is not the Go language.
const CASE_SENSITIVE_IN_TEXT: &[&str] = &[
    "go",
    "r",
    "c",
    "swift",
    "rust",
    "spring",
    "express",
    "shell",
    "sh",
    "ci",
    "cd",
    "dl",
    "tf",
    "ml",
    "ts",
    "py",
    "pg",
    "ux",
    "node",
    "rest",
    "git",
    "sap",
    "oracle",
    "torch",
    "helm",
    "spark",
    "dart",
    "flutter",
    "communication",
    "leadership",
    "security",
    "networking",
    "excel",
    "ios",
    "unix",
    "elk",
    "k8",
    "ror",
    "ruby",
    "java",
    "scala",
    "perl",
    "snowflake",
    "tableau",
    // Everyday words that are also skill names outside software.
    "accessibility",
    "statistics",
    "experimentation",
    "helpdesk",
    "outlook",
    "procurement",
    "b2b",
    "prospecting",
    "negotiation",
    "negotiating",
    "crm",
    "merchandising",
    "ppc",
    "sem",
    "copywriting",
    "branding",
    "accounting",
    "bookkeeping",
    "budgeting",
    "forecasting",
    "payroll",
    "taxation",
    "vat",
    "auditing",
    "audit",
    "reconciliation",
    "reconciliations",
    "sage",
    "aml",
    "kyc",
    "charting",
    "cpr",
    "als",
    "pals",
    "triage",
    "cannulation",
    "observations",
    "safeguarding",
    "icu",
    "nursing",
    "differentiation",
    "sen",
    "tutoring",
    "lms",
    "logistics",
    "freight",
    "customs",
    "forklift",
    "erp",
    "lean",
    "5s",
    "wiring",
    "rewiring",
    "rewires",
    "plumbing",
    "carpentry",
    "joinery",
    "welding",
    "refrigeration",
    "blueprints",
    "schematics",
    "plc",
    "plcs",
    "illustrator",
    "sketch",
    "wireframes",
    "wireframe",
    "prototyping",
    "prototypes",
    "typography",
    "roadmapping",
    "okr",
    "okrs",
    "recruitment",
    "recruiting",
    "workday",
    "appraisals",
    "cooking",
    "housekeeping",
    "reservations",
    "barista",
    "bartending",
    "litigation",
    "epos",
    "foh",
    "send",
    "nec",
    "hr",
    "presales",
];

/// Soft skills are real skills when listed, but in prose the words mean other things
/// ("Communication Design", "leadership of the guild"), so [`find_skills`] skips them.
const LIST_ONLY: &[&str] = &["Communication", "Leadership"];

/// The longest alias in words; bounds the n-gram window of [`find_skills`].
const MAX_ALIAS_WORDS: usize = 4;

/// ESCO v1.1.1 skills (© European Union, CC BY 4.0) beyond the hand-tuned ones, curated by
/// `scripts/taxonomy/curate_esco.py`: one line per skill, its label, a tab, then its other
/// labels, lower case, separated by `|`. Short noun labels only ("Photogrammetry", "Preventive
/// medicine"); none repeats a hand-tuned alias.
const ESCO_SKILLS: &str = include_str!("../data/esco_skills.tsv");

/// The ESCO skills as (label, aliases), parsed once.
static ESCO: LazyLock<Vec<(&'static str, Vec<&'static str>)>> = LazyLock::new(|| {
    ESCO_SKILLS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (label, aliases) = l.split_once('\t').unwrap_or((l, ""));
            (
                label,
                aliases.split('|').filter(|a| !a.is_empty()).collect(),
            )
        })
        .collect()
});

static ALIASES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (canonical, aliases) in TAXONOMY {
        map.insert(canonical.to_lowercase(), *canonical);
        for alias in *aliases {
            map.insert((*alias).to_owned(), *canonical);
        }
    }
    // The hand-tuned names win: ESCO only adds what they do not say.
    for (canonical, aliases) in ESCO.iter() {
        for alias in
            std::iter::once(canonical.to_lowercase()).chain(aliases.iter().map(|a| (*a).to_owned()))
        {
            map.entry(alias).or_insert(*canonical);
        }
    }
    map
});

/// Builds the taxonomy now rather than on the first lookup (a server calls it at start-up).
pub fn load() {
    LazyLock::force(&ALIASES);
}

/// The canonical name of a skill written any known way ("k8s" → "Kubernetes"), else `None`.
pub fn canonical_skill(name: &str) -> Option<&'static str> {
    let key = normalise(name);
    if key.is_empty() {
        return None;
    }
    ALIASES.get(&key).copied()
}

/// Every known skill mentioned in free text, canonical, deduplicated, in order of first mention.
pub fn find_skills(text: &str) -> Vec<&'static str> {
    let tokens = tokenise(text);
    let mut found: Vec<&'static str> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut matched = 0;
        // Longest match first, so "react native" wins over "react".
        for n in (1..=MAX_ALIAS_WORDS.min(tokens.len() - i)).rev() {
            let words = &tokens[i..i + n];
            let phrase = words.join(" ");
            let key = normalise(&phrase);
            let Some(canonical) = ALIASES.get(&key).copied() else {
                continue;
            };
            if LIST_ONLY.contains(&canonical) {
                continue;
            }
            if n == 1
                && CASE_SENSITIVE_IN_TEXT.contains(&key.as_str())
                && !written_as_name(&phrase, canonical)
            {
                continue;
            }
            if !found.contains(&canonical) {
                found.push(canonical);
            }
            matched = n;
            break;
        }
        i += matched.max(1);
    }
    found
}

/// Skills that partly stand in for `canonical` (see [`RELATED`]), without itself, deduplicated.
pub fn related_skills(canonical: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for group in RELATED.iter().filter(|g| g.contains(&canonical)) {
        for s in group.iter().copied() {
            if s != canonical && !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// Every canonical skill name: the hand-tuned ones in taxonomy order, then ESCO's.
pub fn all_skills() -> impl Iterator<Item = &'static str> {
    TAXONOMY
        .iter()
        .map(|(canonical, _)| *canonical)
        .chain(ESCO.iter().map(|(canonical, _)| *canonical))
}

/// Canonicalises a list of skill names (e.g. from an AI), dropping unknown ones and duplicates.
pub fn canonicalise_all<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for name in names {
        if let Some(c) = canonical_skill(name)
            && !out.contains(&c)
        {
            out.push(c);
        }
    }
    out
}

/// An ambiguous word counts when capitalised like a name ("Go", "Rust", "AWS"), or when written
/// exactly as the canonical name, never in all lower case.
fn written_as_name(word: &str, canonical: &str) -> bool {
    word == canonical || word.chars().next().is_some_and(char::is_uppercase)
}

fn normalise(s: &str) -> String {
    s.trim()
        .trim_end_matches(['.', ',', ';', ':'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Splits on separators CVs use between skills, keeping the characters that are part of
/// skill names (`C++`, `C#`, `.NET`, `Node.js`, `CI/CD`, `PL/SQL`).
fn tokenise(text: &str) -> Vec<&str> {
    text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';'
                    | '|'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '•'
                    | '·'
                    | '●'
                    | '▪'
                    | '–'
                    | '—'
                    | ':'
                    | '"'
                    | '\''
                    | '!'
                    | '?'
                    | '*'
                    | '&'
            )
    })
    .map(|t| t.trim_end_matches('.'))
    .filter(|t| !t.is_empty())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_map_to_canonical_names() {
        assert_eq!(canonical_skill("JS"), Some("JavaScript"));
        assert_eq!(canonical_skill("Postgres"), Some("PostgreSQL"));
        assert_eq!(canonical_skill("k8s"), Some("Kubernetes"));
        assert_eq!(canonical_skill(" golang "), Some("Go"));
        assert_eq!(canonical_skill("Node.js"), Some("Node.js"));
        assert_eq!(canonical_skill("basket weaving"), None);
        assert_eq!(canonical_skill(""), None);
    }

    #[test]
    fn finds_skills_in_text_longest_match_first() {
        let found =
            find_skills("Built apps in React Native, React and TypeScript; deployed on k8s / AWS.");
        assert_eq!(
            found,
            vec!["React Native", "React", "TypeScript", "Kubernetes", "AWS"]
        );
    }

    #[test]
    fn ambiguous_words_need_capitals() {
        assert!(find_skills("ready to go and rust never sleeps").is_empty());
        assert_eq!(
            find_skills("Go, Rust, C++ and C#"),
            vec!["Go", "Rust", "C++", "C#"]
        );
    }

    #[test]
    fn aliases_are_unique_and_fit_the_matching_window() {
        let mut seen = std::collections::HashSet::new();
        for (canonical, aliases) in TAXONOMY {
            for alias in aliases.iter().chain(std::iter::once(canonical)) {
                let key = alias.to_lowercase();
                assert!(
                    key.split_whitespace().count() <= MAX_ALIAS_WORDS,
                    "{alias} is longer than MAX_ALIAS_WORDS"
                );
                assert_eq!(key, normalise(alias), "{alias} is not normalised");
                if key != canonical.to_lowercase() {
                    assert!(seen.insert(key.clone()), "{alias} is listed twice");
                }
            }
        }
    }

    #[test]
    fn related_groups_name_only_canonical_skills() {
        for group in RELATED {
            for s in *group {
                assert_eq!(canonical_skill(s), Some(*s), "{s} is not canonical");
            }
        }
        assert!(related_skills("Xero").contains(&"QuickBooks"));
        assert!(!related_skills("Xero").contains(&"Xero"));
        assert!(related_skills("Basket Weaving").is_empty());
    }

    #[test]
    fn finds_skills_outside_software() {
        assert_eq!(
            find_skills("Led month-end close under IFRS, ran payroll in Xero; BLS certified."),
            vec!["Financial Reporting", "IFRS", "Xero", "Basic Life Support"]
        );
        assert_eq!(
            find_skills("Lesson planning and classroom management for Year 3; forklift licence"),
            vec![
                "Lesson Planning",
                "Classroom Management",
                "Forklift Operation"
            ]
        );
        // Ordinary words stay words in prose.
        assert!(find_skills("we went cooking and reading the outlook for the audit").is_empty());
    }

    #[test]
    fn esco_skills_are_normalised_fit_the_window_and_leave_hand_names_alone() {
        let hand: std::collections::HashSet<String> = TAXONOMY
            .iter()
            .flat_map(|(c, a)| a.iter().map(|s| s.to_lowercase()).chain([c.to_lowercase()]))
            .collect();
        assert!(ESCO.len() > 900, "{} ESCO skills", ESCO.len());
        for (canonical, aliases) in ESCO.iter() {
            for alias in aliases.iter().copied().chain([*canonical]) {
                let key = alias.to_lowercase();
                assert!(key.split_whitespace().count() <= MAX_ALIAS_WORDS, "{alias}");
                assert_eq!(key, normalise(alias), "{alias} is not normalised");
                assert!(!hand.contains(&key), "{alias} repeats a hand-tuned name");
                assert_eq!(canonical_skill(alias), Some(*canonical), "{alias}");
            }
        }
        assert_eq!(canonical_skill("python"), Some("Python"));
    }

    #[test]
    fn esco_adds_skills_of_every_field() {
        assert_eq!(
            find_skills(
                "Criminology and preventive medicine modules; photogrammetry surveys; \
                 personal protective equipment checks, tax legislation updates"
            ),
            vec![
                "Criminology",
                "Preventive medicine",
                "Photogrammetry",
                "Personal protective equipment",
                "Tax legislation"
            ]
        );
    }

    #[test]
    fn canonicalise_all_drops_unknown_and_duplicates() {
        assert_eq!(
            canonicalise_all(["js", "JavaScript", "??", "postgres"]),
            vec!["JavaScript", "PostgreSQL"]
        );
    }
}
