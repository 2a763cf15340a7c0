//! Connections: accepted up to the limit of open connections (more wait to be accepted),
//! each closed when its client does not finish a request's headers in time, and all
//! closed at shutdown within a few seconds, whatever they were doing.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tower::ServiceExt;

use super::work::Activity;
use super::{App, Limits};
use crate::diagnostic::{Diagnostic, Error, Result};

/// How long connections are given to finish at shutdown before they are closed.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// A server bound to its address, ready to run.
pub struct Server {
    listener: TcpListener,
    address: SocketAddr,
    router: Router,
    activity: Arc<Activity>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port) to serve `app` within `limits`.
    pub async fn bind(addr: SocketAddr, app: Arc<App>, limits: Limits) -> Result<Server> {
        let listener = TcpListener::bind(addr).await.map_err(|e| {
            Error::input(
                Diagnostic::error(format!("cannot listen on {addr}: {e}"))
                    .help("choose another port with --addr, e.g. --addr 127.0.0.1:8081"),
            )
        })?;
        let address = listener
            .local_addr()
            .map_err(|e| Error::msg(format!("cannot listen on {addr}: {e}")))?;
        let activity = Activity::new(limits);
        let router = super::guarded_router(app, activity.clone());
        Ok(Server {
            listener,
            address,
            router,
            activity,
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// What it is doing: open connections, evaluations running.
    pub fn activity(&self) -> Arc<Activity> {
        self.activity.clone()
    }

    /// Serves until `shutdown` completes; then accepts no more connections, stops the
    /// evaluations running (their requests get 503), lets the connections finish their
    /// answers for at most [`SHUTDOWN_GRACE`], and returns.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> Result<()> {
        let Server {
            listener,
            router,
            activity,
            ..
        } = self;
        let limits = activity.limits;
        let open = Arc::new(Semaphore::new(limits.connections.max(1)));
        let (stopping, stop_signal) = watch::channel(false);
        let mut connections = tokio::task::JoinSet::new();
        let mut shutdown = pin!(shutdown);
        loop {
            while connections.try_join_next().is_some() {}
            // past the limit, clients wait to be accepted until a connection closes
            let permit = tokio::select! {
                () = &mut shutdown => break,
                permit = open.clone().acquire_owned() => match permit {
                    Ok(p) => p,
                    Err(_) => break,
                },
            };
            let stream = tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // out of file descriptors, or a connection reset before it was
                        // accepted: wait a little rather than spin
                        eprintln!("mutua serve: cannot accept a connection: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
            };
            connections.spawn(serve_connection(
                stream,
                router.clone(),
                activity.clone(),
                permit,
                stop_signal.clone(),
            ));
        }
        drop(listener);
        activity.stop();
        let _ = stopping.send(true);
        let finished = async { while connections.join_next().await.is_some() {} };
        if tokio::time::timeout(SHUTDOWN_GRACE, finished)
            .await
            .is_err()
        {
            eprintln!(
                "mutua serve: closing {} connections that did not finish in {} s",
                connections.len(),
                SHUTDOWN_GRACE.as_secs()
            );
        }
        connections.abort_all();
        Ok(())
    }
}

/// Serves one connection: HTTP/1.1, its request headers read within the limit, until the
/// client closes it or the server stops.
async fn serve_connection(
    stream: TcpStream,
    router: Router,
    activity: Arc<Activity>,
    permit: OwnedSemaphorePermit,
    mut stop_signal: watch::Receiver<bool>,
) {
    let _held = (permit, activity.connection_opened());
    let service = TowerToHyperService::new(
        router.map_request(|request: axum::http::Request<Incoming>| request.map(Body::new)),
    );
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(activity.limits.header_timeout);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    let mut connection = pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = stop_signal.wait_for(|stop| *stop) => {}
    }
    // answer what is in flight, then close
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}

/// Completes when the process is asked to stop: Ctrl-C (SIGINT) or SIGTERM.
pub(super) async fn stop_requested() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let terminate = async {
            match signal(SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = interrupt => {}
            () = terminate => {}
        }
    }
    #[cfg(not(unix))]
    interrupt.await;
}
