"""Write a run down: results.md, results.json and the plot.

results.md is the whole table for people; results.json the same run as
data (dataclasses.asdict of the records), which tests/test_bench.py
reads; time_vs_size.png the times against the size, log-log.  A run
into bench/ also rewrites the summary in bench/README.md, between its
two BEGIN/END marks, so the page's figures are always the last run's.
"""
import dataclasses
import json

from bench.targets import mib, ms


def settings_text(server):
    """The server's version and memory settings, in words."""
    return "{}, {}".format(server.version, ", ".join(
        "{} {} MiB".format(name, mib(value))
        for name, value in server.settings.items()))


def header(res):
    """The opening paragraphs: where, with what, how many repeats."""
    lines = ["# Benchmark results", "",
             "`{}` on {}, {} cores; Python {}, SQLAlchemy {}, mysqlclient"
             " {}; server {}.  Repeats per step and size (the median is"
             " shown): {}; the whole run took {:.0f} s, with a load average"
             " (1 minute) of {:.1f} at its start and {:.1f} at its end."
             .format(res.command, res.date, res.cores, res.python,
                     res.sqlalchemy, res.mysqlclient,
                     settings_text(res.server), res.repeats, res.elapsed,
                     *res.load), ""]
    if res.retries:
        lines += ["Runs redone ({}) because the server lost an on-disk"
                  " temporary table (another mariadbd started with the same"
                  " tmpdir): {}.".format(len(res.retries),
                                         ", ".join(res.retries)), ""]
    lines += ["Sizes: " + "; ".join(
        "{} = {:,} states, {:,} cities".format(
            s.size.label, s.size.states, s.size.cities)
        for s in res.sizes) + ".", ""]
    return lines


def steps_table(sizes):
    """The main table: statements, SELECTs, time and ratio per size."""
    labels = [s.size.label for s in sizes]
    head = (["step", "stmts ({})".format("/".join(labels)), "SELECTs"]
            + labels + ["RSS MiB", "mysql RSS"])
    lines = ["Each cell: the step's median wall time, and (×) that time as"
             " a ratio to the `mysql` client running the same SQL in the"
             " same run.  *stmts*: statements the server received from the"
             " step, per size; *SELECTs*: those reading states/cities."
             "  RSS: the step's peak memory (max RSS) at the largest size,"
             " and the mysql client's.", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for res in sizes[0].steps:
        by = [s.result(res.step.script) for s in sizes]
        row = [res.step.script,
               "/".join(str(len(r.count.statements)) for r in by),
               "/".join(str(len(r.count.data_selects)) for r in by)]
        row += ["{} ×{:.1f}".format(ms(r.timing.time), r.timing.ratio)
                for r in by]
        row += [mib(by[-1].timing.rss), mib(by[-1].timing.base_rss)]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "The mysql client's own times on the same SQL:", "",
              "| step | " + " | ".join(labels) + " |",
              "|---|" + "---|" * len(labels)]
    for res in sizes[0].steps:
        lines.append("| {} | {} |".format(res.step.script, " | ".join(
            ms(s.result(res.step.script).timing.base_time) for s in sizes)))
    lines += ["", "CPU time (user + system) of the step's process, median,"
              " and (×) as a ratio to the mysql client's on the same SQL:"
              " the client side's own cost, which a busy machine disturbs"
              " less than the wall time (the server's work is in"
              " neither).", "",
              "| step | " + " | ".join(labels) + " |",
              "|---|" + "---|" * len(labels)]
    for res in sizes[0].steps:
        lines.append("| {} | {} |".format(res.step.script, " | ".join(
            "{} ×{:.1f}".format(ms(r.timing.cpu), r.timing.cpu_ratio)
            for r in (s.result(res.step.script) for s in sizes))))
    return lines + [""]


def floor_table(res):
    """Each ORM step against its floor, with start-up costs for scale."""
    task, up = res.sizes[0].size, res.startup
    lines = ["On the task database ({} states, {} cities): each ORM step"
             " against its floor, a Python process that imports"
             " sqlalchemy.orm, connects with MySQLdb and sends the step's"
             " one query (bench/floor.py).  For scale: `python3 -c pass`"
             " takes {}, `python3 -c 'import MySQLdb'` {}, `python3 -c"
             " 'import sqlalchemy.orm'` {}, and the mysql client running"
             " `SELECT 1` {}.".format(
                 task.states, task.cities, ms(up.python),
                 ms(up.import_mysqldb), ms(up.import_orm),
                 ms(up.mysql_select_1)), "",
             "| step | step | floor | ratio | statements sent |",
             "|---|---|---|---|---|"]
    lines += ["| {} | {} | {} | ×{:.2f} | {} |".format(
        f.script, ms(f.time), ms(f.floor), f.ratio, f.statements)
        for f in res.floor]
    return lines + [""]


