/* SCORM 1.2 adapter: runs in scorm-launch.html, the SCO of the course's SCORM package.
 *
 * The site keeps learner progress in localStorage (assets/progress-core.js, which also defines the
 * course result and the suspend_data text). This file holds only the conversation with the
 * learning management system (LMS). In an LMS this page:
 *  1. finds the LMS's API object and calls LMSInitialize;
 *  2. puts the learner's progress from cmi.suspend_data into localStorage, replacing whatever this
 *     browser had (on a shared PC the site must show this learner's progress), before the site loads;
 *  3. shows the site in a full-size frame, at the module in cmi.core.lesson_location;
 *  4. reports to the LMS whenever the site changes localStorage (a "storage" event), and commits;
 *  5. calls LMSFinish when the page closes.
 * Without an LMS it simply opens the site, which then works exactly as the normal build.
 *
 * An LMS can fail any call, by returning "false" or by throwing. Every call is guarded, so the
 * course always opens; a value the LMS did not take is sent again at the next report and every
 * RETRY_MS while any is waiting; the learner is told once, in a status line above the course.
 *
 * What the LMS is told:
 *  - lesson_status "incomplete" at the first launch; "passed" or "failed" once every module is
 *    complete (every question answered): passed when every module is passed.
 *  - score.raw (min 0, max 100): the lowest module score, so an LMS that applies the manifest's
 *    mastery score (the pass mark) reaches the same result; sent only with passed/failed. An LMS
 *    applying the mastery score when the SCO finishes (Moodle does by default) would otherwise
 *    mark a learner "failed" part-way through.
 *  - lesson_location: the module page the learner last opened; suspend_data: see progress-core.js.
 *  - one interaction per question, written once, for the learner's first answer: id (the question
 *    id), type "choice", student_response and correct_responses.0.pattern (option letters: see
 *    progress-core.js choice()), result "correct" or "wrong", time (of the answer, HH:MM:SS).
 *    Interactions are write-only, so suspend_data records which questions have one; an answer
 *    restored from suspend_data (an earlier session) never gets another, nor does a question
 *    answered again after a retake. New ones go at cmi.interactions._count, read at the start.
 */
