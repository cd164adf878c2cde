//! A stable sort for the model's short lists (a tornado's rows, the clients of one
//! month): insertion sort, a few dozen bytes of code where the standard library's
//! stable sort adds kilobytes to every page load for lists of at most a few hundred.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order. Quadratic: for short
/// lists only.
pub fn sort_short_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 {
            let (Some(before), Some(here)) = (items.get(j - 1), items.get(j)) else {
                break;
            };
            if compare(before, here) != Ordering::Greater {
                break;
            }
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Pairs with repeated keys: equal keys must keep their order.
        let mut seed = 7u32;
        let mut items: Vec<(u32, usize)> = (0..200)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((seed >> 16) % 13, i)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|b| std::cmp::Reverse(b.0));
        sort_short_by(&mut items, |a, b| b.0.cmp(&a.0));
        assert_eq!(items, expected);
        let mut empty: Vec<u32> = Vec::new();
        sort_short_by(&mut empty, u32::cmp);
        assert!(empty.is_empty());
    }
}
