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
    ("SAP", &["sap"]),
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
];

/// Soft skills are real skills when listed, but in prose the words mean other things
/// ("Communication Design", "leadership of the guild"), so [`find_skills`] skips them.
const LIST_ONLY: &[&str] = &["Communication", "Leadership"];

/// The longest alias in words; bounds the n-gram window of [`find_skills`].
const MAX_ALIAS_WORDS: usize = 4;

static ALIASES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (canonical, aliases) in TAXONOMY {
        map.insert(canonical.to_lowercase(), *canonical);
        for alias in *aliases {
            map.insert((*alias).to_owned(), *canonical);
        }
    }
    map
});

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
    fn canonicalise_all_drops_unknown_and_duplicates() {
        assert_eq!(
            canonicalise_all(["js", "JavaScript", "??", "postgres"]),
            vec!["JavaScript", "PostgreSQL"]
        );
    }
}
