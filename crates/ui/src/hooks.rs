//! The apps' data layer: [`use_load`] loads a resource and gives
//! loading / failed (with the server's message and a retry) / ready;
//! [`use_action`] runs a write and gives busy / error / done. Every page
//! that loads data goes through `use_load` and draws with [`view_load`],
//! so no page can spin on "加载中…" forever after a failed request.
//!
//! A load is keyed by its `deps`: when they change the resource loads
//! again, and an answer that arrives for older deps (or after a newer
//! retry) is dropped, so a slow first answer cannot overwrite a newer one.
//! The last good value stays on screen until the new one arrives, so a
//! page that shows one record of many is drawn with a `key` naming the
//! record (`<CampaignPage key={id} …/>`): another record is then a fresh
//! page that says "loading", never the previous record under the new
//! address.
//!
//! Size: each hook is a thin typed shell over one non-generic core that
//! holds the state as `Rc<dyn Any>` and runs boxed futures, so the tenth
//! page using a hook costs its own closures, not another copy of the
//! hook's state machine and task (each copy was ~0.5 KB of brotli in a
//! phone app's first load).

use crate::{ApiFailure, Lang};
use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Where a load is.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    Loading,
    Failed(ApiFailure),
    Ready(Rc<T>),
}

impl<T> Load<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Load::Ready(v) => Some(v),
            _ => None,
        }
    }
}

/// A loaded resource and the way to load it again.
pub struct UseLoad<T> {
    pub state: Load<T>,
    /// Loads again (the retry button, or after a write changed the data).
    /// The last good value stays on screen while a reload runs.
    pub reload: Callback<()>,
    /// Replaces the value without a request (an action's answer).
    pub set: Callback<T>,
}

impl<T> UseLoad<T> {
    pub fn ready(&self) -> Option<&T> {
        self.state.ready()
    }
}

/// A value of any type, as the cores hold it.
type Erased = Rc<dyn Any>;
/// A running request, as the cores run it.
type Running = Pin<Box<dyn Future<Output = Result<Erased, ApiFailure>>>>;

fn typed<T: 'static>(v: &Erased) -> Option<Rc<T>> {
    v.clone().downcast::<T>().ok()
}

/// Loads `fetch(deps)` when the component mounts and whenever `deps`
/// change; see [`UseLoad`].
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, fetch: F) -> UseLoad<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    let core = use_load_core();
    {
        let start = core.start.clone();
        use_effect_with((deps, core.round), move |(deps, _)| {
            let fut = fetch(deps.clone());
            start.emit(Box::pin(
                async move { fut.await.map(|v| Rc::new(v) as Erased) },
            ));
        });
    }
    UseLoad {
        state: match &core.state {
            Load::Loading => Load::Loading,
            Load::Failed(e) => Load::Failed(e.clone()),
            Load::Ready(v) => typed::<T>(v).map_or(Load::Loading, Load::Ready),
        },
        reload: core.reload,
        set: core.set.reform(|v: T| Rc::new(v) as Erased),
    }
}

struct LoadCore {
    state: Load<Erased>,
    round: u32,
    start: Callback<Running>,
    reload: Callback<()>,
    set: Callback<Erased>,
}

#[hook]
fn use_load_core() -> LoadCore {
    let state = use_state(|| Load::<Erased>::Loading);
    let round = use_state(|| 0u32);
    // Which request's answer may still land.
    let latest = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    let latest = latest.borrow().clone();
    let start = {
        let (state, latest) = (state.clone(), latest.clone());
        Callback::from(move |fut: Running| {
            let ticket = latest.get() + 1;
            latest.set(ticket);
            // Keep a good value on screen while reloading; a failure or the
            // first load shows the loading state.
            if !matches!(*state, Load::Ready(_)) {
                state.set(Load::Loading);
            }
            let (state, latest) = (state.clone(), latest.clone());
            spawn_local(async move {
                let result = fut.await;
                if latest.get() == ticket {
                    state.set(match result {
                        Ok(v) => Load::Ready(Rc::new(v)),
                        Err(e) => Load::Failed(e),
                    });
                }
            });
        })
    };
    let reload = {
        let round = round.clone();
        Callback::from(move |()| round.set(round.wrapping_add(1)))
    };
    let set = {
        let state = state.clone();
        Callback::from(move |v: Erased| {
            // An answer to a request still running would be older than this.
            latest.set(latest.get() + 1);
            state.set(Load::Ready(Rc::new(v)));
        })
    };
    LoadCore {
        state: (*state).clone(),
        round: *round,
        start,
        reload,
        set,
    }
}

