//! My courses (issue 17): the courses assigned to the staff member's KOS
//! role or store, with their best score; a course opens with its text, its
//! video link and its quiz (one choice per question), and the answers are
//! scored on the server (the answer key never comes to the phone).

use super::shell::use_staff;
use crate::api_staff_backoffice as api;
use crate::router::{Link, Route};
use ::api::{AttemptForm, MyCourseDetail};
use ui::{Lang, use_action, use_load, view_load};
use yew::prelude::*;

#[component]
pub fn StaffCourses() -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let brand = ctx.brand.clone();
    let list = use_load((), move |()| api::my_courses(c));
    html! {
        <>
            <h1>{ l.t("我的课程", "My courses") }</h1>
            { view_load(&list, l, |rows| if rows.is_empty() {
                html! { <p class="muted card">{ l.t("暂时没有分配给你的课程。", "No courses for you yet.") }</p> }
            } else { html! {
                <ul class="plain" data-testid="my-courses">
                    { for rows.iter().map(|c| html! {
                        <li class="card">
                            <Link to={Route::StaffCourse { brand: brand.clone(), id: c.id.clone() }}>{ c.title.clone() }</Link>
                            <p class="muted">
                                { if c.passed { l.t("已通过", "Passed") } else { l.t("未通过", "Not passed yet") } }
                                { c.best_percent.map(|p| format!(" · {} {p}%", l.t("最高", "best"))).unwrap_or_default() }
                            </p>
                        </li>
                    }) }
                </ul>
            } }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct StaffCourseProps {
    pub id: String,
}

#[component]
pub fn StaffCourse(props: &StaffCourseProps) -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let course = use_load(props.id.clone(), move |id: String| async move {
        api::my_course(c, &id).await
    });
    html! {
        { view_load(&course, l, |d| html! { <Quiz course={d.clone()} lang={l} /> }) }
    }
}

#[derive(Properties, PartialEq)]
struct QuizProps {
    course: MyCourseDetail,
    lang: Lang,
}

#[component]
fn Quiz(props: &QuizProps) -> Html {
    let l = props.lang;
    let d = &props.course;
    let c = use_staff().client();
    // The chosen choice per question (`u8::MAX`: none yet).
    let answers = use_state(|| vec![u8::MAX; d.questions.len()]);
    let submit = {
        let id = d.id.clone();
        use_action(
            move |form: AttemptForm| {
                let id = id.clone();
                async move { api::take_course(c, &id, form).await }
            },
            Callback::noop(),
        )
    };
    let onsubmit = {
        let (answers, run) = (answers.clone(), submit.run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(AttemptForm {
                answers: (*answers).clone(),
            });
        })
    };
    html! {
        <>
            <h1>{ d.title.clone() }</h1>
            <section class="card course-body"><p>{ d.body.clone() }</p>
                if !d.video_url.is_empty() {
                    <p><a href={d.video_url.clone()} target="_blank" rel="noopener">{ l.t("观看视频", "Watch the video") }</a></p>
                }
            </section>
            if !d.questions.is_empty() {
                <form class="card" {onsubmit} data-testid="quiz">
                    { for d.questions.iter().enumerate().map(|(qi, q)| html! {
                        <fieldset>
                            <legend>{ format!("{}. {}", qi + 1, q.prompt) }</legend>
                            { for q.choices.iter().enumerate().map(|(ci, choice)| {
                                let answers = answers.clone();
                                let pick = Callback::from(move |_: Event| {
                                    let mut a = (*answers).clone();
                                    a[qi] = ci as u8;
                                    answers.set(a);
                                });
                                html! {
                                    <label class="choice">
                                        <input type="radio" name={format!("q{qi}")} onchange={pick} />
                                        { choice.clone() }
                                    </label>
                                }
                            }) }
                        </fieldset>
                    }) }
                    <button disabled={submit.busy}>{ l.t("提交答案", "Submit answers") }</button>
                    { crate::error_line(&crate::message(&submit.error)) }
                </form>
            }
            if let Some(r) = &submit.done {
                <p class="card" role="status" data-testid="quiz-result">
                    { format!("{} {} / {} · {}% · ", l.t("答对", "Correct"), r.correct, r.total, r.percent) }
                    { if r.passed { l.t("通过", "Passed") } else { l.t("未通过，可再试一次", "Not passed: try again") } }
                </p>
            }
        </>
    }
}
