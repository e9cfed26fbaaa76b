//! How fast calls go out: a bound on calls in flight per service and region, a rate learned
//! from throttling per service, region and action, and an optional rate cap per service.
//!
//! AWS throttles with token buckets per account, region and action (EC2 documents this for
//! its API; the other services do not publish theirs). No fixed concurrency suits every
//! account and every action, so an action starts unpaced, bounded only by the concurrency
//! ceiling of its service and region, and is paced from its first throttled answer on, at
//! [`DECREASE`] times what it sent in the last second. Its rate then follows additive
//! increase, multiplicative decrease: each success raises it a little, each throttled answer
//! to a request sent since the last cut lowers it by [`DECREASE`]. While the rate sits near
//! the bucket's refill, the bucket is never empty for long and no call waits on tokens that
//! went unused. For a single call throttled again and again, the cuts are an exponential
//! backoff, down to [`MIN_RATE`].
//!
//! The SDK's adaptive retry mode is not used: its rate limiter is one per client, so every
//! action of a service would share the rate the most throttled action learns, and it waits
//! inside the attempt, holding the call's slot and counting against the attempt timeout.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

/// The factor a throttled answer cuts an action's rate by.
const DECREASE: f64 = 0.7;
/// How much an action's rate grows per second of successes, as a share of the rate, and at
/// least [`MIN_INCREASE`] requests per second per second.
const INCREASE: f64 = 0.05;
const MIN_INCREASE: f64 = 0.5;
/// The slowest an action is paced to, in requests per second.
const MIN_RATE: f64 = 0.2;
/// The window over which an unpaced action's requests give its first rate.
const WINDOW: Duration = Duration::from_secs(1);

/// An action of a service in a region: (service, region, operation).
type ActionKey = (&'static str, String, &'static str);

/// The pacing of one collection.
pub struct Pacing {
    concurrency: usize,
    /// Rate caps by service name as it is keyed in snapshots (`EC2`), compared ignoring case.
    max_rates: Vec<(String, f64)>,
    lanes: Mutex<HashMap<(&'static str, String), Arc<Lane>>>,
    actions: Mutex<HashMap<ActionKey, Arc<Rate>>>,
}

impl Pacing {
    pub fn new(concurrency: usize, max_rates: &[(String, f64)]) -> Pacing {
        Pacing {
            concurrency: concurrency.max(1),
            max_rates: max_rates.to_vec(),
            lanes: Mutex::new(HashMap::new()),
            actions: Mutex::new(HashMap::new()),
        }
    }

    /// The lane of a service in a region: its slots, and its rate cap if the user set one.
    pub fn lane(&self, service: &'static str, region: &str) -> Arc<Lane> {
        let mut lanes = self.lanes.lock().unwrap_or_else(PoisonError::into_inner);
        let lane = lanes.entry((service, region.to_owned())).or_insert_with(|| {
            let cap = self.max_rates.iter().find(|(name, _)| name.eq_ignore_ascii_case(service));
            Arc::new(Lane { slots: Semaphore::new(self.concurrency), cap: cap.map(|(_, rate)| Rate::fixed(*rate)) })
        });
        Arc::clone(lane)
    }

    /// The learned rate of an action in a region.
    pub fn action(&self, service: &'static str, region: &str, operation: &'static str) -> Arc<Rate> {
        let mut actions = self.actions.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(actions.entry((service, region.to_owned(), operation)).or_insert_with(|| Arc::new(Rate::learned())))
    }
}

/// The calls of one service in one region.
pub struct Lane {
    slots: Semaphore,
    cap: Option<Rate>,
}

impl Lane {
    /// Waits for the rate cap, if any, then for a free slot; the slot is the permit.
    pub async fn slot(&self) -> SemaphorePermit<'_> {
        if let Some(cap) = &self.cap {
            cap.turn().await;
        }
        self.slots.acquire().await.expect("the semaphore is never closed")
    }
}

/// Whether a request's turn came at a pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paced {
    No,
    Yes,
}

/// A pace for requests: none yet, a fixed rate, or one learned from throttling.
pub struct Rate {
    learns: bool,
    state: Mutex<RateState>,
    /// When the last paced request went out. Waiters queue on this lock in turn (tokio's
    /// mutex is fair), so each send sees the rate as it is by then.
    last_sent: tokio::sync::Mutex<Option<Instant>>,
}

struct RateState {
    /// Requests per second; `None` while unpaced.
    per_second: Option<f64>,
    /// When the rate was last cut: throttled answers to requests sent before it were caused
    /// by the old rate, and do not cut it again.
    cut_at: Option<Instant>,
    /// Requests sent in the last [`WINDOW`], while unpaced.
    sent: VecDeque<Instant>,
}

impl Rate {
    fn learned() -> Rate {
        Rate::new(true, None)
    }

    fn fixed(per_second: f64) -> Rate {
        Rate::new(false, Some(per_second))
    }

