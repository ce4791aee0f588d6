"""docs/assets/progress-core.js on its own, in real Chromium: scoring, module status, the course
result, stored values of every wrong shape, a browser that refuses storage, and the SCORM
suspend_data round trip. A made-up course of two modules; no site build needed."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT, serve

CORE = ROOT / "docs" / "assets" / "progress-core.js"
COURSE = {
    "title": "Test course", "version": "v1", "passMark": 80,
    "modules": [
        {"id": "alpha", "title": "Alpha", "order": 1, "minutes": 30, "url": "modules/alpha/", "questions": ["a1", "a2", "a3", "a4", "a5"],
         "reflection": ["What will you do?", "What will you change?"]},
        {"id": "beta", "title": "Beta", "order": 2, "minutes": 20, "url": "modules/beta/", "questions": ["b1", "b2"], "reflection": []},
    ],
    "pages": {"progress": "progress/", "record": "completion-record/"},
}
HARNESS = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>core</title>
<script src="progress-core.js"></script></head><body></body></html>"""


@pytest.fixture(scope="module")
def harness_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("core")
    shutil.copy(CORE, root / "progress-core.js")
    (root / "index.html").write_text(HARNESS, encoding="utf-8")
    server, url = serve(root)
    yield f"{url}/index.html"
    server.shutdown()


