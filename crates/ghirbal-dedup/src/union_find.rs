//! Disjoint sets over dense record indices: `Vec<u32>` parents, path halving, union by size.
//!
//! 8 bytes per record. The partition it ends with does not depend on the order of `union`
//! calls; which element is the internal root does, so callers pick a cluster's
//! representative themselves (the smallest index) instead of trusting the root.

/// Disjoint sets of `0..n`.
#[derive(Debug, Clone, Default)]
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    /// `n` singleton sets; `n` must fit in `u32`.
    pub fn new(n: u32) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n as usize],
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// True when there are no elements.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The root of `x`'s set, halving the path on the way.
    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Joins the sets of `a` and `b`; the larger set's root stays the root.
    pub fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (big, small) = if self.size[ra as usize] >= self.size[rb as usize] {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
    }

    /// Size of the set whose root is `root`.
    pub fn root_size(&self, root: u32) -> u32 {
        self.size[root as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn chained_unions_make_one_set() {
        let mut uf = UnionFind::new(5);
        uf.union(0, 1);
        uf.union(3, 4);
        uf.union(1, 4);
        let r = uf.find(0);
        assert!([1, 3, 4].iter().all(|&x| uf.find(x) == r));
        assert_ne!(uf.find(2), r);
        assert_eq!(uf.root_size(r), 4);
    }

    proptest! {
        #[test]
        fn partition_does_not_depend_on_union_order(pairs in proptest::collection::vec((0u32..40, 0u32..40), 0..60)) {
            let mut fwd = UnionFind::new(40);
            for &(a, b) in &pairs { fwd.union(a, b); }
            let mut rev = UnionFind::new(40);
            for &(a, b) in pairs.iter().rev() { rev.union(b, a); }
            for x in 0..40 {
                for y in 0..40 {
                    prop_assert_eq!(fwd.find(x) == fwd.find(y), rev.find(x) == rev.find(y));
                }
            }
        }
    }
}