    fn new(learns: bool, per_second: Option<f64>) -> Rate {
        let state = RateState { per_second, cut_at: None, sent: VecDeque::new() };
        Rate { learns, state: Mutex::new(state), last_sent: tokio::sync::Mutex::new(None) }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, RateState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Requests per second, if paced.
    pub fn per_second(&self) -> Option<f64> {
        self.state().per_second
    }

    /// Waits until a request may go out at this pace; says whether it was paced, for
    /// [`Rate::may_send`].
    pub async fn turn(&self) -> Paced {
        if self.per_second().is_none() {
            return Paced::No;
        }
        let mut last_sent = self.last_sent.lock().await;
        // Before the first paced request, the pace counts from the throttled answer that set it.
        let since = || last_sent.or(self.state().cut_at);
        while let (Some(last), Some(rate)) = (since(), self.per_second()) {
            let at = last + Duration::from_secs_f64(1.0 / rate);
            if Instant::now() >= at {
                break;
            }
            tokio::time::sleep_until(at).await;
        }
        *last_sent = Some(Instant::now());
        Paced::Yes
    }

    /// Whether a request whose turn came `paced` or not may go out now that it has a slot: not
    /// when the action was unpaced then and is paced now (its turn must be taken again, or
    /// every call queued for a slot before the first throttled answer would go out unpaced).
    pub fn may_send(&self, paced: Paced) -> bool {
        let mut state = self.state();
        match (paced, state.per_second) {
            (Paced::No, Some(_)) => false,
            (Paced::No, None) => {
                let now = Instant::now();
                while state.sent.front().is_some_and(|at| now.duration_since(*at) > WINDOW) {
                    state.sent.pop_front();
                }
                state.sent.push_back(now);
                true
            }
            (Paced::Yes, _) => true,
        }
    }

    /// A request of this action succeeded.
    pub fn succeeded(&self) {
        if !self.learns {
            return;
        }
        let mut state = self.state();
        if let Some(rate) = state.per_second {
            state.per_second = Some(rate + (rate * INCREASE).max(MIN_INCREASE) / rate);
        }
    }

    /// A request of this action sent at `sent` was throttled. Returns the new rate when this
    /// answer changed it.
    pub fn throttled(&self, sent: Instant) -> Option<f64> {
        if !self.learns {
            return None;
        }
        let now = Instant::now();
        let mut state = self.state();
        let rate = match state.per_second {
            None => {
                let sent = state.sent.iter().filter(|at| now.duration_since(**at) <= WINDOW).count();
                state.sent = VecDeque::new();
                sent as f64 * DECREASE
            }
            Some(_) if state.cut_at.is_some_and(|cut| sent < cut) => return None,
            Some(rate) => rate * DECREASE,
        };
        let rate = rate.max(MIN_RATE);
        state.per_second = Some(rate);
        state.cut_at = Some(now);
        Some(rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends `requests` through `rate` one after another, each answered at once; returns how
    /// long they took.
    async fn paced(rate: &Rate, requests: usize) -> Duration {
        let started = Instant::now();
        for _ in 0..requests {
            let paced = rate.turn().await;
            assert!(rate.may_send(paced));
        }
        started.elapsed()
    }

    #[tokio::test(start_paused = true)]
    async fn an_action_is_unpaced_until_throttled() {
        let rate = Rate::learned();
        assert_eq!(paced(&rate, 1000).await, Duration::ZERO);
        assert_eq!(rate.per_second(), None);
    }

    /// A request that took its turn unpaced and waited for a slot while the first throttled
    /// answer came must take its turn again.
    #[tokio::test(start_paused = true)]
    async fn a_turn_taken_before_pacing_began_is_taken_again() {
        let rate = Rate::learned();
        let early = rate.turn().await;
        assert_eq!(early, Paced::No);
        rate.throttled(Instant::now());
        assert!(!rate.may_send(early));
        let again = rate.turn().await;
        assert_eq!(again, Paced::Yes);
        assert!(rate.may_send(again));
    }

    #[tokio::test(start_paused = true)]
    async fn the_first_throttle_paces_below_what_was_sent_in_the_last_second() {
        let rate = Rate::learned();
        paced(&rate, 20).await;
        tokio::time::advance(Duration::from_millis(1500)).await;
        paced(&rate, 20).await;
        assert_eq!(rate.throttled(Instant::now()), Some(14.0));
        // 14 requests at 14/s, the first 1/14 s after the throttled answer.
        let took = paced(&rate, 14).await.as_secs_f64();
        assert!((took - 1.0).abs() < 0.01, "{took}");
    }

    /// One call throttled again and again is retried after 1.4 s, 2 s, 2.9 s, … up to 5 s.
    #[tokio::test(start_paused = true)]
    async fn a_lone_call_throttled_again_and_again_backs_off_exponentially() {
        let rate = Rate::learned();
        let mut waits = vec![];
        let mut last = Instant::now();
        paced(&rate, 1).await;
        for _ in 0..8 {
            rate.throttled(last);
            paced(&rate, 1).await;
            waits.push((Instant::now() - last).as_secs_f64());
            last = Instant::now();
        }
        let rounded: Vec<f64> = waits.iter().map(|wait| (wait * 10.0).round() / 10.0).collect();
        assert_eq!(rounded, [1.4, 2.0, 2.9, 4.2, 5.0, 5.0, 5.0, 5.0]);
    }

    #[tokio::test(start_paused = true)]
    async fn throttles_of_requests_sent_before_a_cut_do_not_cut_again() {
        let rate = Rate::learned();
        let before = Instant::now();
        assert_eq!(rate.throttled(before), Some(MIN_RATE), "nothing was sent: the slowest pace");
        rate.state().per_second = Some(10.0);
        tokio::time::advance(Duration::from_millis(10)).await;
        let sent = Instant::now();
        tokio::time::advance(Duration::from_millis(10)).await;
        assert_eq!(rate.throttled(sent), Some(7.0));
        // Every other request in flight when the rate was cut.
        assert_eq!(rate.throttled(sent), None);
        assert_eq!(rate.per_second(), Some(7.0));
        tokio::time::advance(Duration::from_millis(10)).await;
        let (rate_before, after_cut) = (rate.per_second().unwrap(), Instant::now());
        assert_eq!(rate.throttled(after_cut), Some(rate_before * DECREASE));
    }

    #[tokio::test(start_paused = true)]
    async fn successes_raise_the_rate_by_a_share_per_second() {
        let rate = Rate::learned();
        rate.state().per_second = Some(100.0);
        // A second of successes at 100/s raises it by 5% of 100.
        for _ in 0..100 {
            rate.succeeded();
        }
        let grown = rate.per_second().unwrap();
        assert!((grown - 105.0).abs() < 0.2, "{grown}");
        // Slow actions grow by at least MIN_INCREASE per second: 2 + 0.5/2 + 0.5/2.25.
        rate.state().per_second = Some(2.0);
        rate.succeeded();
        rate.succeeded();
        let grown = rate.per_second().unwrap();
        assert!((grown - 2.47).abs() < 0.01, "{grown}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_fixed_rate_paces_from_the_start_and_learns_nothing() {
        let rate = Rate::fixed(4.0);
        assert_eq!(rate.throttled(Instant::now()), None);
        rate.succeeded();
        assert_eq!(rate.per_second(), Some(4.0));
        let took = paced(&rate, 9).await.as_secs_f64();
        assert!((took - 2.0).abs() < 0.01, "{took}");
    }

    /// A simulated bucket (capacity 20, refilled at 10/s) behind 50 ms of latency, sent 400
    /// requests at once through 64 slots, as a listing's per-resource calls are: pacing learns
    /// the refill, so the whole takes close to the bucket's floor of (400 - 20) / 10 = 38 s,
    /// and few requests are throttled.
    #[tokio::test(start_paused = true)]
    async fn pacing_finds_a_buckets_refill_rate() {
        struct Bucket {
            tokens: f64,
            at: Instant,
        }
        const CAPACITY: f64 = 20.0;
        const REFILL: f64 = 10.0;
        let bucket = Arc::new(Mutex::new(Bucket { tokens: CAPACITY, at: Instant::now() }));
        let take = move || {
            let mut bucket = bucket.lock().unwrap();
            let now = Instant::now();
            bucket.tokens = (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * REFILL).min(CAPACITY);
            bucket.at = now;
            let granted = bucket.tokens >= 1.0;
            if granted {
                bucket.tokens -= 1.0;
            }
            granted
        };
        let (rate, slots) = (Arc::new(Rate::learned()), Arc::new(Semaphore::new(64)));
        let throttled = Arc::new(Mutex::new(0));
        let started = Instant::now();
        let calls: Vec<_> = (0..400)
            .map(|_| {
                let (rate, slots, throttled, take) = (rate.clone(), slots.clone(), throttled.clone(), take.clone());
                tokio::spawn(async move {
                    loop {
                        let _slot = loop {
                            let paced = rate.turn().await;
                            let slot = slots.acquire().await.unwrap();
                            if rate.may_send(paced) {
                                break slot;
                            }
                        };
                        let sent = Instant::now();
                        tokio::time::sleep(Duration::from_millis(25)).await;
                        let granted = take();
                        tokio::time::sleep(Duration::from_millis(25)).await;
                        if granted {
                            rate.succeeded();
                            return;
                        }
                        *throttled.lock().unwrap() += 1;
                        rate.throttled(sent);
                    }
                })
            })
            .collect();
        for call in calls {
            call.await.unwrap();
        }
        let (took, throttled) = (started.elapsed().as_secs_f64(), *throttled.lock().unwrap());
        println!("400 requests in {took:.1} s, {throttled} throttled, pacing at {:?}/s", rate.per_second());
        assert!(took < 38.0 * 1.15, "took {took:.1} s against a floor of 38 s");
        assert!(throttled < 100, "{throttled} throttled answers for 400 requests");
    }
}
