//! The `pii` record stage: e-mail addresses, phone numbers, IP addresses and IBANs replaced
//! by placeholders, with counts in `signals`.
//!
//! Kinds are masked in a fixed order, each on the text the previous one left: IBAN (its
//! digits would otherwise look like a phone number), e-mail, IP, phone. Every pattern names
//! its digits explicitly (`[0-9]`, Arabic-Indic `٠-٩`, Persian `۰-۹`): the `regex` crate's
//! `\d` is Unicode and matches digits of every script.

mod email;
mod iban;
mod ip;
mod phone;

use ghirbal_core::{Record, RecordStage, StageName, Verdict};

use crate::config::PiiConfig;

/// The placeholder that replaces an e-mail address.
pub const EMAIL: &str = "<EMAIL>";
/// The placeholder that replaces a phone number.
pub const PHONE: &str = "<PHONE>";
/// The placeholder that replaces an IPv4 or IPv6 address.
pub const IP: &str = "<IP>";
/// The placeholder that replaces an IBAN.
pub const IBAN: &str = "<IBAN>";

/// A byte range of the text to replace.
type Span = std::ops::Range<usize>;

/// The `pii` stage, built from `[pii]` by [`Pii::new`].
#[derive(Debug)]
pub struct Pii {
    config: PiiConfig,
    email: email::Finder,
    ip: ip::Finder,
    iban: iban::Finder,
    phone: phone::Finder,
}

/// How many of each kind were masked in one text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Masked {
    /// E-mail addresses.
    pub email: u64,
    /// Phone numbers.
    pub phone: u64,
    /// IP addresses.
    pub ip: u64,
    /// IBANs.
    pub iban: u64,
}

impl Pii {
    /// Builds the stage.
    pub fn new(config: &PiiConfig) -> Pii {
        Pii {
            config: config.clone(),
            email: email::Finder::new(),
            ip: ip::Finder::new(),
            iban: iban::Finder::new(),
            phone: phone::Finder::new(),
        }
    }

    /// `text` with the configured kinds masked, and how many of each.
    pub fn mask(&self, text: &str) -> (String, Masked) {
        let mut masked = Masked::default();
        let mut out = text.to_owned();
        if self.config.iban {
            let spans = self.iban.find(&out);
            masked.iban = replace(&mut out, &spans, IBAN);
        }
        if self.config.email {
            let spans = self.email.find(&out);
            masked.email = replace(&mut out, &spans, EMAIL);
        }
        if self.config.ip {
            let spans = self.ip.find(&out);
            masked.ip = replace(&mut out, &spans, IP);
        }
        if self.config.phone {
            let spans = self.phone.find(&out);
            masked.phone = replace(&mut out, &spans, PHONE);
        }
        (out, masked)
    }
}

/// Replaces the sorted, disjoint `spans` of `text` with `placeholder`; returns how many.
fn replace(text: &mut String, spans: &[Span], placeholder: &str) -> u64 {
    if spans.is_empty() {
        return 0;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        out.push_str(&text[at..s.start]);
        out.push_str(placeholder);
        at = s.end;
    }
    out.push_str(&text[at..]);
    *text = out;
    spans.len() as u64
}

/// True when `c` is a decimal digit of the scripts phone numbers are written in.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c)
}

impl RecordStage for Pii {
    fn name(&self) -> StageName {
        StageName::Pii
    }

    fn apply(&self, rec: &mut Record) -> Verdict {
        let (text, mut total) = self.mask(&rec.text);
        rec.text = text;
        if let Some(title) = rec.title.take() {
            let (t, m) = self.mask(&title);
            add(&mut total, m);
            rec.title = Some(t);
        }
        for caption in &mut rec.captions {
            let (c, m) = self.mask(caption);
            add(&mut total, m);
            *caption = c;
        }
        // The lede repeats the first paragraph: masked alike, not counted twice.
        if let Some(lede) = rec.lede.take() {
            rec.lede = Some(self.mask(&lede).0);
        }
        rec.set_count("pii.email", total.email);
        rec.set_count("pii.phone", total.phone);
        rec.set_count("pii.ip", total.ip);
        rec.set_count("pii.iban", total.iban);
        Verdict::Keep
    }
}

fn add(total: &mut Masked, m: Masked) {
    total.email += m.email;
    total.phone += m.phone;
    total.ip += m.ip;
    total.iban += m.iban;
}

#[cfg(test)]
mod tests;
