//! Typed identifiers for ids that cross from one module to another.
//!
//! Every row id is a UUIDv7 ([`crate::new_id`]). Where one module hands an id to
//! another (the order payments settle, the variant sales reserve, the user a request
//! acts for) it travels as its own type, so an order id cannot be passed where a
//! variant id is expected. On the wire and in both databases it is the plain UUID.

/// Declares `pub struct $name(pub Uuid)`: transparent to serde and sqlx, `Display`ed and
/// parsed as the UUID. The declaring crate needs `serde`, `sqlx` and `uuid`.
#[macro_export]
macro_rules! id_type {
    ($(#[$meta:meta])* $vis:vis struct $name:ident;) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize, sqlx::Type,
        )]
        #[serde(transparent)]
        #[sqlx(transparent)]
        $vis struct $name(pub uuid::Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn generate() -> Self {
                Self($crate::new_id())
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for uuid::Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::id_type! {
        /// An id for the test.
        struct ThingId;
    }

    #[test]
    fn an_id_is_its_uuid_on_the_wire_and_in_text() {
        let id = ThingId::generate();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{}\"", id.0));
        assert_eq!(serde_json::from_str::<ThingId>(&json).unwrap(), id);
        assert_eq!(id.to_string().parse::<ThingId>().unwrap(), id);
        assert!("not-an-id".parse::<ThingId>().is_err());
    }
}
