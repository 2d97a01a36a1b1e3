//! The most common leaked passwords of 8+ characters (shorter ones fail the length rule anyway).
//! Compared case-insensitively: "Password123" is as guessable as "password123".

const COMMON: &[&str] = &[
    "12345678", "123456789", "1234567890", "12345678910", "123123123", "11111111", "00000000",
    "87654321", "987654321", "0987654321", "11223344", "12341234", "12344321", "147258369",
    "123654789", "123456654321", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "1qazxsw2", "zaq12wsx",
    "qwertyuiop", "qwerty123", "qwerty12345", "qwertyui", "asdfghjkl", "asdfasdf", "zxcvbnm123",
    "q1w2e3r4", "q1w2e3r4t5", "a1b2c3d4", "abcd1234", "abc12345", "abcdefgh", "aaaaaaaa",
    "password", "password1", "password12", "password123", "password1234", "passw0rd", "p@ssw0rd",
    "p@ssword", "pa$$word", "mypassword", "letmein1", "letmein123", "welcome1", "welcome123",
    "iloveyou", "iloveyou1", "iloveyou2", "sunshine", "sunshine1", "princess", "princess1",
    "football", "football1", "baseball", "basketball", "superman", "batman123", "starwars",
    "trustno1", "whatever", "computer", "internet", "changeme", "changeme123", "administrator",
    "admin123", "admin1234", "master123", "michael1", "jennifer", "jordan23", "michelle",
    "charlie1", "shadow123", "monkey123", "dragon123", "freedom1", "liverpool", "chelsea1",
    "arsenal1", "cocacola", "chocolate", "butterfly", "samsung1", "pokemon1", "minecraft",
    "fuckyou1", "lovely123", "babygirl", "qazwsxedc", "1234qwer", "qwer1234", "zaq1zaq1",
    "test1234", "testtest", "default1", "secret123", "hello123", "welcome2", "football123",
    "jobr1234", "jobsearch",
];

pub fn is_common(password: &str) -> bool {
    let lowered = password.to_lowercase();
    COMMON.contains(&lowered.as_str())
}
