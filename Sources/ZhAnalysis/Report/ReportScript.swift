/// The page script of the report: renders the overview, charts (Chart.js), tables and article
/// pages from the JSON data elements. Article data are parsed only when needed; tables show
/// one page of rows at a time, so a large corpus opens as fast as a small one.
enum ReportScript {
    static let js = #"""
(function () {
'use strict';
const timing = window.zhkbTiming = { start: performance.now() };
const D = JSON.parse(document.getElementById('zhkb-data').textContent);
timing.parsed = performance.now();
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const fmt = (v) => v == null ? '' : (Math.abs(v) >= 1e4 ? v.toLocaleString('zh-CN', { maximumFractionDigits: 2 }) : String(+v.toPrecision(8)));
const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#1f77b4', '#8c564b'];
const KIND_LABEL = { person: '人物 PER', place: '地点 LOC', organization: '机构 ORG', statistic: '数据 STAT', time: '时间 TIME' };
// Span kinds as the article data number them.
const KINDS = ['person', 'place', 'organization', 'statistic', 'time'];
const STATISTIC = 3;
const APPROX = { exact: '', over: '余/超过', about: '约', under: '不到', at_least: '至少', at_most: '不超过', max: '最高' };
const LEVELS = [['county', '区县 Districts/counties'], ['prefecture', '城市 Cities'], ['province', '省份 Provinces'], ['country', '国家 Countries'], ['', '全部 All places']];
Chart.defaults.font.family = FONT;
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.plugins.legend.labels.boxWidth = 12;

// ---- charts are made when their canvas comes near the screen ----
const pending = new Map();
const observer = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
  for (const e of entries) {
    const make = e.isIntersecting && pending.get(e.target);
    if (make) { pending.delete(e.target); observer.unobserve(e.target); make(); }
  }
}, { rootMargin: '300px' }) : null;
function chart(canvas, config) {
  const make = () => { const old = Chart.getChart(canvas); if (old) old.destroy(); new Chart(canvas, config); };
  if (!observer) { make(); return; }
  pending.set(canvas, make);
  observer.observe(canvas);
}
function dropCharts(root) {
  for (const c of root.querySelectorAll('canvas')) {
    if (observer) { observer.unobserve(c); pending.delete(c); }
    const old = Chart.getChart(c);
    if (old) old.destroy();
  }
}

// ---- article data: parsed on first use ----
const articleCache = new Map();
function article(i) {
  let a = articleCache.get(i);
  if (!a) {
    a = JSON.parse($('art-' + i).textContent);
    a.byQuantity = new Map();
    for (const s of a.spans) if (s[2] === STATISTIC) a.byQuantity.set(s[3], s);
    articleCache.set(i, a);
  }
  return a;
}
const F = { article: 0, quantity: 1, indicator: 2, place: 3, period: 4, periodStart: 5, value: 6, upper: 7, approx: 8, unit: 9, unitKind: 10, subject: 11, measure: 12, sStart: 13, sEnd: 14 };
// Text columns of the fact rows are indices into D.strings (−1: none).
for (const f of D.facts) for (const k of [2, 3, 4, 5, 8, 9, 10, 11, 12]) f[k] = f[k] < 0 ? null : D.strings[f[k]];
const factHref = (f) => '#q-' + f[F.article] + '-' + f[F.quantity];
const valueText = (f) => (APPROX[f[F.approx]] ? APPROX[f[F.approx]] + ' ' : '') + fmt(f[F.value]) + (f[F.upper] != null ? '–' + fmt(f[F.upper]) : '');

// ---- overview ----
function overview() {
  const c = D.corpus;
  const cards = [
    [c.articles, '文章', 'Articles'], [c.sources, '来源文件', 'Sources'], [c.facts, '统计数据', 'Statistics'],
    [c.entities, '实体', 'Entities'], [c.mentions, '提及', 'Mentions'], [c.sentences, '句子', 'Sentences'],
    [c.characters, '字数', 'Characters'],
  ];
  if (c.from) cards.push([c.from === c.to ? c.from : c.from + ' – ' + c.to, '日期范围', 'Date range (' + c.dated + ' dated)']);
  if (c.duplicates) cards.push([c.duplicates, '重复文本', 'Duplicates']);
  $('cards').innerHTML = cards.map(([n, zh, en]) =>
    `<div class="card"><div class="n">${esc(typeof n === 'number' ? n.toLocaleString('zh-CN') : n)}</div><div class="k">${esc(zh)} <span class="en">${esc(en)}</span></div></div>`).join('');
  const kinds = c.kinds.slice(0, 12);
  chart($('chart-kinds'), { type: 'bar', data: { labels: kinds.map((k) => k[0]),
    datasets: [{ label: '数据 Facts', data: kinds.map((k) => k[1]), backgroundColor: PALETTE[0] }] },
    options: { plugins: { legend: { display: false } } } });
  chart($('chart-types'), { type: 'doughnut', data: { labels: c.types.map((t) => KIND_LABEL[t[0]] || t[0]),
    datasets: [{ data: c.types.map((t) => t[1]), backgroundColor: ['#aa9cfc', '#feca74', '#7aecec'] }] } });
}

// ---- series ----
const SERIES_PAGE = 9;
let seriesList = D.series, seriesPage = 0;
function seriesTitle(s) { return s.indicator + (s.measure ? ' · ' + s.measure : ''); }
function renderSeries() {
  dropCharts($('series-grid'));
  const pages = Math.max(1, Math.ceil(seriesList.length / SERIES_PAGE));
  seriesPage = Math.min(seriesPage, pages - 1);
  const shown = seriesList.slice(seriesPage * SERIES_PAGE, (seriesPage + 1) * SERIES_PAGE);
  const grid = $('series-grid');
  grid.innerHTML = shown.length ? shown.map((s, i) =>
    `<div class="chart-box series-card"><h3>${esc(seriesTitle(s))}</h3><div class="sub">${esc(s.unit || '—')} · ${esc(s.unitKind)} · ${s.type === 'line' ? '按时期 over periods' : '按地点 across places'}</div><div class="canvas-wrap"><canvas id="series-${i}"></canvas></div></div>`).join('')
    : '<p class="hint">没有序列 No series.</p>';
  shown.forEach((s, i) => {
    const line = s.type === 'line';
    const datasets = s.datasets.map((d, k) => ({ label: d.label, data: d.data, facts: d.facts, spanGaps: true,
      borderColor: PALETTE[k % PALETTE.length], backgroundColor: PALETTE[k % PALETTE.length], pointRadius: 4, pointHoverRadius: 6 }));
    chart($('series-' + i), { type: s.type, data: { labels: s.labels, datasets },
      options: {
        indexAxis: line ? 'x' : (s.labels.length > 8 ? 'y' : 'x'),
        plugins: { legend: { display: line && datasets.length > 1 },
          tooltip: { callbacks: { label: (ctx) => {
            const ids = ctx.dataset.facts[ctx.dataIndex] || [];
            return `${ctx.dataset.label}: ${fmt(ctx.raw)} ${s.unit}` + (ids.length > 1 ? ` (${ids.length} 条 facts)` : '');
          } } } },
        onClick: (evt, els) => { if (els.length) openFacts(datasets[els[0].datasetIndex].facts[els[0].index] || [], seriesTitle(s)); },
        onHover: (evt, els) => { evt.native.target.style.cursor = els.length ? 'pointer' : 'default'; },
      } });
  });
  pager($('series-pager'), seriesPage, pages, seriesList.length, (p) => { seriesPage = p; renderSeries(); });
}
$('series-filter').addEventListener('input', (e) => {
  const q = e.target.value.trim();
  seriesList = q ? D.series.filter((s) => (s.indicator + ' ' + (s.measure || '') + ' ' + s.unit).includes(q)) : D.series;
  seriesPage = 0;
  renderSeries();
});
function openFacts(ids, label) {
  if (ids.length === 1) { location.hash = factHref(D.facts[ids[0]]); return; }
  factSet = { ids: new Set(ids), label };
  factPage = 0;
  renderFacts();
  location.hash = '#facts';
  $('facts').scrollIntoView();
}

// ---- places ----
function renderPlaces() {
  const level = $('place-level').value;
  const rows = D.places.filter((p) => !level || p.level === level).slice(0, 25);
  const totals = new Map();
  for (const p of rows) for (const [k, n] of p.kinds) totals.set(k, (totals.get(k) || 0) + n);
  const kinds = [...totals.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
  const top = kinds.slice(0, 8);
  const datasets = top.map((k, i) => ({ label: k, backgroundColor: PALETTE[i % PALETTE.length],
    data: rows.map((p) => (p.kinds.find((e) => e[0] === k) || [k, 0])[1]) }));
  if (kinds.length > top.length) datasets.push({ label: '其他 other', backgroundColor: '#bab0ac',
    data: rows.map((p) => p.kinds.filter((e) => !top.includes(e[0])).reduce((n, e) => n + e[1], 0)) });
  chart($('chart-places'), { type: 'bar', data: { labels: rows.map((p) => p.name), datasets },
    options: { indexAxis: 'y', scales: { x: { stacked: true, title: { display: true, text: '数据条数 Facts' } }, y: { stacked: true } },
      onClick: (evt, els) => { if (els.length) { $('fact-filter').value = rows[els[0].index].name; factPage = 0; renderFacts(); location.hash = '#facts'; } } } });
}
function placeLevels() {
  const present = new Set(D.places.map((p) => p.level));
  const options = LEVELS.filter(([l]) => !l || present.has(l));
  $('place-level').innerHTML = options.map(([l, name]) => `<option value="${l}">${esc(name)}</option>`).join('');
  $('place-level').value = options[0][0];
  $('place-level').addEventListener('change', renderPlaces);
}

// ---- facts table ----
const FACT_PAGE = 25;
let factPage = 0, factSort = { key: null, desc: false }, factSet = null, factRows = null;
const sortKey = { indicator: F.indicator, place: F.place, period: F.periodStart, value: F.value, unit: F.unit, subject: F.subject };
function filteredFacts() {
  const q = $('fact-filter').value.trim(), kind = $('fact-kind').value;
  let rows = [];
  for (let i = 0; i < D.facts.length; i++) {
    const f = D.facts[i];
    if (factSet && !factSet.ids.has(i)) continue;
    if (kind && f[F.unitKind] !== kind) continue;
    if (q) {
      const hay = (f[F.indicator] || '') + ' ' + (f[F.place] || '') + ' ' + (f[F.period] || '') + ' ' + f[F.unit] + ' ' + f[F.subject] + ' ' + (D.articles[f[F.article]][0] || '');
      if (!hay.includes(q)) continue;
    }
    rows.push(i);
  }
  if (factSort.key) {
    const k = sortKey[factSort.key], sign = factSort.desc ? -1 : 1;
    rows.sort((a, b) => {
      const x = D.facts[a][k], y = D.facts[b][k];
      if (x == null || x === '') return (y == null || y === '') ? a - b : 1;
      if (y == null || y === '') return -1;
      return (x < y ? -1 : x > y ? 1 : a - b) * sign;
    });
  }
  return rows;
}
function sentenceHTML(f) {
  const a = article(f[F.article]);
  const s = f[F.sStart], e = f[F.sEnd], span = a.byQuantity.get(f[F.quantity]);
  if (span && span[0] >= s && span[1] <= e)
    return esc(a.text.slice(s, span[0])) + '<mark>' + esc(a.text.slice(span[0], span[1])) + '</mark>' + esc(a.text.slice(span[1], e));
  return esc(a.text.slice(s, e));
}
function renderFacts() {
  factRows = filteredFacts();
  const pages = Math.max(1, Math.ceil(factRows.length / FACT_PAGE));
  factPage = Math.min(factPage, pages - 1);
  const body = $('fact-table').tBodies[0];
  body.innerHTML = factRows.slice(factPage * FACT_PAGE, (factPage + 1) * FACT_PAGE).map((i) => {
    const f = D.facts[i], href = factHref(f);
    return `<tr><td>${esc(f[F.indicator] || '—')}${f[F.measure] ? ' <span class="en">' + esc(f[F.measure]) + '</span>' : ''}</td><td>${esc(f[F.place] || '')}</td><td>${esc(f[F.period] || '')}</td>` +
      `<td class="num"><a href="${href}">${esc(valueText(f))}</a></td><td>${esc(f[F.unit])} <span class="en">${esc(f[F.unitKind])}</span></td><td>${esc(f[F.subject])}</td>` +
      `<td class="sentence"><a class="fact-link" href="${href}" title="${esc(D.articles[f[F.article]][0] || D.articles[f[F.article]][1])}">${sentenceHTML(f)}</a></td></tr>`;
  }).join('') || '<tr><td colspan="7" class="hint">没有数据 No facts.</td></tr>';
  const clear = $('fact-clear');
  clear.hidden = !factSet;
  if (factSet) clear.textContent = `✕ ${factSet.label}: ${factSet.ids.size} 条 facts`;
  for (const th of $('fact-table').tHead.rows[0].cells) {
    th.classList.toggle('sorted', th.dataset.key === factSort.key);
    th.classList.toggle('desc', th.dataset.key === factSort.key && factSort.desc);
  }
  pager($('fact-pager'), factPage, pages, factRows.length, (p) => { factPage = p; renderFacts(); });
}
function factControls() {
  const kinds = D.corpus.kinds;
  $('fact-kind').innerHTML = '<option value="">全部单位类型 All unit kinds</option>' + kinds.map((k) => `<option value="${esc(k[0])}">${esc(k[0])} (${k[1]})</option>`).join('');
  let timer = null;
  $('fact-filter').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => { factPage = 0; renderFacts(); }, 150); });
  $('fact-kind').addEventListener('change', () => { factPage = 0; renderFacts(); });
  $('fact-clear').addEventListener('click', () => { factSet = null; factPage = 0; renderFacts(); });
  for (const th of $('fact-table').tHead.rows[0].cells) {
    if (!sortKey[th.dataset.key]) continue;
    th.addEventListener('click', () => {
      factSort = { key: th.dataset.key, desc: factSort.key === th.dataset.key ? !factSort.desc : false };
      renderFacts();
    });
  }
}

