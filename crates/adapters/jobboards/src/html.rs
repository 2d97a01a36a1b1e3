//! Job boards send descriptions as HTML. Stored jobs hold plain text (matching and search read
//! words), so tags go and entities are decoded.

use std::borrow::Cow;

/// Tags after which the text starts a new line, so paragraphs and list items stay apart.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "blockquote",
    "pre",
    "hr",
];

/// Tags whose content is not text a reader sees.
const HIDDEN_TAGS: &[&str] = &["script", "style", "head", "template"];

/// Plain text from an HTML fragment. Greenhouse escapes its HTML once more
/// (`&lt;p&gt;Rust &amp;amp; Go&lt;/p&gt;`), so: decode entities, strip tags, decode again.
/// One line per block (paragraph, heading, list item), spaces collapsed, no blank lines.
pub fn html_to_text(html: &str) -> String {
    let markup = html_escape::decode_html_entities(html);
    let text = strip_tags(&markup);
    let text: Cow<'_, str> = html_escape::decode_html_entities(&text);
    let lines: Vec<String> = text
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n")
}

/// Removes tags (and comments, and the content of hidden elements). Not a sanitiser: the output
/// is plain text that is never rendered as HTML.
fn strip_tags(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    let mut hidden: Option<String> = None;
    while let Some(start) = rest.find('<') {
        if hidden.is_none() {
            out.push_str(&rest[..start]);
        }
        let after = &rest[start + 1..];
        // `<` starts a tag only before a name, `/` or `!`; otherwise it is text ("a < b").
        if !after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            if hidden.is_none() {
                out.push('<');
            }
            rest = after;
            continue;
        }
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(end) = tag_end(after) else {
            // An unclosed `<`: the rest is not a tag; keep it as text.
            if hidden.is_none() {
                out.push_str(&rest[start..]);
            }
            rest = "";
            break;
        };
        let tag = &after[..end];
        rest = &after[end + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(open) = &hidden {
            if closing && *open == name {
                hidden = None;
            }
            continue;
        }
        if !closing && HIDDEN_TAGS.contains(&name.as_str()) && !tag.ends_with('/') {
            hidden = Some(name);
            continue;
        }
        if name == "li" && !closing {
            out.push_str("\n- ");
        } else if BLOCK_TAGS.contains(&name.as_str()) {
            out.push('\n');
        } else {
            // Inline tags (<b>, <a>, <span>) sit between words or inside one: no space.
        }
    }
    if hidden.is_none() {
        out.push_str(rest);
    }
    out
}

/// Where a tag that starts at `tag` ends: the first `>` outside a quoted attribute value
/// (`<a title="x > y">`); with an unbalanced quote, the first `>` at all.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    tag.find('>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greenhouse_double_escaped_content_becomes_plain_text() {
        let content = "&lt;div class=&quot;content-intro&quot;&gt;&lt;p&gt;We build \
                       &lt;strong&gt;payments&lt;/strong&gt; &amp;amp; billing.&lt;/p&gt;&lt;/div&gt;\
                       &lt;ul&gt;&lt;li&gt;5+ years of Go&lt;/li&gt;&lt;li&gt;PostgreSQL&lt;/li&gt;&lt;/ul&gt;";
        assert_eq!(
            html_to_text(content),
            "We build payments & billing.\n- 5+ years of Go\n- PostgreSQL"
        );
    }

    #[test]
    fn scripts_comments_and_stray_brackets_are_handled() {
        assert_eq!(
            html_to_text("<p>a < b</p><script>alert(1)</script><!-- note --><p>c&nbsp;d</p>"),
            "a < b\nc d"
        );
        assert_eq!(html_to_text("x <unclosed"), "x <unclosed");
        assert_eq!(
            html_to_text("<a title=\"a > b\" href='#'>link</a> text"),
            "link text"
        );
        assert_eq!(html_to_text(""), "");
    }

    proptest::proptest! {
        #[test]
        fn any_input_converts_without_panicking(
            input in "(<|>|/|!|--|\"|'|&|;|#|[a-z]{1,6}|é|€| |\n){0,60}"
        ) {
            let text = html_to_text(&input);
            // One trimmed, non-empty line per block, whatever came in.
            proptest::prop_assert!(text.lines().all(|l| !l.is_empty() && l.trim() == l));
        }
    }
}
