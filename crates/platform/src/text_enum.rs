/// `ALL`, `as_str` and `parse` for a fieldless enum stored as text, and the sqlx traits to
/// bind it and read it on either database: an unknown value (written by a newer replica during a
/// rolling deploy) is a decoding error, never a panic nor a silent default.
#[macro_export]
macro_rules! text_enum {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($ty::$variant),)+ _ => None }
            }
        }

        impl $crate::TextEnum for $ty {
            const ALL: &'static [$ty] = $ty::ALL;

            fn as_str(self) -> &'static str {
                $ty::as_str(self)
            }
        }

        impl<DB: sqlx::Database> sqlx::Type<DB> for $ty
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $ty
        where
            &'q str: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&'q str as sqlx::Encode<'q, DB>>::encode(self.as_str(), buf)
            }
        }

        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $ty
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&str as sqlx::Decode<DB>>::decode(value)?;
                Self::parse(text).ok_or_else(|| {
                    format!("unknown {} '{text}'", stringify!($ty)).into()
                })
            }
        }
    };
}

/// What [`text_enum!`](crate::text_enum) gives an enum, for code generic over such enums.
pub trait TextEnum: Copy + 'static {
    /// Every value, in declaration order.
    const ALL: &'static [Self];

    /// The text stored in the column.
    fn as_str(self) -> &'static str;
}

/// A status column that moves only along the edges of its state machine.
///
/// The machine is written once, in [`StateMachine::can_become`]; the conditional update
/// that moves a row takes its guard from the same machine
/// ([`StateMachine::sources_sql`]), so the database enforces it atomically per row and
/// two racing writers cannot both move a row out of the same status.
pub trait StateMachine: TextEnum + PartialEq {
    /// Whether a row in `self` may move to `next`.
    fn can_become(self, next: Self) -> bool;

    /// The statuses `next` may be reached from, as an SQL list (`'pending', 'expired'`) for
    /// the `WHERE status IN (…)` of the update that moves a row to `next`.
    fn sources_sql(next: Self) -> String {
        let sources: Vec<String> = Self::ALL
            .iter()
            .filter(|from| from.can_become(next))
            .map(|from| format!("'{}'", from.as_str()))
            .collect();
        // `IN ('')` matches no stored status: a status nothing leads to is never written
        // by an update.
        if sources.is_empty() {
            "''".to_owned()
        } else {
            sources.join(", ")
        }
    }

    /// Whether nothing leads out of `self`.
    fn is_final(self) -> bool {
        Self::ALL.iter().all(|&next| !self.can_become(next))
    }
}

#[cfg(test)]
mod tests {
    use super::StateMachine;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Light {
        Red,
        Green,
        Broken,
    }

    crate::text_enum!(Light {
        Red => "red",
        Green => "green",
        Broken => "broken",
    });

    impl StateMachine for Light {
        fn can_become(self, next: Self) -> bool {
            use Light::*;
            matches!(
                (self, next),
                (Red, Green) | (Green, Red) | (Red | Green, Broken)
            )
        }
    }

    #[test]
    fn guards_list_exactly_the_statuses_that_lead_to_the_target() {
        assert_eq!(Light::sources_sql(Light::Green), "'red'");
        assert_eq!(Light::sources_sql(Light::Broken), "'red', 'green'");
        assert!(Light::Broken.is_final());
        assert!(!Light::Red.is_final());
    }

    #[test]
    fn a_status_nothing_leads_to_gets_a_guard_that_matches_no_row() {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Once {
            Start,
            End,
        }
        crate::text_enum!(Once { Start => "start", End => "end" });
        impl StateMachine for Once {
            fn can_become(self, next: Self) -> bool {
                matches!((self, next), (Once::Start, Once::End))
            }
        }
        assert_eq!(Once::sources_sql(Once::Start), "''");
        assert_eq!(Once::parse("end"), Some(Once::End));
    }
}
