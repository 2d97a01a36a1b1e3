//! Places as job ads and CVs write them ("Berlin, Germany", "Austin, TX", "Remote"), reduced to
//! a city and a country so locations can be compared.

use crate::text::words;

/// (alias as lower-case words, country). US state codes count as the United States.
const COUNTRIES: &[(&str, &str)] = &[
    ("united kingdom", "united kingdom"),
    ("uk", "united kingdom"),
    ("england", "united kingdom"),
    ("scotland", "united kingdom"),
    ("wales", "united kingdom"),
    ("northern ireland", "united kingdom"),
    ("great britain", "united kingdom"),
    ("united states", "united states"),
    ("united states of america", "united states"),
    ("usa", "united states"),
    ("us", "united states"),
    ("germany", "germany"),
    ("deutschland", "germany"),
    ("india", "india"),
    ("nigeria", "nigeria"),
    ("brazil", "brazil"),
    ("brasil", "brazil"),
    ("netherlands", "netherlands"),
    ("the netherlands", "netherlands"),
    ("holland", "netherlands"),
    ("canada", "canada"),
    ("ireland", "ireland"),
    ("france", "france"),
    ("spain", "spain"),
    ("italy", "italy"),
    ("portugal", "portugal"),
    ("poland", "poland"),
    ("austria", "austria"),
    ("switzerland", "switzerland"),
    ("australia", "australia"),
    ("singapore", "singapore"),
    ("south africa", "south africa"),
    ("kenya", "kenya"),
    ("mexico", "mexico"),
];

/// US states by code and name; "DE", "IN" and "CA" are read as states only after a city.
const US_STATES: &str = "al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc \
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// Lower-case city, when one is given.
    pub city: Option<String>,
    /// Canonical lower-case country, when recognised.
    pub country: Option<&'static str>,
    /// The text says "remote" / "anywhere".
    pub remote: bool,
}

impl Place {
    pub fn parse(text: &str) -> Self {
        let parts: Vec<String> = text
            .split([',', '|', '/', '(', ')'])
            .map(|p| words(p).join(" "))
            .filter(|p| !p.is_empty())
            .collect();
        let remote = parts
            .iter()
            .any(|p| p.split(' ').any(|w| w == "remote" || w == "anywhere"));
        let mut country = None;
        for (i, part) in parts.iter().enumerate().rev() {
            if let Some((_, c)) = COUNTRIES.iter().find(|(alias, _)| alias == part) {
                country = Some(*c);
                break;
            }
            if i > 0 && US_STATES.split(' ').any(|s| s == part) {
                country = Some("united states");
                break;
            }
        }
        let city = parts
            .first()
            .filter(|p| !p.contains("remote") && COUNTRIES.iter().all(|(a, _)| a != *p))
            .cloned();
        Self {
            city,
            country,
            remote,
        }
    }

    /// 1 for the same city, 0.8 for the same country, 0 when both are known and differ, and
    /// `unknown` when either side is not known.
    pub fn closeness(&self, other: &Place, unknown: f32) -> f32 {
        match (self.country, other.country) {
            (Some(a), Some(b)) if a != b => 0.0,
            (Some(_), Some(_)) => {
                if self.city.is_some() && self.city == other.city {
                    1.0
                } else {
                    0.8
                }
            }
            _ if self.city.is_some() && self.city == other.city => 1.0,
            _ => unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_reduce_to_city_and_country() {
        let p = Place::parse("Austin, TX");
        assert_eq!(
            (p.city.as_deref(), p.country),
            (Some("austin"), Some("united states"))
        );
        let p = Place::parse("Abuja, FCT, Nigeria");
        assert_eq!(p.country, Some("nigeria"));
        assert!(Place::parse("Remote").remote);
        assert_eq!(
            Place::parse("London, UK").closeness(&Place::parse("Manchester, United Kingdom"), 0.5),
            0.8
        );
        assert_eq!(
            Place::parse("Berlin, Germany").closeness(&Place::parse("Lagos, Nigeria"), 0.5),
            0.0
        );
        assert_eq!(
            Place::parse("Somewhere").closeness(&Place::parse("Lagos, Nigeria"), 0.5),
            0.5
        );
    }
}
