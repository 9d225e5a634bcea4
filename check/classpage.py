"""The class report as one self-contained HTML page.

A matrix of students by task files; each cell links to that student's
report further down the page (why each file fails, the first differing
line, what to do; the advice; the files missing).  Clicking a column's
heading sorts the rows by it.  No network: the style and the script are
in the page.  Everything a student wrote (names, output) is escaped.
"""
from html import escape

from check.classreport import cell, held
from check.failure import shown
from lesson.steps import TASK_FILES

MARK = {"holds": "\u2713", "fails": "\u2717", "missing": "\u00b7",
        "error": "!"}
RANK = {"holds": 0, "missing": 1, "fails": 2, "error": 3}
STYLE = """body{font:14px sans-serif;margin:1em}
table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:2px 5px}
th{cursor:pointer;background:#eee}td a{text-decoration:none;color:inherit}
.holds{background:#c8f0c8}.fails{background:#f6b8b8}
.missing{background:#eee;color:#888}.error{background:#f3d27a}
pre{background:#f4f4f4;padding:3px;white-space:pre-wrap}"""
SORT = """document.querySelectorAll('th').forEach(function(th, i) {
 th.onclick = function() {
  var body = th.closest('table').tBodies[0];
  var rows = Array.from(body.rows), up = th.dataset.up !== '1';
  th.dataset.up = up ? '1' : '0';
  rows.sort(function(a, b) {
   var x = a.cells[i].dataset.v, y = b.cells[i].dataset.v;
   var n = (x - y) || (x < y ? -1 : x > y ? 1 : 0);
   return up ? n : -n;
  });
  rows.forEach(function(r) { body.appendChild(r); });
 };
});"""


def short(name):
    """A column's heading: the step's number, or the model's name."""
    first = name.split("-", 1)[0]
    return first if first.isdigit() else name[:-3]


def row(number, name, entry):
    """One student's row of the matrix."""
    count = held(entry)
    cells = ['<td data-v="{0}"><a href="#s{1}">{0}</a></td>'.format(
        escape(name), number),
        '<td data-v="{}">{}</td>'.format(
            count.split(" ")[0] if count else -1, escape(count or "-"))]
    for index, task in enumerate(TASK_FILES):
        state, text = cell(entry, task)
        target = "s{}".format(number)
        if state == "fails":
            target += "-{}".format(index)
        cells.append('<td class="{0}" data-v="{1}" title="{2}: {3}">'
                     '<a href="#{4}">{5}</a></td>'.format(
                         state, RANK[state], escape(task), escape(text),
                         target, MARK[state]))
    return "<tr>" + "".join(cells) + "</tr>"


def failure(item):
    """One failure: its class, why, expected and got, what to do."""
    out = ["<li><b>[{}]</b> {}".format(
        escape(item["check"]), escape(item["why"]))]
    if "expected" in item:
        out.append("<pre>expected: {}\ngot:      {}</pre>".format(
            escape(shown(item["expected"])), escape(shown(item["got"]))))
    out.append("<br>what to do: {}</li>".format(escape(item["advice"])))
    return "".join(out)


def section(number, name, entry):
    """One student's report: the failing files, the advice, the rest."""
    out = ['<h2 id="s{}">{}</h2>'.format(number, escape(name))]
    report = entry["report"]
    if report is None:
        return out + ["<p class=error>Not checked: {}</p>".format(
            escape(entry["error"]))]
    out.append("<p>{} files hold.</p>".format(escape(held(entry))))
    for index, task in enumerate(TASK_FILES):
        step = report["steps"].get(task)
        if step and not step["ok"]:
            out.append('<h3 id="s{}-{}">{}</h3><ul>{}</ul>'.format(
                number, index, escape(task),
                "".join(failure(f) for f in step["failures"])))
    for note in report["notes"]:
        out.append("<p>Advice [{}] {}: {}<br>what to do: {}</p>".format(
            escape(note["check"]), escape(note["why"]),
            escape(", ".join(note["files"])), escape(note["advice"])))
    if report["missing"]:
        out.append("<p>Missing: {}</p>".format(
            escape(", ".join(report["missing"]))))
    return out


def page(results, title):
    """The whole page, as text."""
    heads = ['<th data-k="s">student</th>', "<th>hold</th>"] + [
        '<th title="{}">{}</th>'.format(escape(t), escape(short(t)))
        for t in TASK_FILES]
    rows = [row(n, name, e) for n, (name, e) in enumerate(results.items())]
    body = []
    for n, (name, e) in enumerate(results.items()):
        body += section(n, name, e)
    return "\n".join(
        ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
         "<title>{}</title>".format(escape(title)),
         "<style>{}</style></head><body>".format(STYLE),
         "<h1>{}</h1>".format(escape(title)),
         "<p>\u2713 holds, \u2717 fails, \u00b7 missing, ! not checked."
         " Click a heading to sort; a cell to read why.</p>",
         '<table id="matrix"><thead><tr>{}</tr></thead><tbody>'.format(
             "".join(heads))] + rows + ["</tbody></table>"] + body
        + ["<script>{}</script></body></html>".format(SORT), ""])
