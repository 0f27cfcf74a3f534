//! Metric points and the writer's bounded buffer.

mod buffer;
mod point;

pub use buffer::PointBuffer;
pub use point::{Field, Point};
