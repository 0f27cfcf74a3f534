//! Where services record a metric sample without depending on the monitor: one number with
//! its labels, taken now. The monitor's writer implements it; recording must not block.

pub trait MetricSink: Send + Sync {
    fn record(&self, metric: &str, labels: &[(&str, &str)], value: f64);
}
