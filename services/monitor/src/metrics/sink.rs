//! The writer as the services' [`MetricSink`]: a sample becomes a point stamped now.

use fleet_core::{clock::now_ms, metric_sink::MetricSink};

use super::{MetricWriter, Point};

impl MetricSink for MetricWriter {
    fn record(&self, metric: &str, labels: &[(&str, &str)], value: f64) {
        let point = labels
            .iter()
            .fold(Point::metric(metric, value, now_ms()), |p, (k, v)| {
                p.tag(k, v)
            });
        MetricWriter::record(self, point);
    }
}
