//! The shared name form of the crate's wire enums (private).
//!
//! - [`eq_loose`]: compares a wire name with a canonical name, ignoring ASCII case, `_` and `-`.
//! - [`wire_enum!`]: writes `as_str`, the tolerant parse, `Display`, `FromStr` and the string
//!   serde form of an enum from its list of variants and spellings, so each type's file declares
//!   only those.
//!
//! # Examples
//!
//! A closed enum (every value known; unknown names are errors):
//!
//! ```text
//! wire_enum! {
//!     closed EducationSegment {
//!         K12 => "K12",
//!         HigherEducation => "HigherEducation",
//!     }
//!     from_str: RequestError::UnknownEducationSegment;
//!     serde: "education segment";
//! }
//! ```
//!
//! An open enum (a last `Unknown(String)` variant keeps values this version does not know):
//!
//! ```text
//! wire_enum! {
//!     open VettingStatus {
//!         Approved => "Approved",
//!         InReview => "InReview",
//!     }
//! }
//! ```
//!
//! A type that writes its own `parse(&str) -> Self` and `as_str(&self) -> &str` and only needs
//! `Display` and the string serde form: `wire_enum! { string_form QualificationName }`.

/// Compares a wire name with a canonical PascalCase name, ignoring ASCII case, `_` and `-`.
pub(crate) fn eq_loose(wire: &str, canonical: &str) -> bool {
    let mut wire = wire.bytes().filter(|b| *b != b'_' && *b != b'-');
    let mut canonical = canonical.bytes();
    loop {
        match (wire.next(), canonical.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(&b) => {}
            _ => return false,
        }
    }
}

/// Implements the name form of a wire enum; see the module docs for the three shapes.
///
/// - `closed T { V => "Name", .. }` on a `Copy` enum of unit variants: `as_str(self) ->
///   &'static str`, `from_name(&str) -> Option<Self>` and `Display`. Optionally
///   `from_str: Error::Variant;` adds `FromStr` (the variant wraps the refused text) and
///   `serde: "what";` adds the string serde form, refusing unknown names with
///   `unknown <what> "<text>"`.
/// - `open T { V => "Name", .. }` on an enum of unit variants plus `Unknown(String)`:
///   `as_str(&self) -> &str`, `parse(&str) -> Self` (never fails) and the `string_form` below.
/// - `string_form T` on a type with `parse(&str) -> Self` and `as_str(&self) -> &str`: `Display`,
///   `Serialize` (the name) and `Deserialize` (any string, through `parse`).
macro_rules! wire_enum {
    (
        closed $ty:ident {
            $($variant:ident => $name:literal),+ $(,)?
        }
        $(from_str: $($error:ident)::+;)?
        $(serde: $what:literal;)?
    ) => {
        impl $ty {
            /// The PascalCase wire name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }

            /// Parses any documented spelling, ignoring ASCII case, `_` and `-`. A name that
            /// matches no value gives `Option::None`.
            pub fn from_name(name: &str) -> ::core::option::Option<Self> {
                [$(Self::$variant),+]
                    .into_iter()
                    .find(|value| $crate::wire_enum::eq_loose(name, value.as_str()))
            }
        }

        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $(
            impl ::core::str::FromStr for $ty {
                type Err = $crate::RequestError;

                /// Parses a name as `from_name` does.
                ///
                /// # Errors
                ///
                /// The crate's [`RequestError`](crate::RequestError) naming the refused text, for
                /// a name that is none of the values.
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::from_name(s).ok_or_else(|| $($error)::+(s.to_owned()))
                }
            }
        )?

        $(
            impl ::serde::Serialize for $ty {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for $ty {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    let text = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                    Self::from_name(&text).ok_or_else(|| {
                        <D::Error as ::serde::de::Error>::custom(format!(
                            concat!("unknown ", $what, " {:?}"),
                            text
                        ))
                    })
                }
            }
        )?
    };

    (
        open $ty:ident {
            $($variant:ident => $name:literal),+ $(,)?
        }
    ) => {
        impl $ty {
            /// Parses a wire value, ignoring ASCII case, `_` and `-`; never fails (a value this
            /// version does not know is kept as `Unknown`).
            pub fn parse(value: &str) -> Self {
                [$(Self::$variant),+]
                    .into_iter()
                    .find(|known| $crate::wire_enum::eq_loose(value, known.as_str()))
                    .unwrap_or_else(|| Self::Unknown(value.to_owned()))
            }

            /// The wire name (PascalCase for known values, as received otherwise).
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $name,)+
                    Self::Unknown(value) => value,
                }
            }
        }

        $crate::wire_enum::wire_enum! { string_form $ty }
    };

    (string_form $ty:ident) => {
        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                ::core::result::Result::Ok(Self::parse(&text))
            }
        }
    };
}

pub(crate) use wire_enum;
