//! A deadline on reading the request body. actix's `client_request_timeout` covers only the
//! headers; without this, a client that sends headers and then trickles (or never sends) its
//! body holds a connection and a worker's attention for as long as it likes.
//!
//! The body stream is wrapped: once the deadline (counted from when the headers were read)
//! passes, the next read fails, and whatever the handler made of that failure is replaced by
//! 408 `REQUEST_TIMEOUT` with `Connection: close`.

use crate::api::{ApiError, ErrorCode};
use actix_web::{
    Error, ResponseError,
    body::{EitherBody, MessageBody},
    dev::{Payload, ServiceRequest, ServiceResponse},
    error::PayloadError,
    http::{ConnectionType, StatusCode},
    middleware::Next,
    web,
    web::Bytes,
};
use futures::Stream;
use std::{
    future::Future,
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    task::{Context, Poll},
    time::Duration,
};
use tokio::time::{Instant, Sleep};

/// App data: how long a client may take to send a body.
#[derive(Debug, Clone, Copy)]
pub struct BodyTimeout(pub Duration);

pub async fn body_timeout(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let limit = req.app_data::<web::Data<BodyTimeout>>().map(|t| t.0);
    let (_, payload) = req.parts_mut();
    let (Some(limit), false) = (limit, matches!(payload, Payload::None)) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let expired = Arc::new(AtomicBool::new(false));
    let body = std::mem::replace(payload, Payload::None);
    req.set_payload(Payload::Stream {
        payload: Box::pin(DeadlineBody::new(body, limit, expired.clone())),
    });

    let result = next.call(req).await;
    if !expired.load(Ordering::Acquire) {
        return result.map(ServiceResponse::map_into_left_body);
    }
    let mut timeout = ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        ErrorCode::RequestTimeout,
        format!(
            "The request body did not arrive within {} seconds",
            limit.as_secs_f64()
        ),
    )
    .error_response();
    // The rest of the body may still be on its way: this connection cannot carry another request.
    timeout
        .head_mut()
        .set_connection_type(ConnectionType::Close);
    match result {
        Ok(response) => {
            let (request, _) = response.into_parts();
            Ok(ServiceResponse::new(request, timeout).map_into_right_body())
        }
        Err(error) => Err(error),
    }
}

/// The body as sent, cut off at the deadline.
struct DeadlineBody {
    inner: Payload,
    deadline: Instant,
    sleep: Pin<Box<Sleep>>,
    expired: Arc<AtomicBool>,
}

impl DeadlineBody {
    fn new(inner: Payload, limit: Duration, expired: Arc<AtomicBool>) -> Self {
        let deadline = Instant::now() + limit;
        Self {
            inner,
            deadline,
            sleep: Box::pin(tokio::time::sleep_until(deadline)),
            expired,
        }
    }

    fn expire(&self) -> Poll<Option<Result<Bytes, PayloadError>>> {
        self.expired.store(true, Ordering::Release);
        Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "the request body timed out",
        )))))
    }
}

impl Stream for DeadlineBody {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.expired.load(Ordering::Acquire) {
            return Poll::Ready(None);
        }
        // Checked on every read, not only while waiting: a body trickled a byte at a time is
        // always "ready" and would otherwise never time out.
        if Instant::now() >= self.deadline {
            return self.expire();
        }
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Pending => match self.sleep.as_mut().poll(cx) {
                Poll::Ready(()) => self.expire(),
                Poll::Pending => Poll::Pending,
            },
            ready => ready,
        }
    }
}
