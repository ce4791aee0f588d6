/* SCORM 1.2 adapter: runs in scorm-launch.html, the SCO of the course's SCORM package.
 *
 * The site keeps learner progress in localStorage (assets/progress.js). In a learning management
 * system (LMS) this page:
 *  1. finds the LMS's API object and calls LMSInitialize;
 *  2. puts the learner's progress from cmi.suspend_data into localStorage, replacing whatever this
 *     browser had (on a shared PC the site must show this learner's progress), before the site loads;
 *  3. shows the site in a full-size frame, at the module in cmi.core.lesson_location;
 *  4. reports to the LMS whenever the site changes localStorage (a "storage" event), and commits;
 *  5. calls LMSFinish when the page closes.
 * Without an LMS it simply opens the site, which then works exactly as the normal build.
 *
 * What the LMS is told:
 *  - lesson_status "incomplete" at the first launch; "passed" or "failed" once every module is
 *    complete (every question answered), by the course score against courseData.passMark.
 *  - score.raw (min 0, max 100): per cent of all the course's questions right at the first attempt,
 *    sent only with passed/failed. An LMS applying the manifest's mastery score when the SCO
 *    finishes (Moodle does by default) would otherwise mark a learner "failed" part-way through.
 *  - lesson_location: the module page the learner last opened; suspend_data: see encode().
 */
