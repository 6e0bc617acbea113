//! Photo captions, moved out of the text into `captions`.
//!
//! A caption is caption-shaped (3 to 30 words, no sentence end: it names a subject and an
//! occasion, not a statement) and stands where captions stand:
//! - between a duplicated teaser and the paragraph it repeats, with at most
//!   [`MAX_BETWEEN`] lines there: a naive extractor linearises "headline, teaser, photo
//!   and caption, article" in that order; or
//! - anywhere, when it starts or ends with a caption cue of a lexicon ("صورة أرشيفية",
//!   "(رويترز)", "Photo:", "(AFP)").
//!
//! A line that speaks of the text itself, a byline or a note on the article ("مقال بقلم ...",
//! "نشر هذا المقال بالتعاون مع ...", "This article ..."; the `[captions] not` words of a
//! lexicon), is never a caption: it stays in the text. Short unpunctuated lines elsewhere are
//! subheadings and stay in the text too.

use ghirbal_core::reason::clean::line;

use super::page::Page;
use super::teaser::Teaser;
use crate::lexicon::Lexicon;

/// Most lines between a teaser and its paragraph that may be captions.
const MAX_BETWEEN: usize = 2;

/// Takes the captions out of `page` and returns them in page order.
pub fn take(page: &mut Page<'_>, teasers: &[Teaser], lexicon: &Lexicon) -> Vec<String> {
    let mut picked = Vec::new();
    for t in teasers {
        let between: Vec<usize> = (t.line + 1..t.repeated_in)
            .filter(|&i| page.lines[i].is_live())
            .collect();
        if between.len() <= MAX_BETWEEN {
            picked.extend(
                between
                    .into_iter()
                    .filter(|&i| is_caption(page, i, lexicon)),
            );
        }
    }
    let live: Vec<usize> = page.live_from(0).collect();
    // The last line left is never taken as a caption: a page must keep its text.
    for &i in &live {
        let l = &page.lines[i];
        if is_caption(page, i, lexicon) && lexicon.has_caption_cue(l.text) {
            picked.push(i);
        }
    }
    picked.sort_unstable();
    picked.dedup();
    if picked.len() >= live.len() {
        return Vec::new();
    }
    let mut captions = Vec::with_capacity(picked.len());
    for i in picked {
        captions.push(page.lines[i].text.to_owned());
        page.remove(
            i,
            line::CAPTION,
            "caption",
            &[("words", page.lines[i].size() as f64)],
        );
    }
    captions
}

/// True when line `i` is caption-shaped and does not speak of the text itself.
fn is_caption(page: &Page<'_>, i: usize, lexicon: &Lexicon) -> bool {
    let l = &page.lines[i];
    l.is_caption_shaped() && !lexicon.is_about_the_text(l.text)
}
