//! Forms with many fields on `use_reducer`: a form's values live in one
//! struct that implements [`Fields`] (how a named input changes it), and
//! every input sends an [`Edit`] to the one reducer. Typing never resets
//! other fields, and the submit handler reads one consistent value.

use std::rc::Rc;
use yew::prelude::*;

/// A form's values, changed by the input's `name`.
pub trait Fields: Clone + Default + PartialEq + 'static {
    fn text(&mut self, name: &str, value: String);
    fn check(&mut self, _name: &str, _on: bool) {}
}

/// One change to a form.
pub enum Edit {
    Text(&'static str, String),
    Check(&'static str, bool),
}

#[derive(Clone, Default, PartialEq)]
pub struct Form<F>(pub F);

impl<F: Fields> Reducible for Form<F> {
    type Action = Edit;
    fn reduce(self: Rc<Self>, action: Edit) -> Rc<Self> {
        let mut f = self.0.clone();
        match action {
            Edit::Text(n, v) => f.text(n, v),
            Edit::Check(n, on) => f.check(n, on),
        }
        Rc::new(Form(f))
    }
}

pub type FormHandle<F> = UseReducerHandle<Form<F>>;

/// `oninput` of a text input, textarea or date.
pub fn text<F: Fields>(form: &FormHandle<F>, name: &'static str) -> Callback<InputEvent> {
    let d = form.dispatcher();
    Callback::from(move |e: InputEvent| d.dispatch(Edit::Text(name, ui::form::value_of(&e))))
}

/// `onchange` of a checkbox.
pub fn check<F: Fields>(form: &FormHandle<F>, name: &'static str) -> Callback<Event> {
    let d = form.dispatcher();
    Callback::from(move |e: Event| d.dispatch(Edit::Check(name, ui::form::checked_of(&e))))
}

/// A picked value (for `components::choice`).
pub fn pick<F: Fields>(form: &FormHandle<F>, name: &'static str) -> Callback<String> {
    let d = form.dispatcher();
    Callback::from(move |v: String| d.dispatch(Edit::Text(name, v)))
}