@pytest.fixture
def core(browser, harness_url):
    """A fresh profile on the harness page; `core(js)` evaluates `js` with `core` = progressCore(COURSE)."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(harness_url)
    page.evaluate(f"window.core = progressCore({json.dumps(COURSE)})")

    def run(js: str, arg=None):
        return page.evaluate(f"(arg) => {{ {js} }}", arg)

    run.page = page
    yield run
    context.close()
    assert errors == []


def answers(**marks: bool) -> dict:
    return {qid: {"correct": right} for qid, right in marks.items()}


def test_status_follows_the_first_answers_and_the_pass_mark(core):
    result = core("""
        var state = core.load(), seen = [];
        function status(id) { var s = core.summarise(arg.modules.filter(m => m.id === id)[0], state);
                              return [s.status, s.answered, s.correct, s.score]; }
        seen.push(status("alpha"));
        core.recordAnswer(state, "a1", true);
        var again = core.recordAnswer(state, "a1", false);   // "Try again": not counted
        seen.push(status("alpha"));
        ["a2", "a3", "a4"].forEach(id => core.recordAnswer(state, id, true));
        core.recordAnswer(state, "a5", false);
        seen.push(status("alpha"));
        core.recordAnswer(state, "b1", true); core.recordAnswer(state, "b2", false);
        seen.push(status("beta"));
        return {seen: seen, again: again, completedOn: state.modules.alpha.completedOn, ignored: core.recordAnswer(state, "zz", true)};
    """, COURSE)
    alpha, beta = COURSE["modules"]
    assert result["again"] is False and result["ignored"] is False
    right = len(alpha["questions"]) - 1
    score = round(100 * right / len(alpha["questions"]))
    assert result["seen"][:3] == [["not-started", 0, 0, 0], ["in-progress", 1, 1, round(100 / len(alpha["questions"]))],
                                  ["passed" if score >= COURSE["passMark"] else "failed", len(alpha["questions"]), right, score]]
    assert result["seen"][3][0] == "failed"  # every question answered, below the pass mark: never "passed"
    assert len(result["completedOn"]) == 10


def test_the_course_is_passed_only_when_every_module_is_passed(core):
    alpha, beta = COURSE["modules"]
    all_right = {**answers(**dict.fromkeys(alpha["questions"], True)), **answers(**dict.fromkeys(beta["questions"], True))}
    one_wrong = {**all_right, beta["questions"][0]: {"correct": False}}
    result = core("""
        function result(answers) {
            var state = {modules: {alpha: {answers: {}}, beta: {answers: {}}}};
            Object.keys(answers).forEach(id => state.modules[id[0] === "a" ? "alpha" : "beta"].answers[id] = answers[id]);
            var r = core.courseResult(core.normalise(state));
            return {passed: r.passed, complete: r.complete, retake: r.toRetake.map(s => s.module.id), score: r.score, lowest: r.lowestScore};
        }
        return [result(arg[0]), result(arg[1]), result({})];
    """, [all_right, one_wrong])
    assert result[0] == {"passed": True, "complete": True, "retake": [], "score": 100, "lowest": 100}
    beta_score = round(100 * (len(beta["questions"]) - 1) / len(beta["questions"]))
    total = len(alpha["questions"]) + len(beta["questions"])
    assert result[1] == {"passed": False, "complete": True, "retake": ["beta"],
                         "score": round(100 * (total - 1) / total), "lowest": beta_score}
    assert result[1]["score"] >= COURSE["passMark"] > result[1]["lowest"]  # a high course score alone does not pass
    assert result[2]["passed"] is False and result[2]["complete"] is False


BAD_RECORDS = [
    "not json", "[]", "5", '"text"', "null", "true", "{}",
    {"modules": []}, {"modules": "alpha"}, {"modules": None},
    {"modules": {"alpha": {}}}, {"modules": {"alpha": None}}, {"modules": {"alpha": []}}, {"modules": {"alpha": 7}},
    {"modules": {"alpha": {"answers": None}}}, {"modules": {"alpha": {"answers": []}}}, {"modules": {"alpha": {"answers": "a1"}}},
    {"modules": {"alpha": {"answers": {"a1": None}}}}, {"modules": {"alpha": {"answers": {"a1": "yes"}}}},
    {"modules": {"alpha": {"answers": {"a1": {"correct": "true"}}}}}, {"modules": {"alpha": {"answers": {"a1": []}}}},
    {"modules": {"alpha": {"answers": {}, "completedOn": "2024-13-45"}}},
    {"modules": {"alpha": {"answers": {}, "completedOn": 20240101}}},
    {"modules": {}, "name": 5, "last": {"id": "alpha"}},
    {"modules": {}, "name": ["x"], "last": "no-such-module"},
]


def test_a_stored_value_of_any_wrong_shape_reads_as_no_progress(core):
    texts = [stored if isinstance(stored, str) else json.dumps(stored) for stored in BAD_RECORDS]
    results = core("""
        return arg.map(text => {
            localStorage.setItem(core.STORAGE_KEY, text);
            var state = core.load();
            return {state: state, statuses: core.summaries(state).map(s => s.status), passed: core.courseResult(state).passed,
                    encoded: core.encode(state).split(".")[2]};
        });
    """, texts)
    for text, result in zip(texts, results, strict=True):
        assert result["state"] == {"modules": {}, "name": "", "last": None, "reflections": {}}, text
        assert result["statuses"] == ["not-started", "not-started"], text
        assert result["passed"] is False and set(result["encoded"]) == {"-"}, text


def test_the_valid_parts_of_a_damaged_record_are_kept(core):
    stored = {"modules": {"alpha": {"answers": {"a1": {"correct": True, "at": "2026-01-02T03:04:05Z"}, "a2": {"correct": "no"},
                                                "gone": {"correct": True}, "b1": {"correct": False}},
                                    "completedOn": "2026-02-30", "extra": [1]},
                          "beta": {"answers": None}, "removed-module": {"answers": {"a3": {"correct": False}}}},
              "name": "Sam", "last": "beta"}
    state = core("localStorage.setItem(core.STORAGE_KEY, arg); return core.load();", json.dumps(stored))
    # a question moved to another module keeps its answer (b1); unknown questions and fields go
    assert state == {"modules": {"alpha": {"answers": {"a1": {"correct": True, "at": "2026-01-02T03:04:05Z"}, "a3": {"correct": False}}},
                                 "beta": {"answers": {"b1": {"correct": False}}}},
                     "name": "Sam", "last": "beta", "reflections": {}}


def test_when_the_browser_refuses_storage_progress_is_kept_in_memory_and_reported_once(core):
    result = core("""
        var told = 0;
        core.onStorageRefused(() => told++);
        Storage.prototype.setItem = function () { throw new DOMException("full", "QuotaExceededError"); };
        var state = core.load();
        core.recordAnswer(state, "a1", true);
        var kept = core.save(state);
        core.recordAnswer(state, "a2", false);
        var keptAgain = core.save(state);
        return {kept: kept, keptAgain: keptAgain, told: told, refused: core.storageRefused(),
                answered: Object.keys(core.load().modules.alpha.answers).sort()};
    """)
    assert result == {"kept": False, "keptAgain": False, "told": 1, "refused": True, "answered": ["a1", "a2"]}


def test_storage_that_cannot_even_be_read_gives_an_empty_record(core):
    result = core("""
        var told = 0;
        core.onStorageRefused(() => told++);
        Storage.prototype.getItem = function () { throw new DOMException("denied", "SecurityError"); };
        var empty = core.load();
        var state = core.load(); core.recordAnswer(state, "b1", true); core.save(state);
        return {empty: empty, told: told, after: core.load().modules.beta.answers.b1.correct};
    """)
    assert result == {"empty": {"modules": {}, "name": "", "last": None, "reflections": {}}, "told": 1, "after": True}


def test_suspend_data_round_trip(core):
    state = {"modules": {"alpha": {"answers": answers(a1=True, a2=False, a3=True, a4=True, a5=True), "completedOn": "2026-11-30"},
                         "beta": {"answers": answers(b2=False)}},
             "name": "", "last": "beta", "reflections": {}}  # reflections stay in the browser: not in suspend_data
    result = core("""
        var text = core.encode(arg);
        var back = core.decode(text, "Alex Morgan");
        return {text: text, back: back, again: core.encode(back)};
    """, state)
    assert result["back"] == {**state, "name": "Alex Morgan"}
    assert result["again"] == result["text"]
    assert result["text"].split(".")[2] == "10111-0"


def test_suspend_data_of_the_wrong_shape_is_ignored_part_by_part(core):
    good = core("""return core.encode({modules: {alpha: {answers: {a1: {correct: true}, a2: {correct: true}, a3: {correct: true},
                   a4: {correct: true}, a5: {correct: true}}, completedOn: "2026-11-30"}}, last: "alpha"});""")
    version, fingerprint, marks, last, completed = good.split(".")
    variants = {
        "huge day code": f"{version}.{fingerprint}.{marks}.{last}.zzzzzzzzzzzz,",  # was "RangeError: Invalid time value"
        "day code with a sign": f"{version}.{fingerprint}.{marks}.{last}.-5,",
        "completed list too long": f"{version}.{fingerprint}.{marks}.{last}.1,2,3",
        "marks of the wrong length": f"{version}.{fingerprint}.{marks}1.{last}.{completed}",
        "marks of the wrong letters": f"{version}.{fingerprint}.{marks[:-1]}x.{last}.{completed}",
        "last module out of range": f"{version}.{fingerprint}.{marks}.zz.{completed}",
        "last module not a number": f"{version}.{fingerprint}.{marks}.-1.{completed}",
        "another edition": f"{version}.other.{marks}.{last}.{completed}",
        "another format": f"9.{fingerprint}.{marks}.{last}.{completed}",
        "too many parts": f"{good}.0.x",
        "empty": "", "dots": "....",
    }
    result = core("""
        var out = {};
        Object.keys(arg).forEach(k => { var s = core.decode(arg[k], "N"); out[k] = {state: s, status: core.summaries(s).map(x => x.status)}; });
        out.notText = core.decode(null, null);
        return out;
    """, variants)
    full = {"a1": {"correct": True}, "a2": {"correct": True}, "a3": {"correct": True}, "a4": {"correct": True}, "a5": {"correct": True}}
    assert result["huge day code"]["state"] == {"modules": {"alpha": {"answers": full}}, "name": "N", "last": "alpha", "reflections": {}}
    assert result["day code with a sign"]["state"]["modules"] == {"alpha": {"answers": full}}
    assert result["completed list too long"]["state"]["modules"] == {"alpha": {"answers": full}}
    for name in ["marks of the wrong length", "marks of the wrong letters"]:
        assert result[name]["state"] == {"modules": {}, "name": "N", "last": "alpha", "reflections": {}}, name
    for name in ["last module out of range", "last module not a number"]:
        assert result[name]["state"]["last"] is None and result[name]["status"][0] == "passed", name
    for name in ["another edition", "another format", "too many parts", "empty", "dots"]:
        assert result[name]["state"] == {"modules": {}, "name": "N", "last": None, "reflections": {}}, name
    assert result["notText"] == {"modules": {}, "name": "", "last": None, "reflections": {}}


def test_merge_keeps_the_first_answer_to_each_question(core):
    result = core("""return core.merge({modules: {alpha: {answers: {a1: {correct: true}}}}, name: "", last: "alpha"},
                                       {modules: {alpha: {answers: {a1: {correct: false}, a2: {correct: false}}}}, name: "Sam", last: null});""")
    assert result == {"modules": {"alpha": {"answers": {"a1": {"correct": True}, "a2": {"correct": False}}}}, "name": "Sam", "last": "alpha",
                      "reflections": {}}


def test_reflections_are_kept_as_text_one_per_prompt_and_survive_a_merge(core):
    stored = {"reflections": {"alpha": ["I ask about family.", 7, "a third answer with no prompt"], "beta": ["no prompts here"],
                              "removed-module": ["gone"], "alpha-too": "not a list"}}
    state = core("localStorage.setItem(core.STORAGE_KEY, arg); return core.load();", json.dumps(stored))
    assert state["reflections"] == {"alpha": ["I ask about family.", ""]}
    assert core("return core.load().reflections;", None) == state["reflections"]
    listed = core("return core.reflectionsOf(core.load()).map(r => [r.module.id, r.answers]);")
    assert listed == [["alpha", [{"prompt": COURSE["modules"][0]["reflection"][0], "text": "I ask about family."}]]]
    blank = core('return core.normalise({reflections: {alpha: ["  ", ""]}}).reflections;')
    assert blank == {}
    merged = core("""return core.merge({reflections: {alpha: ["old", ""]}}, {reflections: {alpha: ["new", "more"]}}).reflections;""")
    assert merged == {"alpha": ["new", "more"]}
    kept = core("""return core.merge({reflections: {alpha: ["kept", ""]}}, {}).reflections;""")
    assert kept == {"alpha": ["kept", ""]}


def test_the_next_step_is_start_then_continue_then_retake_then_done(core):
    first, second = (m["id"] for m in COURSE["modules"])
    steps = core("""
        var step = s => { var n = core.nextStep(s); return [n.action, n.next && n.next.module.id]; };
        var all = (m, right) => { var a = {}; m.questions.forEach((q, i) => a[q] = {correct: i < right}); return a; };
        var [a, b] = arg.modules;
        return [
            step(core.normalise({})),
            step(core.normalise({last: b.id})),
            step(core.normalise({modules: {[a.id]: {answers: {[a.questions[0]]: {correct: true}}}}})),
            step(core.normalise({modules: {[a.id]: {answers: all(a, 0)}}})),
            step(core.normalise({modules: {[a.id]: {answers: all(a, a.questions.length)}}, last: a.id})),
            step(core.normalise({modules: {[a.id]: {answers: all(a, a.questions.length)}, [b.id]: {answers: all(b, b.questions.length)}}})),
        ];
    """, COURSE)
    assert steps == [["start", first], ["continue", second], ["continue", first], ["retake", first],
                     ["continue", second], ["done", None]]


def test_the_options_ticked_are_kept_as_scorm_choice_letters_in_page_order(core):
    result = core("""
        var state = core.load();
        core.recordAnswer(state, "a1", false, [{ticked: true, right: false}, {ticked: false, right: true}, {ticked: true, right: true}]);
        core.recordAnswer(state, "a2", true);  // no options given: nothing to report
        var kept = core.normalise(state).modules.alpha.answers;
        var odd = core.normalise({modules: {alpha: {answers: {
            a1: {correct: true, response: "a b", correctResponse: "a"}, a2: {correct: true, response: ["a"], correctResponse: "a"},
            a3: {correct: true, response: "a", correctResponse: ""}, a4: {correct: true, response: "A", correctResponse: "a"}}}}});
        return {kept: kept, odd: odd.modules.alpha.answers};
    """)
    assert {k: v for k, v in result["kept"]["a1"].items() if k != "at"} == {"correct": False, "response": "a,c", "correctResponse": "b,c"}
    assert set(result["kept"]["a2"]) == {"correct", "at"}
    assert result["odd"] == {qid: {"correct": True} for qid in ["a1", "a2", "a3", "a4"]}


def test_suspend_data_says_which_questions_the_lms_holds_an_interaction_for(core):
    all_ids = [q for m in COURSE["modules"] for q in m["questions"]]
    state = {"modules": {"alpha": {"answers": answers(a1=True, a2=False)}}, "name": "", "last": "alpha", "reflections": {}}
    result = core("""
        var five = core.encode(arg.state), six = core.encode(arg.state, {a2: true, b2: true, zz: true});
        var none = core.encode(arg.state, {}), all = {};
        arg.all.forEach(id => { all[id] = true; });
        var every = core.encode(arg.state, all);
        var parts = six.split(".");
        return {five: five, six: six, none: none, back: core.decode(six, ""), fiveBack: core.decode(five, ""),
                reported: core.decodeReported(six), every: core.decodeReported(every), fromFive: core.decodeReported(five),
                wrongLength: core.decodeReported(six + "0"), wrongLetter: core.decodeReported(parts.slice(0, 5).join(".") + ".w"),
                otherEdition: core.decodeReported(six.replace(parts[1], "other")), notText: core.decodeReported(null)};
    """, {"state": state, "all": all_ids})
    assert result["six"].startswith(result["five"] + ".") and result["none"].startswith(result["five"] + ".")
    assert len(result["six"].split(".")[5]) == -(-len(all_ids) // 5)  # five questions a character
    assert result["back"] == result["fiveBack"] == state  # the sixth part changes nothing else
    assert result["reported"] == {"a2": True, "b2": True}
    assert result["every"] == dict.fromkeys(all_ids, True)
    for name in ["fromFive", "wrongLength", "wrongLetter", "otherEdition", "notText"]:
        assert result[name] == {}, name