def markdown(res):
    """The whole run as Markdown: tables, targets, what each step sent."""
    lines = header(res) + steps_table(res.sizes)
    if res.floor:
        lines += floor_table(res)
    lines += ["## Targets", ""]
    lines += ["- **{}** {}: {}.".format("met" if t.met else "MISSED",
                                        t.name, t.figures)
              for t in res.targets]
    lines += ["", "## What each step sent ({} size)".format(
        res.sizes[0].size.label), ""]
    for r in res.sizes[0].steps:
        lines.append("- `{}`: {}".format(r.step.script, "; ".join(
            "`{}`".format(s.replace("`", "'").replace("\n", " "))
            for s in r.count.statements)))
    return "\n".join(lines) + "\n"


def summary(res):
    """The short table and the targets bench/README.md shows."""
    picked = [s for s in res.sizes if s.size.label != "small"] or res.sizes
    lines = ["Measured by `{}` on {} ({} cores, load average {:.1f} to"
             " {:.1f}; server {}); the whole table: [results.md]"
             "(results/results.md).  Time, and × the mysql client on the"
             " same SQL:"
             .format(res.command, res.date, res.cores, *res.load,
                     settings_text(res.server)), "",
             "| step | statements (every size) | " + " | ".join(
                 "{:,} cities".format(s.size.cities) for s in picked)
             + " | peak RSS at {:,} |".format(res.sizes[-1].size.cities),
             "|---|---|" + "---|" * (len(picked) + 1)]
    for r in res.sizes[0].steps:
        every = [s.result(r.step.script) for s in res.sizes]
        sent = "/".join(sorted({"{}, {} SELECT".format(
            len(e.count.statements), len(e.count.data_selects))
            for e in every}))
        cells = ["{} ×{:.1f}".format(ms(s.result(r.step.script).timing.time),
                                     s.result(r.step.script).timing.ratio)
                 for s in picked]
        lines.append("| {} | {} | {} | {} MiB |".format(
            r.step.script.rsplit(".", 1)[0], sent, " | ".join(cells),
            mib(every[-1].timing.rss)))
    lines += ["", "The targets in this run:", ""]
    lines += ["- **{}** {}: {}.".format(
        "Met:" if t.met else "Missed:", t.name, t.figures)
        for t in res.targets]
    return "\n".join(lines) + "\n"


def write_summary(res, readme):
    """Put the run's summary between the marks of bench/README.md."""
    begin, end = "<!-- BEGIN bench/run summary -->", "<!-- END -->"
    text = readme.read_text("utf-8")
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1]
    readme.write_text(head + begin + "\n" + summary(res) + end + tail,
                      "utf-8")


def write_json(res, path):
    """The run as data, every record a JSON object."""
    path.write_text(json.dumps(dataclasses.asdict(res), indent=1,
                               ensure_ascii=False) + "\n", "utf-8")


def plot(res, path):
    """Draw time against size, log-log: a line per step, and the mysql
    client on the same SQL dashed in the same colour."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [s.size.cities for s in res.sizes]
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.5), sharey=True)
    cmap = plt.get_cmap("tab10")
    for ax, kind in zip(axes, ("DB-API", "ORM")):
        mine = [r.step for r in res.sizes[0].steps if r.step.kind == kind]
        for i, step in enumerate(mine):
            by = [s.result(step.script).timing for s in res.sizes]
            ax.plot(xs, [t.time for t in by], "o-", color=cmap(i % 10),
                    label=step.script.rsplit(".", 1)[0], linewidth=1.8)
            ax.plot(xs, [t.base_time for t in by], "--", color=cmap(i % 10),
                    linewidth=1, alpha=0.7)
        ax.plot([], [], "k--", linewidth=1, alpha=0.7,
                label="mysql client, same SQL (dashed)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(xs)
        ax.set_xticklabels(["{:,} st.\n{:,} cities".format(
            s.size.states, s.size.cities) for s in res.sizes], fontsize=8)
        ax.minorticks_off()
        ax.grid(True, which="major", alpha=0.3)
        ax.set_title("DB-API (MySQLdb) steps" if kind == "DB-API"
                     else "SQLAlchemy ORM steps")
        ax.set_xlabel("database size")
        ax.legend(fontsize=7.5, loc="upper left")
    axes[0].set_ylabel("wall time, seconds (median)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
