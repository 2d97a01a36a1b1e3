//! A small SMTP server for the tests: it speaks enough of RFC 5321 for lettre (EHLO, AUTH
//! PLAIN, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT), keeps every message it
//! accepts, and can be told to refuse recipients with a given reply.

use std::net::SocketAddr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The `AUTH PLAIN` user name and password, when the client authenticated.
    pub auth: Option<(String, String)>,
    /// The DATA section, dot-unstuffed, with CRLF line ends as on the wire.
    pub data: Vec<u8>,
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
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, received) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let tx = tx.clone();
                tokio::spawn(async move {
                    // A client hanging up mid-session is the client's business.
                    let _ = session(stream, reply, tx).await;
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

async fn session(
    stream: TcpStream,
    rcpt_reply: &'static str,
    tx: mpsc::UnboundedSender<Received>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP\r\n").await?;

    let mut auth = None;
    let mut mail_from = None;
    let mut rcpt_to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end_matches(['\r', '\n']);
        let upper = command.to_ascii_uppercase();
        let reply: &str = if upper.starts_with("EHLO") {
            "250-sink.test\r\n250-AUTH PLAIN\r\n250 SMTPUTF8"
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
            return Ok(());
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