// ---- topics and keywords per district ----
function renderTopics() {
  const ds = D.districts.filter((d) => d.topics.length);
  if (!ds.length) { $('topics-box').innerHTML = '<p class="hint">没有按区县划分的主题 No topics per district.</p>'; }
  else {
    const total = new Map();
    for (const d of ds) for (const [label, share] of d.topics) total.set(label, (total.get(label) || 0) + share);
    const labels = [...total.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
    const top = labels.slice(0, 10);
    const pct = (d, label) => Math.round(1000 * ((d.topics.find((t) => t[0] === label) || [label, 0])[1])) / 10;
    const datasets = top.map((label, i) => ({ label, backgroundColor: PALETTE[i % PALETTE.length], data: ds.map((d) => pct(d, label)) }));
    if (labels.length > top.length) datasets.push({ label: '其他 other', backgroundColor: '#bab0ac',
      data: ds.map((d) => Math.round(10 * d.topics.filter((t) => !top.includes(t[0])).reduce((n, t) => n + 100 * t[1], 0)) / 10) });
    $('topics-box').style.height = Math.max(300, 60 + 26 * ds.length) + 'px';
    chart($('chart-topics'), { type: 'bar', data: { labels: ds.map((d) => d.name), datasets },
      options: { indexAxis: 'y', scales: { x: { stacked: true, max: 100, title: { display: true, text: '主题占比 Topic share (%)' } }, y: { stacked: true } },
        plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${ctx.raw}%` } } } } });
  }
  $('district-keywords').innerHTML = D.districts.map((d) =>
    `<div class="district"><h3>${esc(d.name)} <span class="en">${d.sections} 篇 sections</span></h3>` +
    d.keywords.map(([t, n]) => `<span class="term">${esc(t)} <small>${n}</small></span>`).join('') + '</div>').join('');
}

// ---- entities ----
function renderEntities() {
  const colors = { person: '#aa9cfc', place: '#feca74', organization: '#7aecec' };
  for (const type of ['person', 'place', 'organization']) {
    const top = D.entities[type].slice(0, 15);
    const wrap = $('chart-' + type).parentElement;
    wrap.style.height = Math.max(160, 40 + 22 * top.length) + 'px';
    if (!top.length) { wrap.innerHTML = '<p class="hint">—</p>'; continue; }
    chart($('chart-' + type), { type: 'bar', data: { labels: top.map((e) => e[0]),
      datasets: [{ label: '提及 Mentions', data: top.map((e) => e[1]), backgroundColor: colors[type] }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false }, tooltip: { callbacks: {
        afterLabel: (ctx) => { const e = top[ctx.dataIndex]; return `${e[2]} 篇文章 articles` + (e[3].length ? '\n同现 with: ' + e[3].slice(0, 5).map((c) => c[0]).join('、') : ''); } } } } } });
  }
  // Co-occurrence matrix of the most mentioned entities of all types.
  const all = [];
  for (const type of ['person', 'place', 'organization']) for (const e of D.entities[type].slice(0, 8)) all.push([type, ...e]);
  all.sort((a, b) => b[2] - a[2]);
  const top = all.slice(0, 14);
  const count = (a, b) => { const c = a[4].find((x) => x[0] === b[1] && x[1] === b[0]); return c ? c[2] : 0; };
  let max = 1;
  for (const a of top) for (const b of top) if (a !== b) max = Math.max(max, count(a, b), count(b, a));
  if (!top.length) { $('cooc').innerHTML = '<p class="hint">—</p>'; return; }
  $('cooc').innerHTML = '<table class="cooc"><thead><tr><th></th>' + top.map((e) => `<th><span class="ent ent-${e[0]}">${esc(e[1])}</span></th>`).join('') + '</tr></thead><tbody>' +
    top.map((a) => `<tr><th class="r"><span class="ent ent-${a[0]}">${esc(a[1])}</span></th>` + top.map((b) => {
      if (a === b) return '<td class="c">·</td>';
      const n = Math.max(count(a, b), count(b, a));
      return `<td class="c" style="background: rgba(31,111,235,${(0.08 + 0.8 * n / max).toFixed(2)}); color: ${n / max > .5 ? '#fff' : 'inherit'}" title="${esc(a[1])} × ${esc(b[1])}: ${n} 句 sentences">${n || ''}</td>`;
    }).join('') + '</tr>').join('') + '</tbody></table>';
}

// ---- articles ----
const ARTICLE_PAGE = 25;
let articlePage = 0, articleRows = null;
function renderArticles() {
  const q = $('article-filter').value.trim();
  articleRows = [];
  D.articles.forEach((a, i) => { if (!q || ((a[0] || '') + ' ' + a[1]).includes(q)) articleRows.push(i); });
  const pages = Math.max(1, Math.ceil(articleRows.length / ARTICLE_PAGE));
  articlePage = Math.min(articlePage, pages - 1);
  $('article-table').tBodies[0].innerHTML = articleRows.slice(articlePage * ARTICLE_PAGE, (articlePage + 1) * ARTICLE_PAGE).map((i) => {
    const a = D.articles[i];
    return `<tr><td><a href="#a-${i}">${esc(a[0] || '（无标题 untitled）')}</a>${a[6] ? ' <span class="en">= ' + esc(a[6]) + '</span>' : ''}</td><td>${esc(a[1])}</td><td>${esc(a[2] || '')}</td><td class="num">${a[3].toLocaleString('zh-CN')}</td><td class="num">${a[4]}</td><td class="num">${a[5]}</td></tr>`;
  }).join('');
  pager($('article-pager'), articlePage, pages, articleRows.length, (p) => { articlePage = p; renderArticles(); });
}
$('article-filter').addEventListener('input', () => { articlePage = 0; renderArticles(); });

// ---- article page (displaCy style) ----
function renderReader(i, quantity) {
  const meta = D.articles[i], a = article(i);
  $('reader-title').textContent = meta[0] || meta[1];
  $('reader-meta').innerHTML = [esc(meta[1]), meta[2] ? esc(meta[2]) : null, meta[3].toLocaleString('zh-CN') + ' 字 characters',
    meta[4] + ' 条数据 facts', meta[5] + ' 个实体 entities',
    a.full ? null : '知识库未存全文，仅显示含数据的句子 (the knowledge base keeps no full text: sentences with figures only)'].filter(Boolean).join(' · ');
  // Statistics: the hover text from the fact row (value, unit, indicator); facts are in article order.
  const facts = new Map();
  let lo = 0, hi = D.facts.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (D.facts[mid][F.article] < i) lo = mid + 1; else hi = mid; }
  for (let k = lo; k < D.facts.length && D.facts[k][F.article] === i; k++) facts.set(D.facts[k][F.quantity], D.facts[k]);
  let html = '', at = 0;
  for (const [s, e, n, ref] of a.spans) {
    const kind = KINDS[n], written = a.text.slice(s, e);
    let id = '', label = ref == null ? written : ref;
    if (n === STATISTIC) {
      id = ` id="q-${i}-${ref}"`;
      const f = facts.get(ref);
      label = f ? [valueText(f) + ' ' + f[F.unit], f[F.indicator], f[F.measure], f[F.subject]].filter(Boolean).join(' · ') : written;
    }
    html += esc(a.text.slice(at, s));
    html += `<mark class="ent ent-${kind}"${id} title="${esc(label)}">${esc(written)}<span class="lbl">${esc(KIND_LABEL[kind].split(' ')[1])}</span></mark>`;
    at = e;
  }
  html += esc(a.text.slice(at));
  $('reader-text').innerHTML = html;
  if (quantity != null) {
    const el = document.getElementById(`q-${i}-${quantity}`);
    if (el) { el.classList.add('focus'); el.scrollIntoView({ block: 'center' }); }
  } else window.scrollTo(0, 0);
}

// ---- routing: #a-N (article), #q-N-K (a fact's highlight), else a section of the overview ----
function route() {
  const h = location.hash;
  let m = /^#a-(\d+)$/.exec(h) || /^#q-(\d+)-(\d+)$/.exec(h);
  if (m && $('art-' + m[1])) {
    $('home').hidden = true;
    $('reader').hidden = false;
    renderReader(+m[1], m[2] != null ? +m[2] : null);
    return;
  }
  if (!$('home').hidden || !$('reader').hidden) { $('reader').hidden = true; $('home').hidden = false; }
  const target = h.length > 1 && document.getElementById(h.slice(1));
  if (target) target.scrollIntoView();
}
window.addEventListener('hashchange', route);

// ---- pagination ----
function pager(el, page, pages, total, go) {
  el.innerHTML = `<button data-p="0">«</button><button data-p="${page - 1}">‹</button>` +
    `<span>${page + 1} / ${pages} 页 · ${total} 条 rows</span><button data-p="${page + 1}">›</button><button data-p="${pages - 1}">»</button>`;
  for (const b of el.querySelectorAll('button')) {
    const p = +b.dataset.p;
    if (p < 0 || p >= pages || p === page) b.disabled = true;
    else b.addEventListener('click', () => go(p));
  }
}

overview();
renderSeries();
placeLevels();
renderPlaces();
factControls();
renderFacts();
renderTopics();
renderEntities();
renderArticles();
route();
timing.rendered = performance.now();
})();
"""#
}
