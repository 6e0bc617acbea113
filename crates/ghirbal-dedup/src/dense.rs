//! Maps the ordinals of the observed records (sparse: earlier stages drop records) to dense
//! indices `0..n` in ordinal order, so union-find arrays can be `Vec<u32>`.
//!
//! Ordinals count the run's input records, so they are nearly dense: a bitmap over
//! `0..=max_ordinal` with one rank per 64-bit word costs 0.19 bytes per *input* record and
//! answers in O(1). When ordinals are very sparse (more than 64 input positions per observed
//! record) a sorted list with binary search (8 bytes per record) is smaller and is used instead.

/// Ordinal → dense index, for the observed records only.
#[derive(Debug, Clone)]
pub(crate) enum DenseMap {
    /// Bit `o` set when ordinal `o` was observed; `ranks[w]` = set bits before word `w`.
    Bitmap { words: Vec<u64>, ranks: Vec<u32> },
    /// The observed ordinals, sorted.
    Sorted(Vec<u64>),
}

impl Default for DenseMap {
    fn default() -> DenseMap {
        DenseMap::Sorted(Vec::new())
    }
}

impl DenseMap {
    /// Builds the map from sorted, distinct ordinals.
    pub fn new(sorted: Vec<u64>) -> DenseMap {
        let Some(&max) = sorted.last() else {
            return DenseMap::Sorted(sorted);
        };
        if max / 64 > sorted.len() as u64 {
            return DenseMap::Sorted(sorted);
        }
        let n_words = (max / 64 + 1) as usize;
        let mut words = vec![0u64; n_words];
        for &o in &sorted {
            words[(o / 64) as usize] |= 1 << (o % 64);
        }
        let mut ranks = Vec::with_capacity(n_words);
        let mut acc = 0u32;
        for w in &words {
            ranks.push(acc);
            acc = acc.wrapping_add(w.count_ones());
        }
        DenseMap::Bitmap { words, ranks }
    }

    /// The dense index of `ord`, or `None` when it was not observed.
    pub fn get(&self, ord: u64) -> Option<u32> {
        match self {
            DenseMap::Bitmap { words, ranks } => {
                let w = usize::try_from(ord / 64).ok()?;
                let word = *words.get(w)?;
                let bit = ord % 64;
                if word & (1 << bit) == 0 {
                    return None;
                }
                let below = (word & ((1u64 << bit) - 1)).count_ones();
                Some(ranks[w] + below)
            }
            DenseMap::Sorted(v) => v.binary_search(&ord).ok().map(|i| i as u32),
        }
    }

    /// Number of ordinals mapped.
    pub fn len(&self) -> u32 {
        match self {
            DenseMap::Bitmap { words, ranks } => match (ranks.last(), words.last()) {
                (Some(r), Some(w)) => r + w.count_ones(),
                _ => 0,
            },
            DenseMap::Sorted(v) => v.len() as u32,
        }
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        match self {
            DenseMap::Bitmap { words, ranks } => words.len() * 8 + ranks.len() * 4,
            DenseMap::Sorted(v) => v.len() * 8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn bitmap_and_sorted_list_agree(mut ords in proptest::collection::vec(0u64..5000, 0..400), probe in 0u64..6000) {
            ords.sort_unstable();
            ords.dedup();
            let bitmap = DenseMap::new(ords.clone());
            let sorted = DenseMap::Sorted(ords.clone());
            prop_assert_eq!(bitmap.get(probe), sorted.get(probe));
            for (i, &o) in ords.iter().enumerate() {
                prop_assert_eq!(bitmap.get(o), Some(i as u32));
            }
        }
    }

    #[test]
    fn very_sparse_ordinals_use_the_sorted_list() {
        assert!(matches!(
            DenseMap::new(vec![0, 1 << 40]),
            DenseMap::Sorted(_)
        ));
        assert!(matches!(
            DenseMap::new((0..1000).collect()),
            DenseMap::Bitmap { .. }
        ));
    }
}
