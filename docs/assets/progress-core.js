/* The learner's progress, defined once for the site (progress.js) and the SCORM adapter
 * (scorm-adapter.js): where it is stored, its shape, scoring, module status, the course result and
 * the SCORM suspend_data text. No page drawing and no LMS calls here.
 *
 * window.progressCore(course) takes the course's shape (window.courseData, from the build) and
 * returns the functions below. A record is
 *   { modules: { <module id>: { answers: { <question id>: { correct: true|false, at: ISO time,
 *                                                            response, correctResponse } },
 *                               completedOn: "YYYY-MM-DD" } },
 *     name: "learner's name", last: <module id last opened> or null,
 *     reflections: { <module id>: ["answer to the module's first reflection prompt", ...] } }
 * response and correctResponse (only for an answer given on the page, for the LMS: see choice())
 * are the options ticked and the right options as SCORM 1.2 "choice" letters.
 * Whatever is stored is checked field by field (normalise): anything of the wrong shape is dropped,
 * never trusted, so an old, edited or damaged record cannot break a page.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "fit-progress-v1";
  var QUIZ_STORAGE_PREFIX = "quiz_progress_"; // mkdocs-quiz's own per-page answers
  var SUSPEND_FORMAT = "1";
  var DAY = 86400000;
  var DATE = /^\d{4}-\d\d-\d\d$/;
  var NAME_LIMIT = 200;
  var REFLECTION_LIMIT = 5000; // characters per answer: a few paragraphs
  // SCORM 1.2 "choice" responses: single characters, comma-separated (RTE 3.4.4, CMIFeedback).
  var CHOICE_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
  var CHOICE = /^[a-z0-9](,[a-z0-9])*$/;
  var REPORTED_PER_CHARACTER = 5; // bits of one base-32 character

  function isChoice(value) {
    return typeof value === "string" && CHOICE.test(value);
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // A real calendar date "YYYY-MM-DD" (a date that round-trips), or null.
  function validDate(text) {
    if (typeof text !== "string" || !DATE.test(text)) return null;
    var time = Date.parse(text + "T00:00:00Z");
    return isFinite(time) && new Date(time).toISOString().slice(0, 10) === text ? text : null;
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  window.progressCore = function (course) {
    var moduleOfQuestion = {}, moduleById = {}, questionIds = [];
    course.modules.forEach(function (module) {
      moduleById[module.id] = module;
      module.questions.forEach(function (id) { moduleOfQuestion[id] = module; questionIds.push(id); });
    });

    function emptyState() {
      return { modules: {}, name: "", last: null, reflections: {} };
    }

    // ---- the record's shape ----------------------------------------------------------------

    // A clean copy of any value. Answers follow their question ids, so a question that a new
    // edition moves to another module keeps its answer; answers to removed questions are dropped.
    function normalise(raw) {
      var state = emptyState();
      if (!isObject(raw)) return state;
      if (typeof raw.name === "string") state.name = raw.name.slice(0, NAME_LIMIT);
      if (typeof raw.last === "string" && own(moduleById, raw.last)) state.last = raw.last;
      var modules = isObject(raw.modules) ? raw.modules : {};
      Object.keys(modules).forEach(function (moduleId) {
        var entry = modules[moduleId];
        if (!isObject(entry)) return;
        if (isObject(entry.answers)) {
          Object.keys(entry.answers).forEach(function (questionId) {
            var answer = entry.answers[questionId], module = own(moduleOfQuestion, questionId) && moduleOfQuestion[questionId];
            if (!module || !isObject(answer) || typeof answer.correct !== "boolean") return;
            var progress = moduleProgress(state, module);
            if (progress.answers[questionId]) return; // the same question under two modules: keep the first
            progress.answers[questionId] = { correct: answer.correct };
            if (typeof answer.at === "string" && isFinite(Date.parse(answer.at))) progress.answers[questionId].at = answer.at;
            if (isChoice(answer.response) && isChoice(answer.correctResponse)) {
              progress.answers[questionId].response = answer.response;
              progress.answers[questionId].correctResponse = answer.correctResponse;
            }
          });
        }
        var completedOn = validDate(entry.completedOn);
        if (completedOn && own(moduleById, moduleId)) moduleProgress(state, moduleById[moduleId]).completedOn = completedOn;
      });
      var reflections = isObject(raw.reflections) ? raw.reflections : {};
      Object.keys(reflections).forEach(function (moduleId) {
        var answers = reflections[moduleId];
        if (!own(moduleById, moduleId) || !Array.isArray(answers)) return;
        // one answer per prompt of this edition; text only
        var kept = answers.slice(0, (moduleById[moduleId].reflection || []).length).map(function (text) {
          return typeof text === "string" ? text.slice(0, REFLECTION_LIMIT) : "";
        });
        if (kept.some(function (text) { return text.trim(); })) state.reflections[moduleId] = kept;
      });
      return state;
    }

    function moduleProgress(state, module) {
      return state.modules[module.id] || (state.modules[module.id] = { answers: {} });
    }

    // ---- storage: this browser's localStorage, or memory when the browser refuses --------------

    var memory = null; // the record as text, once the browser has refused to store it
    var refusedListeners = [];

    function refused() {
      if (memory !== null) return;
      memory = "null";
      refusedListeners.forEach(function (listener) { listener(); });
    }

    function load() {
      var text = memory;
      if (text === null) {
        try { text = window.localStorage.getItem(STORAGE_KEY); } catch (e) { refused(); text = memory; }
      }
      try { return normalise(JSON.parse(text)); } catch (e) { return emptyState(); }
    }

    // Returns whether the record will outlast this page.
    function save(state) {
      var text = JSON.stringify(normalise(state));
      if (memory === null) {
        try {
          window.localStorage.setItem(STORAGE_KEY, text);
          return true;
        } catch (e) { refused(); } // storage turned off, or full
      }
      memory = text;
      return false;
    }

    // mkdocs-quiz keeps the ticks of each page under that page's path (`base`: the site's root URL).
    function forgetQuizAnswers(modules, base) {
      modules.forEach(function (module) {
        try {
          window.localStorage.removeItem(QUIZ_STORAGE_PREFIX + new URL(module.url, base).pathname);
        } catch (e) { /* nothing stored, or storage refused */ }
      });
    }

    // ---- scoring -----------------------------------------------------------------------------

    // status: "not-started", "in-progress", "passed" or "failed" (every question answered, below
    // the pass mark: retake). updated: completed once, then a new edition added questions.
    function summarise(module, state) {
      var progress = state.modules[module.id] || { answers: {} };
      var total = module.questions.length, answered = 0, correct = 0;
      module.questions.forEach(function (id) {
        if (!own(progress.answers, id)) return;
        answered++;
        if (progress.answers[id].correct) correct++;
      });
      var complete = total > 0 && answered === total;
      var score = total ? Math.round((100 * correct) / total) : 0;
      return {
        module: module, total: total, answered: answered, correct: correct, score: score,
        status: answered === 0 ? "not-started" : !complete ? "in-progress" : score >= course.passMark ? "passed" : "failed",
        completedOn: progress.completedOn || null,
        updated: !complete && !!progress.completedOn,
      };
    }

    function summaries(state) {
      return course.modules.map(function (module) { return summarise(module, state); });
    }

    // The course is passed when every module is passed. score: per cent of all questions right at
    // the first answer. lowestScore: the weakest module's score, so lowestScore >= passMark exactly
    // when the course is passed (what an LMS is given: see scorm-adapter.js).
    function courseResult(state) {
      var all = summaries(state);
      function having(status) { return all.filter(function (s) { return s.status === status; }); }
      var questions = 0, right = 0;
      all.forEach(function (s) { questions += s.total; right += s.correct; });
      var toRetake = having("failed");
      return {
        modules: all,
        complete: all.every(function (s) { return s.status === "passed" || s.status === "failed"; }),
        passed: all.length > 0 && all.every(function (s) { return s.status === "passed"; }),
        notStarted: having("not-started"), inProgress: having("in-progress"), toRetake: toRetake, passedModules: having("passed"),
        score: questions ? Math.round((100 * right) / questions) : 0,
        lowestScore: all.reduce(function (low, s) { return Math.min(low, s.score); }, 100),
      };
    }

    // The letters of the options for which `key` is true. The n-th option on the built page (the
    // fixed order of hooks/render.py shown_options; mkdocs-quiz's input value n) is the n-th of
    // a-z then 0-9: the trainers' pack's A, B, C... in lower case.
    function choice(options, key) {
      var letters = [];
      options.forEach(function (option, n) { if (option[key]) letters.push(CHOICE_LETTERS.charAt(n)); });
      return letters.join(",");
    }

    // Only the first answer to a question counts ("Try again" is for learning). `options`
    // (optional): the question's options in page order, each { ticked, right }. Returns whether
    // the record changed.
    function recordAnswer(state, questionId, correct, options) {
      var module = own(moduleOfQuestion, questionId) && moduleOfQuestion[questionId];
      if (!module) return false;
      var progress = moduleProgress(state, module);
      if (own(progress.answers, questionId)) return false;
      progress.answers[questionId] = { correct: !!correct, at: new Date().toISOString() };
      if (options && options.length <= CHOICE_LETTERS.length) {
        progress.answers[questionId].response = choice(options, "ticked");
        progress.answers[questionId].correctResponse = choice(options, "right");
      }
      var status = summarise(module, state).status;
      if (status === "passed" || status === "failed") progress.completedOn = today();
      return true;
    }

    // One record from two: the first answer to each question is `earlier`'s; the name and the
    // last module are `later`'s when it has them.
    function merge(earlier, later) {
      var state = normalise(earlier), other = normalise(later);
      Object.keys(other.modules).forEach(function (moduleId) {
        var into = moduleProgress(state, moduleById[moduleId]), from = other.modules[moduleId];
        Object.keys(from.answers).forEach(function (id) {
          if (!own(into.answers, id)) into.answers[id] = from.answers[id];
        });
        if (!into.completedOn && from.completedOn) into.completedOn = from.completedOn;
      });
      state.name = other.name || state.name;
      state.last = other.last || state.last;
      Object.keys(other.reflections).forEach(function (moduleId) { state.reflections[moduleId] = other.reflections[moduleId]; });
      return state;
    }

    // Where the learner goes next: "start" (nothing opened or answered yet: the first module),
    // "continue" (the module last opened, unless passed; else the first one not passed),
    // "retake" (that module is below the pass mark) or "done" (every module passed: next is null).
    function nextStep(state) {
      var result = courseResult(state);
      var last = state.last && result.modules.filter(function (s) { return s.module.id === state.last; })[0];
      var next = last && last.status !== "passed" ? last : result.modules.filter(function (s) { return s.status !== "passed"; })[0];
      var started = !!last || result.modules.some(function (s) { return s.answered; });
      return {
        result: result, next: next || null,
        action: !next ? "done" : !started ? "start" : next.status === "failed" ? "retake" : "continue",
      };
    }

    // The learner's reflections, module by module in course order, each answer with its prompt.
    function reflectionsOf(state) {
      return course.modules.filter(function (m) { return own(state.reflections, m.id); }).map(function (module) {
        return {
          module: module,
          answers: (module.reflection || []).map(function (prompt, i) {
            return { prompt: prompt, text: state.reflections[module.id][i] || "" };
          }).filter(function (answer) { return answer.text.trim(); }),
        };
      });
    }

    function isAnswered(state, questionId) {
      var module = own(moduleOfQuestion, questionId) && moduleOfQuestion[questionId];
      return !!module && !!state.modules[module.id] && own(state.modules[module.id].answers, questionId);
    }

    // ---- SCORM suspend_data ------------------------------------------------------------------
    // "1.<fingerprint>.<answers>.<last>.<completed>.<reported>", at most about 9 + 1.2 × questions
    // + 5 × modules characters:
    //   answers: one character per question in course order: "1" right, "0" wrong, "-" not answered;
    //   last: the position (base 36) of the module last opened, or empty;
    //   completed: per module, the day it was completed (days since 1970, base 36) or empty, comma-separated;
    //   reported (from the SCORM adapter; text without it is read as none): the questions whose first
    //   answer the LMS holds as an interaction, 5 questions in course order to a base-32 character;
    //   fingerprint: of the question ids, so answers saved for another edition of the course are never
    //   restored to the wrong questions (that learner starts afresh).

    function fingerprint() {
      var text = course.modules.map(function (m) { return m.questions.join(" "); }).join(" "), hash = 0;
      for (var i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
      return (hash >>> 0).toString(36);
    }

    function moduleIndex(id) {
      for (var i = 0; i < course.modules.length; i++) if (course.modules[i].id === id) return i;
      return -1;
    }

    // `reported` (optional): { <question id>: true }, adding the sixth part.
    function encode(raw, reported) {
      var state = normalise(raw), answers = "", completed = [];
      course.modules.forEach(function (module) {
        var progress = state.modules[module.id] || { answers: {} };
        module.questions.forEach(function (id) {
          answers += own(progress.answers, id) ? (progress.answers[id].correct ? "1" : "0") : "-";
        });
        completed.push(progress.completedOn ? Math.round(Date.parse(progress.completedOn) / DAY).toString(36) : "");
      });
      var last = moduleIndex(state.last);
      var parts = [SUSPEND_FORMAT, fingerprint(), answers, last < 0 ? "" : last.toString(36), completed.join(",")];
      if (reported) {
        var bits = "";
        for (var i = 0; i < questionIds.length; i += REPORTED_PER_CHARACTER) {
          var chunk = 0;
          for (var j = 0; j < REPORTED_PER_CHARACTER; j++) if (own(reported, questionIds[i + j] || "")) chunk |= 1 << j;
          bits += chunk.toString(32);
        }
        parts.push(bits);
      }
      return parts.join(".");
    }

    // The parts of suspend_data written by encode() for this course's questions, or null.
    function suspendParts(text) {
      var parts = typeof text === "string" ? text.split(".") : [];
      var ours = (parts.length === 5 || parts.length === 6) && parts[0] === SUSPEND_FORMAT && parts[1] === fingerprint();
      return ours ? parts : null;
    }

    // { <question id>: true } for each question suspend_data says the LMS holds an interaction for.
    function decodeReported(text) {
      var parts = suspendParts(text), reported = {};
      var bits = parts && parts[5] !== undefined ? parts[5] : "";
      if (!/^[0-9a-v]*$/.test(bits) || bits.length !== Math.ceil(questionIds.length / REPORTED_PER_CHARACTER)) return reported;
      questionIds.forEach(function (id, i) {
        if (parseInt(bits.charAt(Math.floor(i / REPORTED_PER_CHARACTER)), 32) & (1 << (i % REPORTED_PER_CHARACTER))) reported[id] = true;
      });
      return reported;
    }

    // The record in `text`, for the learner called `name`. Each part is checked on its own and
    // ignored when it is not what encode() writes; nothing in it can throw.
    function decode(text, name) {
      var state = emptyState();
      state.name = typeof name === "string" ? name.slice(0, NAME_LIMIT) : "";
      var parts = suspendParts(text);
      if (!parts) return state;
      var marks = parts[2], position = 0;
      var completed = parts[4].split(",");
      if (completed.length !== course.modules.length) completed = [];
      if (/^[01-]*$/.test(marks) && marks.length === questionIds.length) {
        course.modules.forEach(function (module, index) {
          var answers = {}, answered = 0;
          module.questions.forEach(function (id) {
            var mark = marks.charAt(position++);
            if (mark === "-") return;
            answers[id] = { correct: mark === "1" };
            answered++;
          });
          if (!answered) return;
          state.modules[module.id] = { answers: answers };
          var day = /^[0-9a-z]{1,4}$/.test(completed[index] || "") ? parseInt(completed[index], 36) : NaN;
          var completedOn = isFinite(day) ? validDate(new Date(day * DAY).toISOString().slice(0, 10)) : null;
          // the same questions as when it was saved: a completion date only goes with a complete module
          if (completedOn && answered === module.questions.length) state.modules[module.id].completedOn = completedOn;
        });
      }
      if (/^[0-9a-z]{1,3}$/.test(parts[3])) {
        var last = course.modules[parseInt(parts[3], 36)];
        if (last) state.last = last.id;
      }
      return state;
    }

    return {
      STORAGE_KEY: STORAGE_KEY,
      normalise: normalise, load: load, save: save, forgetQuizAnswers: forgetQuizAnswers,
      onStorageRefused: function (listener) { refusedListeners.push(listener); },
      storageRefused: function () { return memory !== null; },
      summarise: summarise, summaries: summaries, courseResult: courseResult, nextStep: nextStep, reflectionsOf: reflectionsOf,
      recordAnswer: recordAnswer, merge: merge, isAnswered: isAnswered, today: today,
      encode: encode, decode: decode, decodeReported: decodeReported,
    };
  };
})();
