//! The structured CV: what both the rule-based parser and an AI analyzer produce.

use std::fmt;
use std::str::FromStr;

use jobr_core::{CvId, Timestamp};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::extract::DocumentFormat;

/// What a list of CVs shows of each: enough to pick one, without its text or full parse
/// (those are what make a CV heavy, and a list page loads many).
#[derive(Debug, Clone, PartialEq)]
pub struct CvSummary {
    pub id: CvId,
    pub file_name: String,
    pub format: DocumentFormat,
    pub size_bytes: i64,
    pub sha256: String,
    pub source: ParseSource,
    /// The candidate's name as parsed, the one line a list shows of the content.
    pub name: Option<String>,
    pub created_at: Timestamp,
}

/// A CV's stored original, as the clean-up paths need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvFile {
    pub id: CvId,
    pub file_key: String,
}

/// A CV turned into data. JSON is camelCase because it goes to web clients as is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ParsedCv {
    pub name: Option<String>,
    pub email: Option<String>,
    /// E.164 (`+14155550123`) when the number could be normalised, else as written.
    pub phone: Option<String>,
    pub location: Option<String>,
    pub links: Links,
    pub summary: Option<String>,
    /// Canonical skill names from [`crate::skills`], in order of first mention.
    pub skills: Vec<String>,
    pub experience: Vec<Experience>,
    pub education: Vec<Education>,
    pub certifications: Vec<String>,
    pub languages: Vec<String>,
    #[serde(serialize_with = "one_decimal")]
    pub total_years_experience: Option<f32>,
    pub experience_level: Option<ExperienceLevel>,
    pub confidence: Confidence,
    pub source: ParseSource,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Links {
    pub linkedin: Option<String>,
    pub github: Option<String>,
    pub portfolio: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Experience {
    pub company: Option<String>,
    pub title: Option<String>,
    pub start: Option<CvDate>,
    pub end: Option<CvDate>,
    /// True when the end is "present"/"current"/"now"; `end` is then `None`.
    pub current: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Education {
    pub institution: Option<String>,
    pub degree: Option<String>,
    pub field: Option<String>,
    pub graduation: Option<CvDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExperienceLevel {
    Junior,
    Mid,
    Senior,
    Lead,
}

/// Which path produced a [`ParsedCv`]; clients are told, as the house rules require.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParseSource {
    Ai,
    #[default]
    Rules,
}

/// How sure the producer is of each field, 0.0 (absent or guessed) to 1.0 (certain).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Confidence {
    #[serde(serialize_with = "two_decimals")]
    pub name: f32,
    #[serde(serialize_with = "two_decimals")]
    pub email: f32,
    #[serde(serialize_with = "two_decimals")]
    pub phone: f32,
    #[serde(serialize_with = "two_decimals")]
    pub location: f32,
    #[serde(serialize_with = "two_decimals")]
    pub links: f32,
    #[serde(serialize_with = "two_decimals")]
    pub summary: f32,
    #[serde(serialize_with = "two_decimals")]
    pub skills: f32,
    #[serde(serialize_with = "two_decimals")]
    pub experience: f32,
    #[serde(serialize_with = "two_decimals")]
    pub education: f32,
}

/// Confidences are estimates: two decimals say all they mean, and spare clients the f32 noise
/// (`0.8500000834465027`) that a widening to f64 would otherwise show.
fn two_decimals<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(rounded(*value, 100.0))
}

/// Years of experience are given to a tenth, like "10.8".
fn one_decimal<S: Serializer>(value: &Option<f32>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(years) => serializer.serialize_some(&rounded(*years, 10.0)),
        None => serializer.serialize_none(),
    }
}

fn rounded(value: f32, scale: f64) -> f64 {
    (f64::from(value) * scale).round() / scale
}

/// A month precision date as CVs give them: a year, or a year and a month.
/// Serialised as `"YYYY"` or `"YYYY-MM"` so the JSON stays readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CvDate {
    pub year: u16,
    /// 1..=12
    pub month: Option<u8>,
}

impl CvDate {
    pub fn year(year: u16) -> Self {
        Self { year, month: None }
    }

    pub fn year_month(year: u16, month: u8) -> Self {
        Self {
            year,
            month: Some(month),
        }
    }

    /// The year and month of an instant (in its offset; the server's clock gives UTC).
    pub fn month_of(instant: Timestamp) -> Self {
        Self::year_month(
            u16::try_from(instant.year()).unwrap_or(0),
            u8::from(instant.month()),
        )
    }

    /// Months since year 0, taking January for a bare year (used for durations).
    pub fn month_index(&self) -> i32 {
        i32::from(self.year) * 12 + i32::from(self.month.unwrap_or(1)) - 1
    }
}

impl fmt::Display for CvDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.month {
            Some(m) => write!(f, "{:04}-{:02}", self.year, m),
            None => write!(f, "{:04}", self.year),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a date as YYYY or YYYY-MM, got {0:?}")]
pub struct CvDateParseError(String);

impl FromStr for CvDate {
    type Err = CvDateParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CvDateParseError(s.to_owned());
        let (y, m) = match s.split_once('-') {
            Some((y, m)) => (y, Some(m)),
            None => (s, None),
        };
        if y.len() != 4 {
            return Err(bad());
        }
        let year: u16 = y.parse().map_err(|_| bad())?;
        let month = match m {
            Some(m) => {
                let m: u8 = m.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&m) {
                    return Err(bad());
                }
                Some(m)
            }
            None => None,
        };
        Ok(Self { year, month })
    }
}

impl Serialize for CvDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CvDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_as_strings() {
        for s in ["2021", "2021-03"] {
            let d: CvDate = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
        assert!("21-03".parse::<CvDate>().is_err());
        assert!("2021-13".parse::<CvDate>().is_err());
    }

    #[test]
    fn scores_and_years_are_rounded_in_json_even_through_a_json_value() {
        let cv = ParsedCv {
            total_years_experience: Some(10.8),
            confidence: Confidence {
                education: 0.85 + f32::EPSILON,
                ..Confidence::default()
            },
            ..ParsedCv::default()
        };
        let json = serde_json::to_value(&cv).unwrap();
        assert_eq!(json["totalYearsExperience"], 10.8);
        assert_eq!(json["confidence"]["education"], 0.85);
    }

    #[test]
    fn json_is_camel_case_with_source() {
        let cv = ParsedCv {
            total_years_experience: Some(3.5),
            ..ParsedCv::default()
        };
        let json = serde_json::to_value(&cv).unwrap();
        assert_eq!(json["source"], "rules");
        assert_eq!(json["totalYearsExperience"], 3.5);
    }
}
