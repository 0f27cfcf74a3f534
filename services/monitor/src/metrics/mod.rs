//! Metric points and the batching writer with its bounded buffer.

mod buffer;
mod point;
mod sink;
mod writer;

pub use buffer::PointBuffer;
pub use point::{Field, Point};
pub use writer::{MetricWriter, WriterSettings, WriterStats};
