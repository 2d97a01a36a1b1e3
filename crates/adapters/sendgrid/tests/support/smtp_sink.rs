//! A small SMTP server for the tests: it speaks enough of RFC 5321 for lettre (EHLO, AUTH
//! PLAIN, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT), keeps every message it
//! accepts, and can be told to refuse recipients with a given reply. Started with
//! [`SmtpSink::start_tls`] it offers STARTTLS (RFC 3207) with a self-signed certificate for
//! `localhost` and refuses mail until the session is encrypted.

use std::net::SocketAddr;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::pem::PemObject as _;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// The sink's self-signed certificate (CN and SAN `localhost`, `127.0.0.1`; valid to 2126), for
/// the client to trust, and its key. Test material only: `openssl req -x509 -newkey ec …`.
pub const CERT_PEM: &[u8] = include_bytes!("tls/sink-cert.pem");
const KEY_PEM: &[u8] = include_bytes!("tls/sink-key.pem");

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The `AUTH PLAIN` user name and password, when the client authenticated.
    pub auth: Option<(String, String)>,
    /// The DATA section, dot-unstuffed, with CRLF line ends as on the wire.
    pub data: Vec<u8>,
    /// The message came over a session encrypted by STARTTLS.
    pub tls: bool,
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    received: mpsc::UnboundedReceiver<Received>,
}

impl SmtpSink {
    /// Accepts every message.
    pub async fn start() -> Self {
        Self::start_with_rcpt_reply("250 2.1.5 ok").await
    }

    /// Answers every `RCPT TO` with `reply` (e.g. `451 4.3.0 try later`); only a 250 lets a
    /// message through.
    pub async fn start_with_rcpt_reply(reply: &'static str) -> Self {
        Self::listen(reply, None).await
    }

    /// Offers STARTTLS with [`CERT_PEM`] and accepts mail only once it is on.
    pub async fn start_tls() -> Self {
        let certs = vec![CertificateDer::from_pem_slice(CERT_PEM).unwrap()];
        let key = PrivateKeyDer::from_pem_slice(KEY_PEM).unwrap();
        let config = ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap();
        Self::listen("250 2.1.5 ok", Some(TlsAcceptor::from(Arc::new(config)))).await
    }

    async fn listen(reply: &'static str, tls: Option<TlsAcceptor>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, received) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let tx = tx.clone();
                let tls = tls.clone();
                tokio::spawn(async move {
                    // A client hanging up mid-session is the client's business.
                    let _ = connection(stream, reply, tls, tx).await;
                });
            }
        });
        Self { addr, received }
    }

    /// The next message received, waiting up to 10 s.
    pub async fn next(&mut self) -> Received {
        tokio::time::timeout(std::time::Duration::from_secs(10), self.received.recv())
            .await
            .expect("no message reached the SMTP sink within 10 s")
            .expect("the SMTP sink stopped")
    }

    /// Nothing was received (and nothing arrives within a short wait).
    pub async fn assert_nothing_received(&mut self) {
        let wait = std::time::Duration::from_millis(200);
        if let Ok(Some(message)) = tokio::time::timeout(wait, self.received.recv()).await {
            panic!("the SMTP sink received a message: {message:?}");
        }
    }
}

/// One client: a plain session, which after `STARTTLS` hands its connection back to be
/// encrypted and continues as a fresh session over TLS (RFC 3207 §4.2: nothing said before
/// counts).
async fn connection(
    mut stream: tokio::net::TcpStream,
    rcpt_reply: &'static str,
    tls: Option<TlsAcceptor>,
    tx: mpsc::UnboundedSender<Received>,
) -> std::io::Result<()> {
    stream.write_all(b"220 sink.test ESMTP\r\n").await?;
    let Some(acceptor) = tls else {
        session(stream, rcpt_reply, Mode::Plain, tx).await?;
        return Ok(());
    };
    let Some(stream) = session(stream, rcpt_reply, Mode::OffersTls, tx.clone()).await? else {
        return Ok(());
    };
    let encrypted = acceptor.accept(stream).await?;
    session(encrypted, rcpt_reply, Mode::Encrypted, tx).await?;
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Plain,
    /// STARTTLS is offered and required before MAIL.
    OffersTls,
    Encrypted,
}

