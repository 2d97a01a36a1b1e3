//! A TCP proxy in front of PostgreSQL that a test can pause (bytes stop flowing, nothing is
//! closed: what a stalled network or a frozen server looks like), resume, and close (every
//! connection dropped, new ones refused: a database that is down).

use std::{net::SocketAddr, sync::Mutex};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream, tcp::OwnedReadHalf, tcp::OwnedWriteHalf},
    sync::watch,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Forwarding,
    Paused,
    Closed,
}

pub struct PgProxy {
    address: SocketAddr,
    upstream: SocketAddr,
    state: watch::Sender<State>,
    acceptor: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl PgProxy {
    /// A proxy on a free local port forwarding to the server tests use (`TEST_DATABASE_URL`).
    pub async fn start() -> Self {
        let admin = std::env::var("TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
        let url = reqwest::Url::parse(&admin).expect("TEST_DATABASE_URL is a URL");
        let host = url.host_str().expect("TEST_DATABASE_URL names a host");
        let upstream = tokio::net::lookup_host((host, url.port().unwrap_or(5432)))
            .await
            .expect("the database host resolves")
            .next()
            .expect("the database host has an address");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
        let address = listener.local_addr().expect("proxy address");
        let (state, _) = watch::channel(State::Forwarding);
        let proxy = Self {
            address,
            upstream,
            state,
            acceptor: Mutex::new(None),
        };
        proxy.accept_on(listener);
        proxy
    }

    /// `url` with its host and port replaced by the proxy's.
    pub fn route(&self, url: &str) -> String {
        let mut url = reqwest::Url::parse(url).expect("a database URL");
        url.set_host(Some("127.0.0.1")).expect("host");
        url.set_port(Some(self.address.port())).expect("port");
        url.to_string()
    }

    /// Stops forwarding bytes in both directions; connections stay open.
    pub fn pause(&self) {
        self.state.send_replace(State::Paused);
    }

    pub fn resume(&self) {
        self.state.send_replace(State::Forwarding);
    }

    /// Drops every connection and stops listening: connecting is refused.
    pub fn close(&self) {
        self.state.send_replace(State::Closed);
        if let Some(acceptor) = self.acceptor.lock().unwrap().take() {
            acceptor.abort();
        }
    }

    /// Listens again on the same port after [`close`](Self::close).
    pub async fn reopen(&self) {
        let listener = TcpListener::bind(self.address)
            .await
            .expect("the proxy port is free again");
        self.state.send_replace(State::Forwarding);
        self.accept_on(listener);
    }

    fn accept_on(&self, listener: TcpListener) {
        let upstream = self.upstream;
        let state = self.state.subscribe();
        let acceptor = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let state = state.clone();
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let (client_read, client_write) = client.into_split();
                    let (server_read, server_write) = server.into_split();
                    tokio::join!(
                        pump(client_read, server_write, state.clone()),
                        pump(server_read, client_write, state),
                    );
                });
            }
        });
        *self.acceptor.lock().unwrap() = Some(acceptor);
    }
}

impl Drop for PgProxy {
    fn drop(&mut self) {
        self.close();
    }
}

/// Copies one direction while forwarding; holds the bytes while paused; returns (dropping
/// both halves, which closes the sockets) when either side ends or the proxy closes.
async fn pump(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, mut state: watch::Receiver<State>) {
    let mut buffer = vec![0u8; 16 * 1024];
    loop {
        if !forwarding(&mut state).await {
            return;
        }
        let read = tokio::select! {
            read = from.read(&mut buffer) => read,
            _ = state.wait_for(|s| *s == State::Closed) => return,
        };
        let n = match read {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if !forwarding(&mut state).await || to.write_all(&buffer[..n]).await.is_err() {
            return;
        }
    }
}

/// Waits out a pause; false once the proxy is closed.
async fn forwarding(state: &mut watch::Receiver<State>) -> bool {
    matches!(
        state.wait_for(|s| *s != State::Paused).await.as_deref(),
        Ok(State::Forwarding)
    )
}
