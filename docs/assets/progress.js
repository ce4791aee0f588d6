/* Learner progress across the course, kept only in this browser (localStorage); nothing is sent.
 *
 * The build publishes the course's shape as window.courseData (assets/course-data.js) and labels
 * each quiz with its question id. Here we record the first answer to each question, fill the
 * progress boxes on module pages, the "My progress" page and the completion record, and move
 * keyboard focus and announce results after an answer. Works with Material's instant navigation.
 *
 * window.courseProgress.load/save read and replace the whole record (the SCORM tests use them).
 */
(function () {
  "use strict";

  var STORAGE_KEY = "fit-progress-v1";
  var QUIZ_STORAGE_PREFIX = "quiz_progress_"; // mkdocs-quiz's own per-page answers
  var course = window.courseData;
  if (!course) return;

  var questionModule = {};
  course.modules.forEach(function (module) {
    module.questions.forEach(function (id) { questionModule[id] = module; });
  });

  // ---- storage ----------------------------------------------------------------------------

  function emptyState() {
    return { modules: {}, name: "", last: null };
  }

  function load() {
    try {
      var state = JSON.parse(localStorage.getItem(STORAGE_KEY));
      if (state && typeof state === "object" && state.modules && typeof state.modules === "object") return state;
    } catch (e) { /* unreadable or blocked storage: start afresh */ }
    return emptyState();
  }

  function save(state) {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (e) { /* storage blocked (private mode): progress lasts until the page closes */ }
  }

  function forgetQuizAnswers(module) {
    try {
      localStorage.removeItem(QUIZ_STORAGE_PREFIX + new URL(module.url, siteRoot()).pathname);
    } catch (e) { /* nothing stored */ }
  }

  // ---- the course as the learner has done it ---------------------------------------------

  function siteRoot() {
    var base = ".";
    try { base = JSON.parse(document.getElementById("__config").textContent).base || "."; } catch (e) { /* not Material */ }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function moduleHref(module) {
    return new URL(module.url, siteRoot()).href;
  }

  function summarise(module, state) {
    var answers = (state.modules[module.id] || {}).answers || {};
    var total = module.questions.length, answered = 0, correct = 0;
    module.questions.forEach(function (id) {
      if (answers[id]) {
        answered++;
        if (answers[id].correct) correct++;
      }
    });
    var score = total ? Math.round((100 * correct) / total) : 0;
    var status = answered === 0 ? "not-started" : answered < total ? "in-progress" : "complete";
    return {
      module: module, total: total, answered: answered, correct: correct, score: score, status: status,
      passed: status === "complete" && score >= course.passMark,
      completedOn: status === "complete" ? (state.modules[module.id] || {}).completedOn : null,
    };
  }

  function summaries(state) {
    return course.modules.map(function (module) { return summarise(module, state); });
  }

  function recordAnswer(questionId, correct) {
    var module = questionModule[questionId];
    if (!module) return;
    var state = load();
    var progress = state.modules[module.id] || (state.modules[module.id] = { answers: {} });
    if (progress.answers[questionId]) return; // the first answer counts; "Try again" is for learning
    progress.answers[questionId] = { correct: correct, at: new Date().toISOString() };
    if (summarise(module, state).status === "complete") progress.completedOn = today();
    save(state);
  }

  function retake(module) {
    var state = load();
    delete state.modules[module.id];
    save(state);
    forgetQuizAnswers(module);
  }

  function resetAll() {
    var state = load();
    course.modules.forEach(forgetQuizAnswers);
    save({ modules: {}, name: state.name, last: null });
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  // ---- answering a question -----------------------------------------------------------------

  // Capture phase: runs before mkdocs-quiz's own handler, which stops the event.
  document.addEventListener("submit", function (event) {
    var quiz = event.target.closest && event.target.closest(".quiz[data-question]");
    if (!quiz) return;
    var options = Array.prototype.slice.call(quiz.querySelectorAll('input[name="answer"]'));
    var correct = options.every(function (input) { return input.checked === input.hasAttribute("data-correct"); });
    recordAnswer(quiz.getAttribute("data-question"), correct);
    setTimeout(function () { afterAnswer(quiz, correct); }, 0); // once mkdocs-quiz has shown the feedback
  }, true);

  function afterAnswer(quiz, correct) {
    var feedback = quiz.querySelector(".quiz-feedback");
    announce((correct ? "Correct. " : "Not correct. ") + (feedback ? feedback.textContent.replace(/\s+/g, " ").trim() : ""));
    // mkdocs-quiz hides the Submit button that had focus; keep keyboard users in the question.
    var tryAgain = quiz.querySelector(".quiz-reset-button:not(.hidden)");
    if (tryAgain && (document.activeElement === document.body || quiz.contains(document.activeElement))) tryAgain.focus();
    renderAll();
  }

  function announce(text) {
    var region = document.getElementById("progress-announcer");
    if (!region) {
      region = element("div", { id: "progress-announcer", class: "visually-hidden", role: "status", "aria-live": "polite" });
      document.body.appendChild(region);
    }
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  // ---- drawing ------------------------------------------------------------------------------

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  var STATUS_TEXT = { "not-started": "Not started", "in-progress": "In progress", complete: "Complete" };

  function statusText(summary) {
    if (summary.status === "not-started") return "Not started";
    if (summary.status === "in-progress") return "In progress: " + summary.answered + " of " + summary.total + " questions answered";
    return "Complete: " + summary.correct + " of " + summary.total + " right first time (" + summary.score + "%), " +
      (summary.passed ? "passed" : "below the " + course.passMark + "% pass mark");
  }

  function hours(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return h ? h + " h " + m + " min" : m + " min";
  }

  function button(label, onClick, extraClass) {
    var node = element("button", { type: "button", class: "md-button " + (extraClass || "") }, [label]);
    node.addEventListener("click", onClick);
    return node;
  }

  function renderModuleBox(box, state) {
    var module = course.modules.filter(function (m) { return m.id === box.getAttribute("data-module"); })[0];
    if (!module) return;
    var summary = summarise(module, state);
    var children = [
      element("strong", {}, ["Your progress: "]),
      element("span", { class: "progress-status progress-status--" + summary.status }, [statusText(summary)]),
      ". Pass mark " + course.passMark + "% of questions right at the first attempt. ",
      element("a", { href: new URL(course.pages.progress, siteRoot()).href }, ["My progress"]),
    ];
    if (summary.answered) {
      children.push(" ", button("Retake this module", function () {
        if (!window.confirm("Clear your answers to this module and start it again?")) return;
        retake(module);
        location.reload();
      }, "progress-retake"));
    }
    box.replaceChildren.apply(box, children);
    box.hidden = false;
  }

  function renderContinue(box, state) {
    var all = summaries(state);
    var last = state.last && all.filter(function (s) { return s.module.id === state.last; })[0];
    var next = last && last.status !== "complete" ? last : all.filter(function (s) { return s.status !== "complete"; })[0];
    var children;
    if (!all.some(function (s) { return s.answered; }) && !last) {
      box.hidden = true;
      return;
    }
    if (next) {
      children = ["Continue where you left off: ",
        element("a", { href: moduleHref(next.module) }, [next.module.order + ". " + next.module.title]),
        " (" + statusText(next).toLowerCase() + ")."];
    } else {
      children = ["You have answered every question in the course. ",
        element("a", { href: new URL(course.pages.record, siteRoot()).href }, ["Print your completion record"]), "."];
    }
    box.replaceChildren.apply(box, children);
    box.hidden = false;
  }

  function renderOverview(box, state) {
    var all = summaries(state);
    var rows = all.map(function (s) {
      return element("tr", { "data-module": s.module.id }, [
        element("td", {}, [element("a", { href: moduleHref(s.module) }, [s.module.order + ". " + s.module.title])]),
        element("td", {}, [element("span", { class: "progress-status progress-status--" + s.status }, [STATUS_TEXT[s.status]])]),
        element("td", {}, [s.answered + " of " + s.total]),
        element("td", {}, [s.status === "complete" ? s.score + "% " + (s.passed ? "(passed)" : "(below pass mark)") : "–"]),
      ]);
    });
    var complete = all.filter(function (s) { return s.status === "complete"; });
    var table = element("table", {}, [
      element("caption", {}, [complete.length + " of " + all.length + " modules complete"]),
      element("thead", {}, [element("tr", {}, ["Module", "Status", "Questions answered", "Score"].map(function (h) {
        return element("th", { scope: "col" }, [h]);
      }))]),
      element("tbody", {}, rows),
    ]);
    var reset = button("Clear all my progress", function () {
      if (!window.confirm("Clear your answers to every module on this device? This cannot be undone.")) return;
      resetAll();
      renderAll();
    }, "progress-reset");
    box.replaceChildren(table, reset);
  }

  function completionRecord(state) {
    var done = summaries(state).filter(function (s) { return s.status === "complete"; });
    return {
      courseTitle: course.title,
      courseVersion: course.version,
      learner: state.name || "",
      date: today(),
      passMark: course.passMark,
      modules: done.map(function (s) {
        return { id: s.module.id, title: s.module.title, completedOn: s.completedOn, correct: s.correct,
          questions: s.total, score: s.score, passed: s.passed, minutes: s.module.minutes };
      }),
      totalMinutes: done.reduce(function (sum, s) { return sum + s.module.minutes; }, 0),
    };
  }

  function renderRecord(box, state) {
    var record = completionRecord(state);
    var name = element("input", { id: "record-name", type: "text", autocomplete: "name", value: record.learner });
    name.addEventListener("input", function () {
      var latest = load();
      latest.name = name.value;
      save(latest);
    });
    var rows = record.modules.map(function (m) {
      return element("tr", {}, [
        element("td", {}, [m.title]), element("td", {}, [m.completedOn || ""]),
        element("td", {}, [m.correct + " of " + m.questions + " (" + m.score + "%)"]),
        element("td", {}, [m.passed ? "Passed" : "Below pass mark"]), element("td", {}, [m.minutes + " min"]),
      ]);
    });
    var modules = record.modules.length
      ? element("table", {}, [
        element("thead", {}, [element("tr", {}, ["Module", "Completed on", "Score", "Result", "Learning time"].map(function (h) {
          return element("th", { scope: "col" }, [h]);
        }))]),
        element("tbody", {}, rows),
      ])
      : element("p", { class: "record-empty" }, ["No module is complete yet. A module is complete when you have answered all its questions."]);
    var download = button("Download the record (JSON)", function () {
      var data = completionRecord(load());
      var link = element("a", {
        href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" })),
        download: "completion-record-" + data.date + ".json",
      });
      document.body.appendChild(link);
      link.click();
      link.remove();
    }, "record-download");
    box.replaceChildren(
      element("p", { class: "record-name" }, [element("label", { for: "record-name" }, ["Learner's name "]), name]),
      element("dl", { class: "record-facts" }, [
        element("dt", {}, ["Course"]), element("dd", {}, [course.title]),
        element("dt", {}, ["Course version"]), element("dd", { class: "record-version" }, [course.version]),
        element("dt", {}, ["Date"]), element("dd", {}, [record.date]),
        element("dt", {}, ["Modules complete"]), element("dd", { class: "record-count" }, [record.modules.length + " of " + course.modules.length]),
        element("dt", {}, ["Total learning time"]), element("dd", { class: "record-time" }, [hours(record.totalMinutes)]),
        element("dt", {}, ["Pass mark"]), element("dd", {}, [course.passMark + "% right at the first attempt"]),
      ]),
      modules,
      element("p", { class: "record-actions" }, [button("Print or save as PDF", function () { window.print(); }, "md-button--primary"), " ", download])
    );
  }

  function renderAll() {
    var state = load();
    document.querySelectorAll(".module-progress[data-module]").forEach(function (box) { renderModuleBox(box, state); });
    document.querySelectorAll(".continue-learning").forEach(function (box) { renderContinue(box, state); });
    document.querySelectorAll("#progress-overview").forEach(function (box) { renderOverview(box, state); });
    document.querySelectorAll("#completion-record").forEach(function (box) { renderRecord(box, state); });
    document.querySelectorAll(".pass-mark").forEach(function (span) { span.textContent = course.passMark + "%"; });
  }

  function onPage() {
    var box = document.querySelector(".module-progress[data-module]");
    if (box) {
      var state = load();
      state.last = box.getAttribute("data-module");
      save(state);
    }
    renderAll();
  }

  window.courseProgress = { load: load, save: save };

  if (typeof document$ !== "undefined") {
    document$.subscribe(onPage); // every page, including the first, with instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
