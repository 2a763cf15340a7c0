//! How much work the server takes on: a slot per request (the concurrency limit), held by
//! an evaluation until the evaluation actually ends; the time limit of a request; and the
//! evaluations, which run on threads of their own and stop at their deadline, when their
//! request is dropped (timed out, or its client left) or when the server stops.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::api::ApiError;
use super::{Guarded, Limits};
use crate::rules::{Deadline, OutOfTime};

/// What a server is doing: its open connections, the evaluations running, and whether it
/// is stopping. Counted as they start and end, for the server's own bounds and for anyone
/// watching it.
#[derive(Debug)]
pub struct Activity {
    /// The limits the server keeps to.
    pub limits: Limits,
    slots: Arc<Semaphore>,
    evaluations: AtomicUsize,
    connections: AtomicUsize,
    stopping: Arc<AtomicBool>,
}

impl Activity {
    /// Nothing running yet, within `limits`.
    pub fn new(limits: Limits) -> Arc<Activity> {
        Arc::new(Activity {
            limits,
            slots: Arc::new(Semaphore::new(limits.concurrency.max(1))),
            evaluations: AtomicUsize::new(0),
            connections: AtomicUsize::new(0),
            stopping: Arc::new(AtomicBool::new(false)),
        })
    }

    /// How many evaluations (classify, what-if, diff) are running now, including those
    /// whose request has already been answered and that have not yet reached their next
    /// check of the deadline.
    pub fn evaluations(&self) -> usize {
        self.evaluations.load(Ordering::SeqCst)
    }

    /// How many connections are open now.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Whether the server is stopping.
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Stops: running evaluations end at their next check, waiting requests get 503.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.slots.close();
    }

    /// Counts a connection as open until the guard is dropped.
    pub(super) fn connection_opened(self: &Arc<Self>) -> Counted {
        Counted::new(self.clone(), |a| &a.connections)
    }

    /// The answer to a request the server is too busy or stopping to finish.
    fn unavailable(&self) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is stopping; send the request again when it is back",
        )
    }

    /// The answer to a request that ran out of time.
    fn out_of_time(&self) -> ApiError {
        if self.is_stopping() {
            return self.unavailable();
        }
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the request took longer than the server gives one ({}); ask for less at once (fewer schemes, one jurisdiction)",
                duration_text(self.limits.timeout)
            ),
        )
    }
}

/// A duration as a person reads it: `30 s`, `250 ms`.
fn duration_text(d: Duration) -> String {
    if d.as_secs() >= 1 && d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// One of a count of things running, counted down when dropped.
pub(super) struct Counted {
    activity: Arc<Activity>,
    count: fn(&Activity) -> &AtomicUsize,
}

impl Counted {
    fn new(activity: Arc<Activity>, count: fn(&Activity) -> &AtomicUsize) -> Counted {
        count(&activity).fetch_add(1, Ordering::SeqCst);
        Counted { activity, count }
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        (self.count)(&self.activity).fetch_sub(1, Ordering::SeqCst);
    }
}

/// A request's slot among those served at once, and when it was given.
struct Slot {
    permit: Mutex<Option<OwnedSemaphorePermit>>,
    given: Instant,
    activity: Arc<Activity>,
}

/// Middleware: a request waits for a slot (at most `concurrency` are served at once), and
/// holds it until it is answered; an evaluation takes the slot over (see [`Work`]).
pub(super) async fn hold_slot(
    State(guarded): State<Guarded>,
    mut request: Request,
    next: Next,
) -> Response {
    let activity = guarded.activity.clone();
    let Ok(permit) = activity.slots.clone().acquire_owned().await else {
        let page = super::i18n::Page::of(request.uri(), request.headers());
        return super::refusal(&guarded, &page, activity.unavailable());
    };
    request.extensions_mut().insert(Arc::new(Slot {
        permit: Mutex::new(Some(permit)),
        given: Instant::now(),
        activity,
    }));
    next.run(request).await
}

/// Middleware: a request not answered within the time limit gets 408, and what it was
/// doing is dropped (its evaluation stops at its next check).
pub(super) async fn time_limit(
    State(guarded): State<Guarded>,
    request: Request,
    next: Next,
) -> Response {
    let page = super::i18n::Page::of(request.uri(), request.headers());
    let limit = guarded.activity.limits.timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => super::refusal(&guarded, &page, guarded.activity.out_of_time()),
    }
}

/// Raises a flag when dropped: the request an evaluation answers is gone.
struct RaiseOnDrop(Arc<AtomicBool>);

impl Drop for RaiseOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// The right of a request to run an evaluation: its slot, and the deadline the evaluation
/// keeps (the request's time limit, the request being dropped, the server stopping).
pub struct Work {
    permit: Option<OwnedSemaphorePermit>,
    activity: Arc<Activity>,
    deadline: Deadline,
    _dropped: RaiseOnDrop,
}

impl<S: Send + Sync> FromRequestParts<S> for Work {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Work, ApiError> {
        let slot = parts
            .extensions
            .get::<Arc<Slot>>()
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the request was not given a slot to run in",
                )
            })?;
        let permit = slot.permit.lock().ok().and_then(|mut p| p.take());
        let dropped = Arc::new(AtomicBool::new(false));
        let deadline = Deadline::at(slot.given + slot.activity.limits.timeout)
            .or_when(dropped.clone())
            .or_when(slot.activity.stopping.clone());
        Ok(Work {
            permit,
            activity: slot.activity.clone(),
            deadline,
            _dropped: RaiseOnDrop(dropped),
        })
    }
}

impl Work {
    /// Runs `job` on a thread of its own, which holds the request's slot until the job
    /// ends. The job checks the deadline it is given at its natural steps and returns
    /// [`OutOfTime`] (as an [`ApiError`]) when it is over: 408, or 503 when the server is
    /// stopping. If this future is dropped (the request timed out), the job stops at its
    /// next check.
    pub(super) async fn run<T: Send + 'static>(
        self,
        job: impl FnOnce(&Deadline) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let Work {
            permit,
            activity,
            deadline,
            _dropped,
        } = self;
        let counted = Counted::new(activity.clone(), |a| &a.evaluations);
        let running = tokio::task::spawn_blocking(move || {
            let _held = (permit, counted);
            job(&deadline)
        });
        match running.await {
            Ok(Err(e)) if e.status == StatusCode::REQUEST_TIMEOUT.as_u16() => {
                Err(activity.out_of_time())
            }
            Ok(done) => done,
            Err(e) => Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the evaluation failed: {e}"),
            )),
        }
    }
}

impl From<OutOfTime> for ApiError {
    fn from(e: OutOfTime) -> ApiError {
        ApiError::new(StatusCode::REQUEST_TIMEOUT, e.to_string())
    }
}