(function () {
  "use strict";

  var course = window.courseData;
  var core = window.progressCore(course);
  var START_PAGE = "index.html";
  var RETRY_MS = 15000;
  // SCORM 1.2 error codes after which sending the same value again cannot help.
  var FINAL_ERRORS = { 401: "not implemented", 402: "invalid argument", 403: "read only", 405: "incorrect data type" };

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
  if (!api) {
    location.replace(START_PAGE);
    return;
  }

  // ---- talking to the LMS: every call guarded ----------------------------------------------

  // The call's result as text, or null when the LMS threw or said "false".
  function call(method, args) {
    var result;
    try {
      result = api[method].apply(api, args);
    } catch (e) {
      result = null;
    }
    return result === null || result === undefined || String(result) === "false" ? null : String(result);
  }

  function lastError() {
    var code = call("LMSGetLastError", []);
    return code === null ? "" : code;
  }

  var told = false, notice = null;

  // Once, calmly: the course goes on working; the LMS is asked again.
  function cannotSave(method, name) {
    var code = lastError();
    if (window.console) console.warn("LMS: " + method + "(" + (name || "") + ") failed" + (code ? ", error " + code : ""));
    if (told) return code;
    told = true;
    notice = document.createElement("p");
    notice.className = "lms-notice";
    notice.setAttribute("role", "status");
    notice.textContent = "Your progress cannot be saved to your learning system at the moment. You can carry on: " +
      "your answers are kept in this browser, and the course keeps trying to save them while it is open.";
    if (document.body) document.body.insertBefore(notice, document.body.firstChild);
    else document.addEventListener("DOMContentLoaded", function () { document.body.insertBefore(notice, document.body.firstChild); });
    return code;
  }

  function recovered() {
    if (notice && notice.parentNode) notice.parentNode.removeChild(notice);
  }

  // An element's value, or null when the LMS could not give it ("" with an error is a failure too).
  function get(name) {
    var value = call("LMSGetValue", [name]);
    if (value === "" || value === null) {
      var code = lastError();
      if (value === null || (code !== "" && code !== "0")) return null;
    }
    return value;
  }

  var initialised = false;

  // After a failed LMSInitialize the LMS is asked again before each report.
  function initialise() {
    if (initialised) return;
    initialised = call("LMSInitialize", [""]) !== null;
    if (!initialised) cannotSave("LMSInitialize");
  }

  var TRACKED = ["cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.lesson_location", "cmi.suspend_data"];
  var sent = {};    // what the LMS holds: element -> value
  var unread = {};  // elements the LMS could not give yet: never overwritten until read
  var waiting = {}; // values the LMS has not taken yet: element -> value
  var uncommitted = false, retryTimer = null;

  // Whether the LMS holds the value: true; false when it may take it later (then, unless `once`,
  // it is sent again with each report while waiting); null when it never will.
  function set(name, value, once) {
    if (!Object.prototype.hasOwnProperty.call(waiting, name) && sent[name] === value) return true;
    if (call("LMSSetValue", [name, value]) !== null) {
      initialised = true; // a call that works: the LMS is ready, whatever LMSInitialize said
      sent[name] = value;
      delete waiting[name];
      uncommitted = true;
      return true;
    }
    var code = cannotSave("LMSSetValue", name);
    delete waiting[name];
    if (FINAL_ERRORS[code]) return null;
    if (!once) waiting[name] = value;
    return false;
  }

  function commit() {
    if (uncommitted) {
      if (call("LMSCommit", [""]) !== null) uncommitted = false;
      else cannotSave("LMSCommit");
    }
    var pending = uncommitted || Object.keys(waiting).length > 0 || Object.keys(unread).length > 0 ||
      unreported(core.load()).length > 0;
    if (!pending) recovered();
    if (pending && !retryTimer && !finished) {
      retryTimer = setTimeout(function () { retryTimer = null; report(); }, RETRY_MS);
    }
  }

  // The elements the LMS could not give at the start. Progress read late joins what the learner
  // has done since (the first answer to a question counts).
  function readBack() {
    TRACKED.forEach(function (name) {
      if (!unread[name]) return;
      var value = get(name);
      if (value === null) return;
      delete unread[name];
      sent[name] = value;
      if (name === "cmi.suspend_data") {
        core.save(core.merge(core.decode(value, ""), core.load()));
        Object.keys(core.decodeReported(value)).forEach(function (id) { reported[id] = true; });
      }
    });
  }

  // ---- interactions: each question's first answer, once ------------------------------------

  var reported = {};          // questions the LMS holds an interaction for (kept in suspend_data)
  var nextInteraction = null; // cmi.interactions._count: where the next one goes; null until read
  var noInteractions = false; // this LMS does not keep interactions (or refuses ours for good)

  function countInteractions() {
    var count = call("LMSGetValue", ["cmi.interactions._count"]);
    if (count !== null && /^\d+$/.test(count)) nextInteraction = parseInt(count, 10);
    else if (FINAL_ERRORS[lastError()]) noInteractions = true; // 401: not implemented
  }

  // Answers given in this session (with the options ticked) that have no interaction yet, oldest first.
  function unreported(state) {
    if (noInteractions) return [];
    var list = [];
    course.modules.forEach(function (module) {
      var answers = (state.modules[module.id] || { answers: {} }).answers;
      module.questions.forEach(function (id) {
        if (answers[id] && answers[id].response && !reported[id]) list.push({ id: id, answer: answers[id] });
      });
    });
    return list.sort(function (a, b) { return a.answer.at < b.answer.at ? -1 : a.answer.at > b.answer.at ? 1 : 0; });
  }

  function reportInteractions(state) {
    // Which questions the LMS has an interaction for is known only once suspend_data is read.
    if (noInteractions || unread["cmi.suspend_data"]) return;
    if (nextInteraction === null) countInteractions();
    if (nextInteraction === null) return;
    unreported(state).every(function (item) {
      var at = "cmi.interactions." + nextInteraction + ".";
      // The id makes the interaction: the next can only follow it. A refused id is sent again at
      // the next report (the answer is still unreported).
      var made = set(at + "id", item.id, true);
      if (made === null) noInteractions = true;
      if (!made) return false;
      nextInteraction++;
      reported[item.id] = true;
      set(at + "type", "choice");
      set(at + "student_response", item.answer.response);
      set(at + "correct_responses.0.pattern", item.answer.correctResponse);
      set(at + "result", item.answer.correct ? "correct" : "wrong");
      if (item.answer.at) set(at + "time", clockTime(new Date(item.answer.at)));
      return true;
    });
  }

  // ---- the learner -------------------------------------------------------------------------

  // SCORM 1.2 gives the learner's name as "Family, Given".
  function learnerName() {
    return String(get("cmi.core.student_name") || "").split(",").reverse()
      .map(function (part) { return part.trim(); }).join(" ").trim();
  }

  // mkdocs-quiz's stored ticks belong to whoever used this browser last: the questions start unticked.
  function restore(state) {
    core.forgetQuizAnswers(course.modules, location.href);
    core.save(state);
  }

  // ---- reporting ---------------------------------------------------------------------------

  function report() {
    initialise();
    readBack();
    var state = core.load();
    var result = core.courseResult(state);
    var last = course.modules.filter(function (m) { return m.id === state.last; })[0];
    var refusedBefore = Object.keys(waiting);
    reportInteractions(state);
    var values = { "cmi.core.score.min": "0", "cmi.core.score.max": "100" };
    if (!unread["cmi.suspend_data"]) values["cmi.suspend_data"] = core.encode(state, reported);
    if (last) values["cmi.core.lesson_location"] = last.url;
    // A result stays until the course is complete again (after a learner retakes modules).
    if (result.complete) {
      values["cmi.core.score.raw"] = String(result.lowestScore);
      values["cmi.core.lesson_status"] = result.passed ? "passed" : "failed";
    } else if (!unread["cmi.core.lesson_status"] && !/^(passed|failed)$/.test(sent["cmi.core.lesson_status"])) {
      values["cmi.core.lesson_status"] = "incomplete";
    }
    // Each element once per report: its latest value, or the one the LMS refused before.
    refusedBefore.forEach(function (name) { if (!(name in values) && name in waiting) values[name] = waiting[name]; });
    Object.keys(values).forEach(function (name) { set(name, values[name]); });
    commit();
    return result;
  }

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function sessionTime(ms) {
    var seconds = Math.floor(ms / 1000);
    return two(Math.floor(seconds / 3600)) + ":" + two(Math.floor(seconds / 60) % 60) + ":" + two(seconds % 60);
  }

  // SCORM 1.2 CMITime: the time of day on the learner's clock.
  function clockTime(date) {
    return two(date.getHours()) + ":" + two(date.getMinutes()) + ":" + two(date.getSeconds());
  }

  var started = Date.now(), finished = false;

  function finish() {
    if (finished) return;
    var result = report();
    finished = true;
    clearTimeout(retryTimer);
    set("cmi.core.session_time", sessionTime(Date.now() - started));
    set("cmi.core.exit", result.complete ? "" : "suspend");
    if (call("LMSFinish", [""]) === null) cannotSave("LMSFinish");
  }

  // ---- start -------------------------------------------------------------------------------

  initialise();
  TRACKED.forEach(function (name) {
    var value = get(name);
    if (value === null) unread[name] = true;
    else sent[name] = value;
  });
  reported = core.decodeReported(sent["cmi.suspend_data"]);
  countInteractions();
  // Progress the LMS cannot give yet counts as none for now: the learner never sees whatever this
  // browser holds from someone else, and readBack() adds it when the LMS answers.
  restore(core.decode(sent["cmi.suspend_data"], learnerName()));
  report();

  // Only a module page of this course: lesson_location comes from outside.
  var resumeAt = sent["cmi.core.lesson_location"];
  var start = course.modules.some(function (m) { return m.url === resumeAt; }) ? resumeAt : START_PAGE;

  window.addEventListener("storage", function (event) {
    if (!finished && (event.key === core.STORAGE_KEY || event.key === null)) report();
  });
  window.addEventListener("pagehide", finish);

  document.addEventListener("DOMContentLoaded", function () {
    var frame = document.createElement("iframe");
    frame.title = course.title;
    frame.src = start;
    document.body.appendChild(frame);
  });
})();
