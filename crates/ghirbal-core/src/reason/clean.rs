//! Reasons of the `clean` stage.

reasons! {
    /// Nothing is left of the text after cleaning.
    EMPTY = "clean:empty";
}