(function () {
  "use strict";

  var course = window.courseData;
  var STORAGE_KEY = "fit-progress-v1"; // as in progress.js
  var QUIZ_STORAGE_PREFIX = "quiz_progress_"; // mkdocs-quiz's own per-page answers
  var FORMAT = "1";
  var DAY = 86400000;
  var START_PAGE = "index.html";

  document.title = course.title;

  // ADL's search: the LMS's API is in a parent frame (up to a few levels) or the window that opened this one.
  function findAPI(win) {
    for (var depth = 0; win && depth < 10; depth++) {
      try {
        if (win.API) return win.API;
      } catch (e) { /* a frame of another site: keep looking further up */ }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  var api = findAPI(window) || findAPI(window.opener);
  if (!api || String(api.LMSInitialize("")) !== "true") {
    location.replace(START_PAGE);
    return;
  }

  // ---- suspend_data ----------------------------------------------------------------------------
  // "1.<fingerprint>.<answers>.<last>.<completed>", at most about 8 + questions + 5 × modules characters:
  //   answers: one character per question in course order: "1" right, "0" wrong, "-" not answered;
  //   last: the position (base 36) of the module last opened, or empty;
  //   completed: per module, the day it was completed (days since 1970, base 36) or empty, comma-separated;
  //   fingerprint: of the question ids, so answers saved for another edition of the course are never
  //   restored to the wrong questions (that learner starts afresh).

  function questionIds() {
    return course.modules.reduce(function (ids, module) { return ids.concat(module.questions); }, []);
  }

  function fingerprint() {
    var text = questionIds().join(" "), hash = 0;
    for (var i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
    return (hash >>> 0).toString(36);
  }

  function moduleIndex(id) {
    for (var i = 0; i < course.modules.length; i++) if (course.modules[i].id === id) return i;
    return -1;
  }

  function encode(state) {
    var answers = "", completed = [];
    course.modules.forEach(function (module) {
      var progress = state.modules[module.id] || {};
      module.questions.forEach(function (id) {
        var answer = (progress.answers || {})[id];
        answers += answer ? (answer.correct ? "1" : "0") : "-";
      });
      completed.push(progress.completedOn ? Math.round(Date.parse(progress.completedOn) / DAY).toString(36) : "");
    });
    var last = moduleIndex(state.last);
    return [FORMAT, fingerprint(), answers, last < 0 ? "" : last.toString(36), completed.join(",")].join(".");
  }

  function decode(text, name) {
    var state = { modules: {}, name: name, last: null };
    var parts = text.split(".");
    if (parts.length !== 5 || parts[0] !== FORMAT || parts[1] !== fingerprint()) return state;
    var marks = parts[2], position = 0, completed = parts[4].split(",");
    course.modules.forEach(function (module, index) {
      var answers = {}, answered = false;
      module.questions.forEach(function (id) {
        var mark = marks.charAt(position++);
        if (mark === "1" || mark === "0") {
          answers[id] = { correct: mark === "1" };
          answered = true;
        }
      });
      if (!answered) return;
      state.modules[module.id] = { answers: answers };
      if (completed[index]) state.modules[module.id].completedOn = new Date(parseInt(completed[index], 36) * DAY).toISOString().slice(0, 10);
    });
    var last = course.modules[parseInt(parts[3], 36)];
    state.last = last ? last.id : null;
    return state;
  }

  // ---- the learner's progress in this browser --------------------------------------------------

  function load() {
    try {
      var state = JSON.parse(localStorage.getItem(STORAGE_KEY));
      if (state && state.modules) return state;
    } catch (e) { /* unreadable or blocked storage */ }
    return { modules: {}, name: "", last: null };
  }

  function restore(state) {
    try {
      // mkdocs-quiz's stored answers belong to whoever used this browser last: the questions start unticked.
      course.modules.forEach(function (module) {
        localStorage.removeItem(QUIZ_STORAGE_PREFIX + new URL(module.url, location.href).pathname);
      });
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (e) { /* storage blocked: the site keeps progress for this visit only, and cannot report it */ }
  }

  // SCORM 1.2 gives the learner's name as "Family, Given".
  function learnerName() {
    return String(api.LMSGetValue("cmi.core.student_name")).split(",").reverse()
      .map(function (part) { return part.trim(); }).join(" ").trim();
  }

  // ---- reporting ---------------------------------------------------------------------------------

  var sent = {};
  ["cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.lesson_location", "cmi.suspend_data"].forEach(function (name) {
    sent[name] = String(api.LMSGetValue(name));
  });

  function send(name, value) {
    if (sent[name] === value) return false;
    api.LMSSetValue(name, value);
    sent[name] = value;
    return true;
  }

  function result(state) {
    var questions = 0, right = 0, complete = true;
    course.modules.forEach(function (module) {
      var answers = (state.modules[module.id] || {}).answers || {};
      module.questions.forEach(function (id) {
        questions++;
        if (!answers[id]) complete = false;
        else if (answers[id].correct) right++;
      });
    });
    var score = questions ? Math.round((100 * right) / questions) : 0;
    return { complete: complete, score: score, passed: score >= course.passMark };
  }

  function report() {
    var state = load();
    var outcome = result(state);
    var last = course.modules[moduleIndex(state.last)];
    var changed = [
      send("cmi.suspend_data", encode(state)),
      last ? send("cmi.core.lesson_location", last.url) : false,
    ];
    // A result stays until the course is complete again (after a learner retakes modules).
    if (outcome.complete) {
      changed.push(send("cmi.core.score.raw", String(outcome.score)));
      changed.push(send("cmi.core.lesson_status", outcome.passed ? "passed" : "failed"));
    } else if (!/^(passed|failed)$/.test(sent["cmi.core.lesson_status"])) {
      changed.push(send("cmi.core.lesson_status", "incomplete"));
    }
    if (changed.indexOf(true) >= 0) api.LMSCommit("");
    return outcome;
  }

  function sessionTime(ms) {
    var seconds = Math.floor(ms / 1000);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(Math.floor(seconds / 3600)) + ":" + two(Math.floor(seconds / 60) % 60) + ":" + two(seconds % 60);
  }

  var started = Date.now(), finished = false;

  function finish() {
    if (finished) return;
    finished = true;
    var outcome = report();
    api.LMSSetValue("cmi.core.session_time", sessionTime(Date.now() - started));
    api.LMSSetValue("cmi.core.exit", outcome.complete ? "" : "suspend");
    api.LMSFinish("");
  }

  // ---- start ---------------------------------------------------------------------------------------

  restore(decode(String(api.LMSGetValue("cmi.suspend_data")), learnerName()));
  api.LMSSetValue("cmi.core.score.min", "0");
  api.LMSSetValue("cmi.core.score.max", "100");
  report();

  // Only a module page of this course: lesson_location comes from outside.
  var resumeAt = sent["cmi.core.lesson_location"];
  var start = course.modules.some(function (m) { return m.url === resumeAt; }) ? resumeAt : START_PAGE;

  window.addEventListener("storage", function (event) {
    if (!finished && (event.key === STORAGE_KEY || event.key === null)) report();
  });
  window.addEventListener("pagehide", finish);

  document.addEventListener("DOMContentLoaded", function () {
    var frame = document.createElement("iframe");
    frame.title = course.title;
    frame.src = start;
    document.body.appendChild(frame);
  });
})();
