//! Recall and precision of extraction + the rule-based parse over the real-world corpus
//! (`tests/corpus/`), per field group and per source tool, as the Markdown table that
//! `docs/cv-extraction.md` shows:
//!
//!     cargo run -p jobr-cv --example corpus_report            # the table
//!     cargo run -p jobr-cv --example corpus_report -- -v      # and every miss, per CV

#[path = "../tests/corpus/score.rs"]
mod score;

fn main() {
    let verbose = std::env::args().any(|a| a == "-v" || a == "--verbose");
    let docs = score::load_corpus();
    let report = score::evaluate(&docs);
    if verbose {
        for (id, tool, layout, s) in &report.per_cv {
            println!("{id} ({tool}: {layout}): {} misses", s.misses.len());
            for m in &s.misses {
                println!("    {m}");
            }
        }
        println!();
    }
    println!(
        "{} CVs, read on {}. R = recall, P = precision (%).\n",
        docs.len(),
        score::TODAY
    );
    print!("{}", score::table(&report));
}
