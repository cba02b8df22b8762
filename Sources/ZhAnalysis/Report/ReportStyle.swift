/// The style of the report page (inlined; fonts are the reader's own CJK fonts).
enum ReportStyle {
    static let css = #"""
:root { --ink: #1f2933; --muted: #66727f; --line: #e3e7eb; --bg: #f6f7f9; --accent: #1f6feb;
  --person: #aa9cfc; --place: #feca74; --organization: #7aecec; --statistic: #f4a6a6; --time: #bfe1d9; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--bg); line-height: 1.55;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
header.top { position: sticky; top: 0; z-index: 10; background: #fff; border-bottom: 1px solid var(--line);
  padding: .5rem 1rem; display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem 1.2rem; }
header.top h1 { font-size: 1.15rem; margin: 0; }
nav { display: flex; flex-wrap: wrap; gap: .2rem .9rem; font-size: .95rem; }
nav a { color: var(--accent); text-decoration: none; }
nav a .en { display: none; }
.en { color: var(--muted); font-weight: normal; font-size: .85em; }
main, #reader { max-width: 1200px; margin: 0 auto; padding: 0 1rem 3rem; }
section { scroll-margin-top: 4rem; }
h2 { margin: 2rem 0 .8rem; font-size: 1.3rem; border-bottom: 2px solid var(--line); padding-bottom: .3rem; }
h3 { font-size: 1rem; margin: .2rem 0 .5rem; }
.hint { color: var(--muted); margin: .2rem 0 .6rem; font-size: .9rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .6rem; margin-bottom: 1rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem; }
.card .n { font-size: 1.45rem; font-weight: 600; }
.card .k { color: var(--muted); font-size: .85rem; }
.grid2, .grid3 { display: grid; gap: 1rem; }
.grid2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.grid3 { grid-template-columns: repeat(3, minmax(0, 1fr)); }
.chart-box { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .7rem; min-width: 0; }
.canvas-wrap { position: relative; height: 260px; }
.chart-box.tall { position: relative; height: 480px; }
.series-card .canvas-wrap { height: 220px; }
.series-card h3 { font-size: .95rem; margin: 0; }
.series-card .sub { color: var(--muted); font-size: .8rem; margin-bottom: .3rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
input[type=search], select { font: inherit; padding: .3rem .5rem; border: 1px solid #c9d1d9; border-radius: 6px; background: #fff; }
input[type=search] { min-width: 16rem; flex: 1 1 16rem; max-width: 32rem; }
.pager { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; margin: .5rem 0; font-size: .9rem; }
.pager button, .chip { font: inherit; font-size: .85rem; border: 1px solid #c9d1d9; background: #fff; border-radius: 6px;
  padding: .15rem .55rem; cursor: pointer; }
.pager button[disabled] { opacity: .4; cursor: default; }
.chip { background: #e8f0fe; border-color: #9ec0fb; }
.table-wrap { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #fafbfc; white-space: nowrap; position: sticky; top: 0; }
#fact-table th[data-key] { cursor: pointer; }
th.sorted::after { content: " ▲"; font-size: .7em; }
th.sorted.desc::after { content: " ▼"; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.sentence { min-width: 18rem; max-width: 36rem; }
td.sentence a { color: inherit; text-decoration: none; }
td.sentence a:hover { text-decoration: underline; }
td mark { background: var(--statistic); border-radius: 3px; padding: 0 .1rem; }
a { color: var(--accent); }
.keywords { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: .6rem; margin-top: 1rem; }
.keywords .district { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .5rem .7rem; }
.term { display: inline-block; background: #eef2f6; border-radius: 4px; padding: 0 .35rem; margin: .1rem; font-size: .85rem; }
.term small { color: var(--muted); }
.cooc td.c { text-align: center; font-variant-numeric: tabular-nums; min-width: 2.2rem; }
.cooc th.r { position: static; }
.meta { color: var(--muted); font-size: .9rem; margin-bottom: .5rem; }
.legend { margin: .4rem 0 1rem; }
.back { display: inline-block; margin-top: 1rem; }
.doc { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.2rem; white-space: pre-wrap;
  line-height: 2.3; font-size: 1rem; overflow-wrap: anywhere; }
.ent { border-radius: .35em; padding: .15em .3em; margin: 0 .1em; line-height: 1; box-decoration-break: clone;
  -webkit-box-decoration-break: clone; cursor: help; }
.ent .lbl { font-size: .6em; font-weight: bold; text-transform: uppercase; margin-left: .35rem; vertical-align: middle;
  letter-spacing: .02em; }
.ent-person { background: var(--person); } .ent-place { background: var(--place); }
.ent-organization { background: var(--organization); } .ent-statistic { background: var(--statistic); }
.ent-time { background: var(--time); }
.ent.focus { outline: 3px solid #d0342c; outline-offset: 2px; }
.sent-focus { background: #fff5b1; }
@media (max-width: 800px) {
  .grid2, .grid3 { grid-template-columns: minmax(0, 1fr); }
  header.top { position: static; }
  .chart-box.tall { height: 420px; }
  input[type=search] { min-width: 0; }
  td.sentence { min-width: 14rem; }
}
"""#
}
