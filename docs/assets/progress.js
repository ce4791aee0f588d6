/* Learner progress across the course, kept only in this browser; nothing is sent.
 *
 * The build publishes the course's shape as window.courseData (assets/course-data.js) and labels
 * each quiz with its question id. What progress is, how it is stored and scored, is
 * assets/progress-core.js. Here: record the first answer to each question, explain each answer
 * in words, fill the progress boxes on module pages, the "My progress" page and the completion
 * record, point the Start / Continue buttons at the right module, keep the learner's reflections,
 * and keep keyboard focus and screen readers with the learner. Works with Material's instant
 * navigation.
 *
 * window.courseProgress.load/save read and replace the whole record (the SCORM tests use them).
 */
(function () {
  "use strict";

  var course = window.courseData;
  if (!course || !window.progressCore) return;
  var core = window.progressCore(course);

  function siteRoot() {
    var base = ".";
    try { base = JSON.parse(document.getElementById("__config").textContent).base || "."; } catch (e) { /* not Material */ }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function moduleHref(module) {
    return new URL(module.url, siteRoot()).href;
  }

  function update(change) {
    var state = core.load();
    if (change(state) !== false) core.save(state);
  }

  function retake(module) {
    update(function (state) { delete state.modules[module.id]; });
    core.forgetQuizAnswers([module], siteRoot());
  }

  function resetAll() {
    update(function (state) {
      state.modules = {};
      state.last = null;
      state.reflections = {};
    });
    core.forgetQuizAnswers(course.modules, siteRoot());
  }

  // ---- when the browser will not keep progress ----------------------------------------------

  var storageNoticeShown = false;

  core.onStorageRefused(function () {
    if (storageNoticeShown) return;
    storageNoticeShown = true;
    var notice = element("p", { class: "storage-notice", role: "status" }, [
      "This browser is not letting the course save your progress (its storage is turned off or full). " +
      "Your answers count while you stay on this site, but they will be lost when you close or reload the page.",
    ]);
    var content = document.querySelector(".md-content__inner") || document.body;
    content.insertBefore(notice, content.firstChild);
  });

  // ---- answering a question -----------------------------------------------------------------

  function options(quiz) {
    return Array.prototype.slice.call(quiz.querySelectorAll('input[name="answer"]'));
  }

  function labelOf(input) {
    var label = input.parentElement.querySelector("label");
    return label ? label.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // Capture phase: runs before mkdocs-quiz's own handler on the form.
  document.addEventListener("submit", function (event) {
    var quiz = event.target.closest && event.target.closest(".quiz[data-question]");
    if (!quiz) return;
    var ticked = options(quiz).filter(function (input) { return input.checked; });
    if (!ticked.length) {
      // Not an attempt: mkdocs-quiz would score it as wrong and show the answer.
      event.preventDefault();
      event.stopPropagation();
      askForAnAnswer(quiz);
      return;
    }
    clearAsk(quiz);
    var correct = options(quiz).every(function (input) { return input.checked === input.hasAttribute("data-correct"); });
    var choice = options(quiz).map(function (input) { return { ticked: input.checked, right: input.hasAttribute("data-correct") }; });
    update(function (state) { return core.recordAnswer(state, quiz.getAttribute("data-question"), correct, choice); });
    setTimeout(function () { afterAnswer(quiz); }, 0); // once mkdocs-quiz has shown its feedback
  }, true);

  document.addEventListener("change", function (event) {
    var quiz = event.target.closest && event.target.closest(".quiz[data-question]");
    if (quiz) clearAsk(quiz);
  });

  function askForAnAnswer(quiz) {
    var ask = quiz.querySelector(".quiz-ask");
    if (!ask) {
      ask = element("p", { class: "quiz-ask", role: "status" });
      var fieldset = quiz.querySelector("fieldset");
      fieldset.parentNode.insertBefore(ask, fieldset.nextSibling);
    }
    ask.textContent = "";
    setTimeout(function () { ask.textContent = "Choose an answer first."; }, 50); // announced again on each try
  }

  function clearAsk(quiz) {
    var ask = quiz.querySelector(".quiz-ask");
    if (ask) ask.remove();
  }

  function afterAnswer(quiz) {
    announce(explain(quiz));
    // mkdocs-quiz hides the Submit button that had focus; keep keyboard users in the question.
    var tryAgain = quiz.querySelector(".quiz-reset-button:not(.hidden)");
    if (tryAgain && (document.activeElement === document.body || quiz.contains(document.activeElement))) tryAgain.focus();
    renderAll();
  }

  // One verdict, then every ticked option with its feedback, and on a select-all question the
  // right options left unticked: in words, replacing mkdocs-quiz's own feedback. Returns it as
  // one line of text, to be read out.
  function explain(quiz) {
    var feedback = quiz.querySelector(".quiz-feedback");
    var all = options(quiz);
    var ticked = all.filter(function (input) { return input.checked; });
    if (!feedback || !ticked.length) return "";
    var selectAll = all[0].type === "checkbox";
    var right = all.filter(function (input) { return input.hasAttribute("data-correct"); });
    var rightTicks = ticked.filter(function (input) { return input.hasAttribute("data-correct"); });
    var wrongTicks = ticked.length - rightTicks.length;
    var missed = right.filter(function (input) { return !input.checked; });
    var verdict = !wrongTicks && !missed.length ? "Correct."
      : !selectAll ? "Not correct."
        : "Not correct: you ticked " + rightTicks.length + " of the " + right.length + " right options" +
          (wrongTicks ? " and " + wrongTicks + " wrong " + (wrongTicks === 1 ? "one" : "ones") : "") + ".";
    var items = ticked.map(function (input) {
      var isRight = input.hasAttribute("data-correct");
      var said = input.parentElement.querySelector(".answer-feedback");
      var lead = selectAll ? (isRight ? "Right tick: " : "Wrong tick: ") : "Your answer: ";
      var why = element("span", { class: "quiz-option-feedback" });
      // the option's feedback as the build rendered it (links and all): copied nodes, not markup
      if (said) Array.prototype.forEach.call(said.childNodes, function (node) { why.appendChild(node.cloneNode(true)); });
      return element("li", { class: "quiz-feedback-item " + (isRight ? "correct" : "incorrect") }, [
        element("strong", {}, [lead]), labelOf(input), why,
      ]);
    });
    if (selectAll) {
      missed.forEach(function (input) {
        items.push(element("li", { class: "quiz-feedback-missed" }, [
          element("strong", {}, ["Missed: "]), labelOf(input), " (this option is right too)",
        ]));
      });
    }
    feedback.replaceChildren(element("p", { class: "quiz-verdict" }, [element("strong", {}, [verdict])]),
      element("ul", { class: "quiz-feedback-list" }, items));
    return [verdict].concat(items.map(function (item) {
      return Array.prototype.map.call(item.childNodes, function (node) { return node.textContent.trim(); }).join(" ");
    })).join(" ").replace(/\s+/g, " ");
  }

  // mkdocs-quiz restores each question's ticks from its own per-page storage (keyed by question
  // id: hooks/progress.py). Only a question this record has answered may show an answer: any
  // other (a retaken module, another learner on a shared PC) starts unticked.
  function matchQuizzes() {
    var state = core.load();
    document.querySelectorAll(".quiz[data-question]").forEach(function (quiz) {
      var feedback = quiz.querySelector(".quiz-feedback");
      if (!feedback || feedback.classList.contains("hidden")) return;
      var tryAgain = quiz.querySelector(".quiz-reset-button");
      if (!core.isAnswered(state, quiz.getAttribute("data-question")) && tryAgain) tryAgain.click();
      else explain(quiz);
    });
  }

  // mkdocs-quiz sends this when it has read its storage, and after each answer or "Try again";
  // its questions are drawn by the end of the same task.
  var matching = false;
  window.addEventListener("quizProgressUpdate", function () {
    if (matching) return;
    matching = true;
    setTimeout(function () {
      matching = false;
      matchQuizzes();
    }, 0);
  });

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

  var STATUS_TEXT = {
    "not-started": "Not started", "in-progress": "In progress", passed: "Passed", failed: "Below the pass mark: retake",
  };
  var UPDATED = "Updated since you completed it";

  function statusClass(summary) {
    return "progress-status progress-status--" + (summary.updated ? "updated" : summary.status);
  }

  function shortStatus(summary) {
    return summary.updated ? UPDATED : STATUS_TEXT[summary.status];
  }

  function statusText(summary) {
    var firstTime = summary.correct + " of " + summary.total + " right first time (" + summary.score + "%)";
    if (summary.updated) {
      return UPDATED + ": " + (summary.total - summary.answered) + " new " + plural(summary.total - summary.answered, "question") +
        " to answer";
    }
    if (summary.status === "in-progress") return "In progress: " + summary.answered + " of " + summary.total + " questions answered";
    if (summary.status === "passed") return "Passed: " + firstTime;
    if (summary.status === "failed") return "Below the pass mark: retake. " + firstTime + "; the pass mark is " + course.passMark + "%";
    return STATUS_TEXT[summary.status];
  }

  function plural(count, word) {
    return count === 1 ? word : word + "s";
  }

  function count(n, word) {
    return n + " " + plural(n, word);
  }

  // What remains, in words: "Course passed" only when every module is passed.
  function courseResultText(result) {
    if (result.passed) return "Course passed: you have passed every module.";
    var unfinished = result.notStarted.length + result.inProgress.length, remains = [];
    if (unfinished) remains.push(count(unfinished, "module") + " to finish");
    if (result.toRetake.length) remains.push(count(result.toRetake.length, "module") + " to retake (below the pass mark)");
    return "Course not passed yet: " + remains.join(" and ") + ".";
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
    var summary = core.summarise(module, state);
    var children = [
      element("span", { class: "progress-line" }, [element("strong", {}, ["Your progress: "]),
        element("span", { class: statusClass(summary) }, [statusText(summary)]), "."]),
      element("span", { class: "progress-line" }, ["Pass mark " + course.passMark + "% of questions right at the first attempt. ",
        element("a", { href: new URL(course.pages.progress, siteRoot()).href }, ["My progress"])]),
    ];
    if (summary.answered) {
      children.push(" ", button("Retake this module", function () {
        if (!window.confirm("Clear your answers to this module and start it again?")) return;
        retake(module);
        location.reload();
      }, "progress-retake" + (summary.status === "failed" ? " md-button--primary" : "")));
    }
    box.replaceChildren.apply(box, children);
  }

  var ACTION = { start: "Start the course", "continue": "Continue: ", retake: "Retake: ", done: "See your completion record" };

  // The page's Start button (a link to the first module, from the build) becomes Continue or
  // Retake, with the module's status and the course result below it, once the learner has begun.
  function renderContinue(box, state) {
    var step = core.nextStep(state);
    var link = box.querySelector("a.continue-button");
    if (!link) return;
    link.href = step.next ? moduleHref(step.next.module) : new URL(course.pages.record, siteRoot()).href;
    link.textContent = ACTION[step.action] + (step.next && step.action !== "start" ? step.next.module.order + ". " + step.next.module.title : "");
    var detail = box.querySelector(".continue-detail");
    if (step.action === "start") {
      if (detail) detail.remove();
      return;
    }
    if (!detail) box.appendChild(detail = element("p", { class: "continue-detail" }));
    detail.replaceChildren.apply(detail, (step.next ? [statusText(step.next) + ". "] : []).concat(
      element("strong", { class: "course-result" }, [courseResultText(step.result)])));
  }

  // Each cell says what it is, for the stacked layout on a phone (course.css).
  function row(id, headings, cells) {
    return element("tr", { "data-module": id }, cells.map(function (cell, i) {
      return element("td", { "data-label": headings[i] }, [cell]);
    }));
  }

  function table(headings, rows, caption) {
    return element("div", { class: "stack-on-phone" }, [element("table", {}, (caption ? [caption] : []).concat(
      element("thead", {}, [element("tr", {}, headings.map(function (h) { return element("th", { scope: "col" }, [h]); }))]),
      element("tbody", {}, rows)))]);
  }

  function renderOverview(box, state) {
    var result = core.courseResult(state);
    var headings = ["Module", "Status", "Questions answered", "Score"];
    var rows = result.modules.map(function (s) {
      var complete = s.status === "passed" || s.status === "failed";
      return row(s.module.id, headings, [
        element("a", { href: moduleHref(s.module) }, [s.module.order + ". " + s.module.title]),
        element("span", { class: statusClass(s) }, [shortStatus(s)]),
        s.answered + " of " + s.total,
        complete ? s.score + "% " + (s.status === "passed" ? "(passed)" : "(below pass mark)") : "–",
      ]);
    });
    var reset = button("Clear all my progress", function () {
      if (!window.confirm("Clear your answers and reflections for every module on this device? This cannot be undone.")) return;
      resetAll();
      renderAll();
    }, "progress-reset");
    box.replaceChildren(table(headings, rows, element("caption", { class: "course-result" }, [courseResultText(result)])), reset);
  }

  var RESULT = { passed: "Passed", failed: "Below pass mark", updated: UPDATED };

  // Learning time as notional CPD hours, to one decimal place: 80 minutes is 1.3 hours.
  function cpdHours(minutes) {
    return Math.round(minutes / 6) / 10;
  }

  // Every module the learner has completed, including one a new edition has changed since, and
  // the learner's reflections.
  function completionRecord(state) {
    var result = core.courseResult(state);
    var listed = result.modules.filter(function (s) { return s.updated || s.status === "passed" || s.status === "failed"; });
    var done = listed.filter(function (s) { return !s.updated; });
    var totalMinutes = done.reduce(function (sum, s) { return sum + s.module.minutes; }, 0);
    return {
      courseTitle: course.title,
      courseVersion: course.version,
      learner: state.name || "",
      date: core.today(),
      passMark: course.passMark,
      coursePassed: result.passed,
      courseResult: courseResultText(result),
      modulesPassed: result.passedModules.length,
      modules: listed.map(function (s) {
        return { id: s.module.id, title: s.module.title, completedOn: s.completedOn, result: s.updated ? "updated" : s.status,
          correct: s.correct, answered: s.answered, questions: s.total, score: s.score,
          passed: s.status === "passed", minutes: s.module.minutes };
      }),
      totalMinutes: totalMinutes,
      cpdHours: cpdHours(totalMinutes),
      reflections: core.reflectionsOf(state).map(function (r) {
        return { id: r.module.id, title: r.module.title, answers: r.answers };
      }),
    };
  }

  function download(name, type, text) {
    var link = element("a", { href: URL.createObjectURL(new Blob([text], { type: type })), download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // The reflective record as plain text, for a CPD log or a revalidation portfolio.
  function reflectionsText(record) {
    var lines = ["CPD reflective record", record.courseTitle + " (version " + record.courseVersion + ")",
      "Learner: " + record.learner, "Date: " + record.date, ""];
    record.reflections.forEach(function (module) {
      lines.push(module.title, "");
      module.answers.forEach(function (answer) { lines.push(answer.prompt, answer.text.trim(), ""); });
    });
    return lines.join("\n");
  }

  function renderRecord(box, state) {
    var record = completionRecord(state);
    var learner = element("dd", { class: "record-learner" }, [record.learner]);
    var name = element("input", { id: "record-name", type: "text", autocomplete: "name", value: record.learner });
    name.addEventListener("input", function () {
      update(function (latest) { latest.name = name.value; });
      learner.textContent = name.value;
    });
    var headings = ["Module", "Completed on", "Score", "Result", "Learning time"];
    var rows = record.modules.map(function (m) {
      return row(m.id, headings, [
        m.title, m.completedOn || "",
        m.result === "updated" ? m.answered + " of " + m.questions + " answered" : m.correct + " of " + m.questions + " (" + m.score + "%)",
        m.result === "updated" ? UPDATED + ": " + count(m.questions - m.answered, "new question") + " to answer" : RESULT[m.result],
        m.minutes + " min",
      ]);
    });
    var modules = record.modules.length
      ? table(headings, rows)
      : element("p", { class: "record-empty" }, ["No module is complete yet. A module is complete when you have answered all its questions."]);
    var downloadRecord = button("Download the record (JSON)", function () {
      var data = completionRecord(core.load());
      download("completion-record-" + data.date + ".json", "application/json", JSON.stringify(data, null, 2));
    }, "record-download");
    box.replaceChildren(
      element("p", { class: "record-name" }, [element("label", { for: "record-name" }, ["Learner's name "]), name]),
      element("dl", { class: "record-facts" }, [
        element("dt", {}, ["Learner"]), learner,
        element("dt", {}, ["Course"]), element("dd", {}, [course.title]),
        element("dt", {}, ["Course version"]), element("dd", { class: "record-version" }, [course.version]),
        element("dt", {}, ["Date"]), element("dd", {}, [record.date]),
        element("dt", {}, ["Course result"]), element("dd", { class: "record-result" }, [record.courseResult]),
        element("dt", {}, ["Modules passed"]), element("dd", { class: "record-count" }, [record.modulesPassed + " of " + course.modules.length]),
        element("dt", {}, ["Total learning time"]), element("dd", { class: "record-time" }, [
          hours(record.totalMinutes) + " (" + record.cpdHours + " notional CPD " + plural(record.cpdHours, "hour") + ")"]),
        element("dt", {}, ["Pass mark"]), element("dd", {}, [course.passMark + "% right at the first attempt, in every module"]),
      ]),
      modules,
      element("div", { class: "record-signature" }, [
        element("p", {}, ["Confirmed by the learner's supervisor or manager"]),
        element("p", {}, [element("span", {}, ["Signature"]), element("span", { class: "record-line" })]),
        element("p", {}, [element("span", {}, ["Name and role"]), element("span", { class: "record-line" })]),
        element("p", {}, [element("span", {}, ["Date"]), element("span", { class: "record-line" })]),
      ]),
      element("p", { class: "record-actions" }, [button("Print or save as PDF", function () { window.print(); }, "md-button--primary"), " ", downloadRecord])
    );
  }

  // The reflective record: each module's prompts with the learner's answers; printed after the
  // certificate, on a page of its own, only when there is something in it.
  function renderReflectiveRecord(box, state) {
    var record = completionRecord(state);
    var section = box.closest("#cpd-record") || box;
    section.classList.toggle("has-reflections", record.reflections.length > 0);
    if (!record.reflections.length) {
      box.replaceChildren(element("p", { class: "record-empty" }, [
        "No reflections yet. Each module ends with questions about your own practice; what you write there appears here."]));
      return;
    }
    var parts = [element("p", { class: "print-only" }, [
      (record.learner || "Learner") + " · " + course.title + " (version " + course.version + ") · " + record.date])];
    record.reflections.forEach(function (module) {
      parts.push(element("h3", {}, [module.title]));
      module.answers.forEach(function (answer) {
        parts.push(element("p", { class: "reflection-prompt" }, [element("strong", {}, [answer.prompt])]),
          element("p", { class: "reflection-answer" }, [answer.text.trim()]));
      });
    });
    parts.push(element("p", { class: "record-actions" }, [button("Download my reflections (text)", function () {
      var data = completionRecord(core.load());
      download("cpd-reflective-record-" + data.date + ".txt", "text/plain", reflectionsText(data));
    }, "reflections-download")]));
    box.replaceChildren.apply(box, parts);
  }

  // The reflection boxes at the end of a module page: what the learner wrote, kept as they type.
  function renderReflections(state) {
    document.querySelectorAll(".reflection[data-module] textarea[data-index]").forEach(function (area) {
      if (area === document.activeElement) return;
      area.value = (state.reflections[area.closest(".reflection").getAttribute("data-module")] || [])[+area.getAttribute("data-index")] || "";
    });
  }

  document.addEventListener("input", function (event) {
    var reflection = event.target.closest && event.target.matches("textarea[data-index]") && event.target.closest(".reflection[data-module]");
    if (!reflection) return;
    var id = reflection.getAttribute("data-module");
    var texts = Array.prototype.map.call(reflection.querySelectorAll("textarea[data-index]"), function (area) { return area.value; });
    update(function (state) { state.reflections[id] = texts; });
  });

  function renderAll() {
    var state = core.load();
    document.querySelectorAll(".module-progress[data-module]").forEach(function (box) { renderModuleBox(box, state); });
    document.querySelectorAll(".continue-learning").forEach(function (box) { renderContinue(box, state); });
    document.querySelectorAll("#progress-overview").forEach(function (box) { renderOverview(box, state); });
    document.querySelectorAll("#completion-record").forEach(function (box) { renderRecord(box, state); });
    document.querySelectorAll("#cpd-reflections").forEach(function (box) { renderReflectiveRecord(box, state); });
    renderReflections(state);
    document.querySelectorAll(".pass-mark").forEach(function (span) { span.textContent = course.passMark + "%"; });
  }

  function onPage() {
    var box = document.querySelector(".module-progress[data-module]");
    if (box) update(function (state) { state.last = box.getAttribute("data-module"); });
    renderAll();
  }

  // Another window changed the record (the SCORM launch page, with progress read from the LMS).
  window.addEventListener("storage", function (event) {
    if (event.key === core.STORAGE_KEY || event.key === null) renderAll();
  });

  window.courseProgress = { load: core.load, save: core.save };

  if (typeof document$ !== "undefined") {
    document$.subscribe(onPage); // every page, including the first, with instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