/// Runs SMTP commands until QUIT or hang-up (`None`), or until `STARTTLS` is accepted: then
/// the connection comes back for the TLS handshake.
async fn session<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    rcpt_reply: &'static str,
    mode: Mode,
    tx: mpsc::UnboundedSender<Received>,
) -> std::io::Result<Option<S>> {
    let (read, mut write) = tokio::io::split(stream);
    let mut lines = BufReader::new(read);

    let mut auth = None;
    let mut mail_from = None;
    let mut rcpt_to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        let command = line.trim_end_matches(['\r', '\n']);
        let upper = command.to_ascii_uppercase();
        let reply: &str = if upper.starts_with("EHLO") {
            if mode == Mode::OffersTls {
                "250-sink.test\r\n250-STARTTLS\r\n250 SMTPUTF8"
            } else {
                "250-sink.test\r\n250-AUTH PLAIN\r\n250 SMTPUTF8"
            }
        } else if upper == "STARTTLS" && mode == Mode::OffersTls {
            write.write_all(b"220 2.0.0 ready to start TLS\r\n").await?;
            write.flush().await?;
            return Ok(Some(lines.into_inner().unsplit(write)));
        } else if mode == Mode::OffersTls && !upper.starts_with("QUIT") {
            "530 5.7.0 must issue a STARTTLS command first"
        } else if upper.starts_with("HELO") {
            "250 sink.test"
        } else if let Some(initial) = command
            .strip_prefix("AUTH PLAIN ")
            .or_else(|| command.strip_prefix("auth plain "))
        {
            let decoded = STANDARD.decode(initial.trim()).unwrap_or_default();
            let parts: Vec<&[u8]> = decoded.split(|b| *b == 0).collect();
            match parts.as_slice() {
                [_, user, password] => {
                    auth = Some((
                        String::from_utf8_lossy(user).into_owned(),
                        String::from_utf8_lossy(password).into_owned(),
                    ));
                    "235 2.7.0 authenticated"
                }
                _ => "501 5.5.2 malformed AUTH PLAIN",
            }
        } else if upper.starts_with("MAIL FROM:") {
            mail_from = Some(address_of(command));
            rcpt_to.clear();
            "250 2.1.0 ok"
        } else if upper.starts_with("RCPT TO:") {
            if rcpt_reply.starts_with("250") {
                rcpt_to.push(address_of(command));
            }
            rcpt_reply
        } else if upper == "DATA" {
            if mail_from.is_none() || rcpt_to.is_empty() {
                "503 5.5.1 need MAIL and RCPT first"
            } else {
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let data = read_data(&mut lines).await?;
                let received = Received {
                    mail_from: mail_from.take().unwrap_or_default(),
                    rcpt_to: std::mem::take(&mut rcpt_to),
                    auth: auth.clone(),
                    data,
                    tls: mode == Mode::Encrypted,
                };
                let _ = tx.send(received);
                "250 2.0.0 queued"
            }
        } else if upper == "RSET" {
            mail_from = None;
            rcpt_to.clear();
            "250 2.0.0 ok"
        } else if upper == "NOOP" {
            "250 2.0.0 ok"
        } else if upper == "QUIT" {
            write.write_all(b"221 2.0.0 bye\r\n").await?;
            return Ok(None);
        } else {
            "502 5.5.2 command not implemented"
        };
        write.write_all(reply.as_bytes()).await?;
        write.write_all(b"\r\n").await?;
    }
}

/// `MAIL FROM:<a@b> SIZE=…` → `a@b`.
fn address_of(command: &str) -> String {
    let start = command.find('<').map_or(0, |i| i + 1);
    let end = command[start..]
        .find('>')
        .map_or(command.len(), |i| start + i);
    command[start..end].to_owned()
}

async fn read_data<R: AsyncBufReadExt + Unpin>(lines: &mut R) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" {
            return Ok(data);
        }
        let unstuffed = if line.starts_with(b"..") {
            &line[1..]
        } else {
            &line[..]
        };
        data.extend_from_slice(unstuffed);
    }
}
