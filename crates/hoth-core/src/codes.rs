//! The code vocabulary at the bottom of the crate: the `codes!` macro that declares a closed
//! set of snake_case codes, and the codes that several modules share. Imports nothing of the
//! crate, so every module can use it.

/// Declares a closed set of snake_case codes with their list, for messages and facts.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            ::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema,
        )]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $code)] $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every code, in declaration order (serde's list of variants).
            pub const CODES: &'static [&'static str] = &[$($code),+];

            /// The stable snake_case code used in JSON.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The value for a code, if it is one of ours.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        // Every code is written into JSON as it is (the decision's writer copies it without
        // checking it for escapes): refuse to build if one would need escaping.
        const _: () = { $(assert!($crate::codes::json_plain($code), "a code JSON would escape");)+ };

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use codes;

/// Whether JSON escapes this byte in a string: a control character, `"` or `\\`.
pub(crate) const fn json_escapes(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// Whether JSON writes `text` as it is, with no byte it escapes (checked at compile time for
/// every code).
pub(crate) const fn json_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if json_escapes(bytes[i]) {
            return false;
        }
        i += 1;
    }
    true
}

codes! {
    /// The screening level. Ordered: `None < Emerging < Moderate < Significant`.
    Level { None = "none", Emerging = "emerging", Moderate = "moderate", Significant = "significant" }
}

impl Level {
    /// The Berkshire threshold level: none 1, emerging 2, moderate 3, significant 4.
    pub const fn number(self) -> u8 {
        match self {
            Level::None => 1,
            Level::Emerging => 2,
            Level::Moderate => 3,
            Level::Significant => 4,
        }
    }
}
