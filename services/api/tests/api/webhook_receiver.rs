//! A tenant's webhook receiver on a real socket: it records what arrives and answers as the
//! test scripted (status, headers, body, delay), or 200 when nothing is scripted.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::Duration,
};

use poem::{
    endpoint::make,
    http::StatusCode,
    listener::{Acceptor, Listener, TcpListener},
    Request, Response, Server,
};

#[derive(Debug, Clone)]
pub struct Received {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Scripted {
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: String::new(),
            delay: Duration::ZERO,
        }
    }
}

#[derive(Default)]
struct State {
    received: Mutex<Vec<Received>>,
    script: Mutex<VecDeque<Scripted>>,
}

pub struct Receiver {
    pub url: String,
    state: Arc<State>,
}

impl Receiver {
    pub async fn start() -> Self {
        let acceptor = TcpListener::bind("127.0.0.1:0")
            .into_acceptor()
            .await
            .unwrap();
        let port = acceptor.local_addr()[0].as_socket_addr().unwrap().port();
        let state = Arc::new(State::default());
        let shared = state.clone();
        let endpoint = make(move |req: Request| {
            let state = shared.clone();
            async move {
                let header = |name: &str| {
                    req.headers()
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned()
                };
                let (id, timestamp, signature) = (
                    header("webhook-id"),
                    header("webhook-timestamp"),
                    header("webhook-signature"),
                );
                let body = req.into_body().into_string().await.unwrap_or_default();
                state.received.lock().unwrap().push(Received {
                    id,
                    timestamp,
                    signature,
                    body,
                });
                let reply = state
                    .script
                    .lock()
                    .unwrap()
                    .pop_front()
                    .unwrap_or_else(|| Scripted::status(200));
                tokio::time::sleep(reply.delay).await;
                let mut response =
                    Response::builder().status(StatusCode::from_u16(reply.status).unwrap());
                for (name, value) in reply.headers {
                    response = response.header(name, value);
                }
                response.body(reply.body)
            }
        });
        tokio::spawn(async move { Server::new_with_acceptor(acceptor).run(endpoint).await });
        Self {
            url: format!("http://127.0.0.1:{port}/hooks"),
            state,
        }
    }

    /// The next answers, in order.
    pub fn answer(&self, replies: impl IntoIterator<Item = Scripted>) {
        self.state.script.lock().unwrap().extend(replies);
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }
}
