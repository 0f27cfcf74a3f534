//! The dispatcher's loop: a round every interval, and another at once while rounds come back
//! full, so a backlog drains without waiting for ticks; until shutdown.

use std::{fmt::Display, future::Future, time::Duration};

use tokio::sync::watch;

/// Runs `round` until `shutdown` turns true. A round returns whether it was full (took as
/// much as it may), in which case the next one starts at once; a failed round is logged
/// under `what` and retried at the next tick.
pub(crate) async fn poll_rounds<F, Fut, E>(
    interval: Duration,
    mut shutdown: watch::Receiver<bool>,
    what: &'static str,
    mut round: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<bool, E>>,
    E: Display,
{
    let mut ticker = tokio::time::interval(interval);
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = shutdown.changed() => return,
        }
        loop {
            match round().await {
                Ok(true) if !*shutdown.borrow() => continue,
                Ok(_) => break,
                Err(err) => {
                    tracing::warn!(%err, "{what} failed");
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    };

    use super::*;

    #[tokio::test]
    async fn full_rounds_run_back_to_back_and_shutdown_stops_the_loop() {
        let (stop, shutdown) = watch::channel(false);
        let rounds = Arc::new(AtomicUsize::new(0));
        let counted = rounds.clone();
        let task = tokio::spawn(poll_rounds(
            Duration::from_secs(3600),
            shutdown,
            "test",
            move || {
                let counted = counted.clone();
                // Three full rounds, then an empty one: four rounds on the first tick alone.
                async move { Ok::<_, String>(counted.fetch_add(1, Ordering::SeqCst) < 3) }
            },
        ));
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(rounds.load(Ordering::SeqCst), 4);
        stop.send(true).unwrap();
        task.await.unwrap();
    }
}
