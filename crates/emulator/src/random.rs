//! Random secret generation with the options of NCP's Generate Random Secret, and random ids.

/// ASCII punctuation characters, the `excludePunctuation` class.
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";

/// The options of Generate Random Secret, with the documented defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RandomOptions {
    pub(crate) length: usize,
    pub(crate) exclude_characters: String,
    pub(crate) exclude_numbers: bool,
    pub(crate) exclude_punctuation: bool,
    pub(crate) exclude_uppercase: bool,
    pub(crate) exclude_lowercase: bool,
    pub(crate) include_space: bool,
    pub(crate) require_each_included_type: bool,
}

impl Default for RandomOptions {
    fn default() -> Self {
        Self {
            length: 12,
            exclude_characters: String::new(),
            exclude_numbers: false,
            exclude_punctuation: false,
            exclude_uppercase: false,
            exclude_lowercase: false,
            include_space: true,
            require_each_included_type: true,
        }
    }
}

/// The smallest and largest `length`.
pub(crate) const LENGTH_RANGE: std::ops::RangeInclusive<usize> = 5..=32;

/// Generates a random string honouring every option, or says why it cannot.
pub(crate) fn random_secret(rng: &mut fastrand::Rng, options: &RandomOptions) -> Result<String, String> {
    random_secret_within(rng, options, LENGTH_RANGE)
}

/// Like [`random_secret`], with `lengths` the lengths allowed.
pub(crate) fn random_secret_within(
    rng: &mut fastrand::Rng,
    options: &RandomOptions,
    lengths: std::ops::RangeInclusive<usize>,
) -> Result<String, String> {
    if !lengths.contains(&options.length) {
        return Err(format!("length must be between {} and {}", lengths.start(), lengths.end()));
    }
    let keep = |class: &str| -> Vec<char> {
        class.chars().filter(|c| !options.exclude_characters.contains(*c)).collect()
    };
    let mut classes: Vec<Vec<char>> = Vec::new();
    for (excluded, class) in [
        (options.exclude_lowercase, LOWERCASE),
        (options.exclude_uppercase, UPPERCASE),
        (options.exclude_numbers, DIGITS),
        (options.exclude_punctuation, PUNCTUATION),
    ] {
        if !excluded {
            let chars = keep(class);
            if !chars.is_empty() {
                classes.push(chars);
            }
        }
    }
    let mut pool: Vec<char> = classes.iter().flatten().copied().collect();
    if options.include_space && !options.exclude_characters.contains(' ') {
        pool.push(' ');
    }
    if pool.is_empty() {
        return Err("the options exclude every character".to_owned());
    }
    let mut out: Vec<char> = Vec::with_capacity(options.length);
    if options.require_each_included_type {
        if classes.len() > options.length {
            return Err("length is too short to include each character type".to_owned());
        }
        for class in &classes {
            out.push(class[rng.usize(..class.len())]);
        }
    }
    while out.len() < options.length {
        out.push(pool[rng.usize(..pool.len())]);
    }
    rng.shuffle(&mut out);
    Ok(out.into_iter().collect())
}

/// `count` random lower-case hex digits.
pub(crate) fn hex(rng: &mut fastrand::Rng, count: usize) -> String {
    (0..count).map(|_| char::from(b"0123456789abcdef"[rng.usize(..16)])).collect()
}

/// A UUID-looking (version 4 layout) random id.
pub(crate) fn uuid(rng: &mut fastrand::Rng) -> String {
    let h = hex(rng, 32);
    let variant = char::from(b"89ab"[rng.usize(..4)]);
    format!("{}-{}-4{}-{}{}-{}", &h[0..8], &h[8..12], &h[13..16], variant, &h[17..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generate(options: &RandomOptions) -> Result<String, String> {
        random_secret(&mut fastrand::Rng::with_seed(42), options)
    }

    #[test]
    fn defaults_give_twelve_characters_with_each_type() {
        for seed in 0..50 {
            let s = random_secret(&mut fastrand::Rng::with_seed(seed), &RandomOptions::default()).unwrap();
            assert_eq!(s.chars().count(), 12);
            assert!(s.chars().any(|c| c.is_ascii_lowercase()));
            assert!(s.chars().any(|c| c.is_ascii_uppercase()));
            assert!(s.chars().any(|c| c.is_ascii_digit()));
            assert!(s.chars().any(|c| c.is_ascii_punctuation()));
        }
    }

    #[test]
    fn exclusions_are_honoured() {
        let options = RandomOptions {
            length: 32,
            exclude_characters: "abcXYZ".into(),
            exclude_numbers: true,
            exclude_punctuation: true,
            include_space: false,
            ..RandomOptions::default()
        };
        for seed in 0..50 {
            let s = random_secret(&mut fastrand::Rng::with_seed(seed), &options).unwrap();
            assert_eq!(s.len(), 32);
            assert!(s.chars().all(|c| c.is_ascii_alphabetic()), "{s}");
            assert!(!s.contains(['a', 'b', 'c', 'X', 'Y', 'Z']), "{s}");
        }
        let only_upper = RandomOptions {
            exclude_lowercase: true,
            exclude_numbers: true,
            exclude_punctuation: true,
            include_space: false,
            ..RandomOptions::default()
        };
        assert!(generate(&only_upper).unwrap().chars().all(|c| c.is_ascii_uppercase()));
    }

    #[test]
    fn space_only_when_included() {
        let mut saw_space = false;
        let with_space = RandomOptions {
            length: 32,
            exclude_numbers: true,
            exclude_punctuation: true,
            exclude_uppercase: true,
            ..RandomOptions::default()
        };
        for seed in 0..50 {
            let s = random_secret(&mut fastrand::Rng::with_seed(seed), &with_space).unwrap();
            saw_space |= s.contains(' ');
        }
        assert!(saw_space);
        let without = RandomOptions { include_space: false, length: 32, ..RandomOptions::default() };
        for seed in 0..50 {
            assert!(!random_secret(&mut fastrand::Rng::with_seed(seed), &without).unwrap().contains(' '));
        }
    }

    #[test]
    fn impossible_options_are_errors() {
        assert!(generate(&RandomOptions { length: 4, ..RandomOptions::default() }).is_err());
        assert!(generate(&RandomOptions { length: 33, ..RandomOptions::default() }).is_err());
        let nothing = RandomOptions {
            exclude_lowercase: true,
            exclude_uppercase: true,
            exclude_numbers: true,
            exclude_punctuation: true,
            include_space: false,
            ..RandomOptions::default()
        };
        assert!(generate(&nothing).is_err());
        assert_eq!(
            generate(&RandomOptions { length: 5, require_each_included_type: false, ..nothing.clone() }),
            Err("the options exclude every character".to_owned())
        );
        let lower_only_excluded =
            RandomOptions { exclude_characters: LOWERCASE.into(), ..RandomOptions::default() };
        assert!(!generate(&lower_only_excluded).unwrap().chars().any(|c| c.is_ascii_lowercase()));
    }

    #[test]
    fn ids_have_their_shapes() {
        let mut rng = fastrand::Rng::with_seed(1);
        let id = hex(&mut rng, 64);
        assert_eq!(id.len(), 64);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
        let u = uuid(&mut rng);
        assert_eq!(u.len(), 36);
        assert_eq!(u.matches('-').count(), 4);
        assert_eq!(&u[14..15], "4");
    }
}
