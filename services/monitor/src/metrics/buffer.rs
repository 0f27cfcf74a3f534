//! The writer's buffer: recording a point never waits; the buffer holds at most `capacity`
//! points, and when the store is down and it fills, the oldest points go first (the newest
//! say most about now) and are counted.

use std::collections::VecDeque;

use super::Point;

#[derive(Debug)]
pub struct PointBuffer {
    capacity: usize,
    points: VecDeque<Point>,
    dropped: u64,
}

impl PointBuffer {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            points: VecDeque::new(),
            dropped: 0,
        }
    }

    pub fn push(&mut self, point: Point) {
        if self.points.len() == self.capacity {
            self.points.pop_front();
            self.dropped += 1;
        }
        self.points.push_back(point);
    }

    /// Up to `n` of the oldest points, to write.
    pub fn take(&mut self, n: usize) -> Vec<Point> {
        let n = n.min(self.points.len());
        self.points.drain(..n).collect()
    }

    /// Puts back a batch whose write failed, ahead of newer points, as far as room allows
    /// (what does not fit is the oldest, and is dropped and counted).
    pub fn put_back(&mut self, batch: Vec<Point>) {
        let room = self.capacity - self.points.len();
        let skip = batch.len().saturating_sub(room);
        self.dropped += skip as u64;
        for point in batch.into_iter().skip(skip).rev() {
            self.points.push_front(point);
        }
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Points lost to the bound since the start.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(at: i64) -> Point {
        Point::new("m", at)
    }

    fn times(points: &[Point]) -> Vec<i64> {
        points.iter().map(|p| p.at).collect()
    }

    #[test]
    fn the_bound_drops_the_oldest_and_counts_them() {
        let mut b = PointBuffer::new(3);
        for at in 1..=5 {
            b.push(p(at));
        }
        assert_eq!((b.len(), b.dropped()), (3, 2));
        assert_eq!(times(&b.take(10)), [3, 4, 5]);
        assert!(b.is_empty());
    }

    #[test]
    fn a_failed_batch_goes_back_ahead_of_newer_points_within_the_bound() {
        let mut b = PointBuffer::new(4);
        for at in 1..=3 {
            b.push(p(at));
        }
        let batch = b.take(2);
        b.push(p(4));
        b.push(p(5));
        // Room for 1 of the 2: the older one (1) is dropped.
        b.put_back(batch);
        assert_eq!(b.dropped(), 1);
        assert_eq!(times(&b.take(10)), [2, 3, 4, 5]);
    }
}
