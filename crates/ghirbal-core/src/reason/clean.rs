//! Reasons of the `clean` stage.

reasons! {
    /// Nothing is left of the text after cleaning.
    EMPTY = "clean:empty";
    /// Every line left after the record stage recurs across the site's pages (the
    /// site-boilerplate corpus stage), so nothing of the page is its own.
    SITE_BOILERPLATE = "clean:site_boilerplate";
}

/// Why a line was taken out of a record's text: the `reason` of each entry in
/// `metadata.removed` when `[clean] explain` is on. These never drop a record; counts of them
/// go into `signals` as `clean.<name>_lines`.
pub mod line {
    /// The headline, moved into `title`.
    pub const TITLE: &str = "title";
    /// A first line equal to the record's existing `title`.
    pub const TITLE_REPEAT: &str = "title_repeat";
    /// A photo caption, moved into `captions`.
    pub const CAPTION: &str = "caption";
    /// A teaser that repeats the start of a later paragraph.
    pub const TEASER_DUPLICATE: &str = "teaser_duplicate";
    /// A date, time or "updated" line around the headline, parsed into `date` when it can be.
    pub const DATELINE: &str = "dateline";
    /// A byline around the headline, parsed into `metadata.author`.
    pub const BYLINE: &str = "byline";
    /// In-page furniture; the full reason is `boilerplate:<kind>`: `navigation` (menus,
    /// breadcrumbs), `section_label`, `above_headline`, `share` (tool bars), `related` (lists of
    /// other stories), `read_also`, `tags`, `comments`, `counter`, `copyright` (legal lines),
    /// `ad` (ad labels, in-body asides, paywall counters), `poll` (a question on the page and
    /// its answer buttons), `download` (a file offered under the headline), `notice` (the
    /// site's one-sentence notice about the page or the story), `consent` (a cookie or consent
    /// banner), `credit` (a place-and-agency slug, a reporting credit), `after_body` (what
    /// follows the end of the article).
    pub const BOILERPLATE: &str = "boilerplate";
    /// A line that recurs on many pages of the same site.
    pub const SITE_BOILERPLATE: &str = "site_boilerplate";
}
