//! The encoding in which corpus stages save what they observed ([`crate::CorpusStage::load`]):
//! little-endian integers and length-prefixed bytes, appended record after record, read back
//! with every length checked, so damaged bytes are an error, never a panic.

/// Appends `v` as 4 little-endian bytes.
pub fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends `v` as 8 little-endian bytes.
pub fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends `v` as 16 little-endian bytes.
pub fn put_u128(out: &mut Vec<u8>, v: u128) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends `bytes` after their length (4 bytes; longer input is cut at `u32::MAX`).
pub fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    let bytes = &bytes[..bytes.len().min(u32::MAX as usize)];
    put_u32(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
}

/// Reads saved bytes front to back; each read fails when too few bytes are left.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { rest: bytes }
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.rest.len() < n {
            return Err(format!(
                "saved bytes end early: {n} wanted, {} left",
                self.rest.len()
            ));
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(head)
    }

    /// The next byte.
    pub fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    /// The next 4 bytes as a little-endian integer.
    pub fn u32(&mut self) -> Result<u32, String> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }

    /// The next 8 bytes as a little-endian integer.
    pub fn u64(&mut self) -> Result<u64, String> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    /// The next 16 bytes as a little-endian integer.
    pub fn u128(&mut self) -> Result<u128, String> {
        let mut b = [0u8; 16];
        b.copy_from_slice(self.take(16)?);
        Ok(u128::from_le_bytes(b))
    }

    /// Bytes written by [`put_bytes`].
    pub fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_put_reads_back_and_a_short_read_is_an_error() {
        let mut out = Vec::new();
        put_u32(&mut out, 7);
        put_u64(&mut out, u64::MAX - 1);
        put_u128(&mut out, 1 << 100);
        put_bytes(&mut out, "مرحبا".as_bytes());
        let mut r = Reader::new(&out);
        assert_eq!(r.u32(), Ok(7));
        assert_eq!(r.u64(), Ok(u64::MAX - 1));
        assert_eq!(r.u128(), Ok(1 << 100));
        assert_eq!(r.bytes(), Ok("مرحبا".as_bytes()));
        assert!(r.is_empty());
        let mut short = Reader::new(&out[..out.len() - 1]);
        short.u32().unwrap();
        short.u64().unwrap();
        short.u128().unwrap();
        assert!(short.bytes().is_err());
        assert!(Reader::new(&[]).u8().is_err());
    }
}