/// Draws a load: a quiet "loading" line, the failure with a retry button,
/// or `ready(value)`.
pub fn view_load<T>(load: &UseLoad<T>, lang: Lang, ready: impl FnOnce(&T) -> Html) -> Html {
    match &load.state {
        Load::Loading => html! {
            <p class="muted" aria-busy="true">{ lang.t("加载中…", "Loading…") }</p>
        },
        Load::Failed(e) => failed(e, lang, load.reload.clone()),
        Load::Ready(v) => ready(v),
    }
}

/// A failed load: the server's (or the network's) message and a retry.
pub fn failed(e: &ApiFailure, lang: Lang, retry: Callback<()>) -> Html {
    html! {
        <div class="load-failed" role="alert">
            <p class="error">{ e.message.clone() }</p>
            <button type="button" class="retry" onclick={retry.reform(|_| ())}>
                { lang.t("重试", "Retry") }
            </button>
        </div>
    }
}

/// Where an action is.
pub struct UseAction<I, O> {
    pub busy: bool,
    pub error: Option<ApiFailure>,
    /// The last successful answer.
    pub done: Option<Rc<O>>,
    /// Starts the action with its input; ignored while one runs.
    pub run: Callback<I>,
    /// Forgets the error and the last answer.
    pub clear: Callback<()>,
}

/// Runs `act(input)` on `run`, one at a time; `then` sees each success
/// (typically to reload a resource or move to another page).
#[hook]
pub fn use_action<I, O, F, Fut>(act: F, then: Callback<Rc<O>>) -> UseAction<I, O>
where
    I: 'static,
    O: 'static,
    F: Fn(I) -> Fut + 'static,
    Fut: Future<Output = Result<O, ApiFailure>> + 'static,
{
    let core = use_action_core();
    // `run` is made each render, so it runs this render's `act` (the
    // closure captures this render's values).
    let then = Callback::from(move |v: Erased| {
        if let Some(v) = typed::<O>(&v) {
            then.emit(v);
        }
    });
    let start = core.start.clone();
    let run = Callback::from(move |input: I| {
        let fut = act(input);
        start.emit((
            Box::pin(async move { fut.await.map(|v| Rc::new(v) as Erased) }),
            then.clone(),
        ));
    });
    UseAction {
        busy: core.busy,
        error: core.error,
        done: core.done.as_ref().and_then(typed::<O>),
        run,
        clear: core.clear,
    }
}

struct ActionCore {
    busy: bool,
    error: Option<ApiFailure>,
    done: Option<Erased>,
    start: Callback<(Running, Callback<Erased>)>,
    clear: Callback<()>,
}

#[hook]
fn use_action_core() -> ActionCore {
    let busy = use_state(|| false);
    let error = use_state(|| None::<ApiFailure>);
    let done = use_state(|| None::<Erased>);
    let running = use_mut_ref(|| false);
    let start = {
        let (busy, error, done, running) =
            (busy.clone(), error.clone(), done.clone(), running.clone());
        Callback::from(move |(fut, then): (Running, Callback<Erased>)| {
            if *running.borrow() {
                return;
            }
            *running.borrow_mut() = true;
            busy.set(true);
            error.set(None);
            done.set(None);
            let (busy, error, done, running) =
                (busy.clone(), error.clone(), done.clone(), running.clone());
            spawn_local(async move {
                let result = fut.await;
                *running.borrow_mut() = false;
                busy.set(false);
                match result {
                    Ok(v) => {
                        done.set(Some(v.clone()));
                        then.emit(v);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let clear = {
        let (error, done) = (error.clone(), done.clone());
        Callback::from(move |()| {
            error.set(None);
            done.set(None);
        })
    };
    ActionCore {
        busy: *busy,
        error: (*error).clone(),
        done: (*done).clone(),
        start,
        clear,
    }
}
