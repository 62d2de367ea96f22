const fs = require("node:fs"),
  zlib = require("node:zlib");
// Builds tests/fixtures/nab-published-*.json from a NAB folder with published-results/ (usage: node scripts/build-nab-published-fixture.cjs DIR).
const D = process.argv[2] || "../shared/datasets/nab";
const W = require(D + "/combined_windows.json");
const T = require(D + "/published-results/thresholds.json");
for (const det of ["ARTime", "numenta"]) {
  const th = T[det];
  const minT = Math.min(...Object.values(th).map((p) => p.threshold));
  const files = [];
  for (const key of Object.keys(W).sort()) {
    const [cat, name] = key.split("/");
    const text = zlib
      .gunzipSync(fs.readFileSync(`${D}/published-results/${det}/${cat}/${det}_${name}.gz`))
      .toString()
      .trim()
      .split(/\r?\n/)
      .slice(1);
    const ts = text.map((l) => l.split(",")[0]);
    const sc = text.map((l) => Number(l.split(",")[1]));
    const idx = (s) => ts.indexOf(s.replace(/\.\d+$/, ""));
    files.push({
      file: key,
      rows: ts.length,
      windows: W[key].map(([a, b]) => [idx(a), idx(b)]),
      detections: sc.flatMap((s, i) => (s >= minT ? [[i, s]] : [])),
    });
  }
  const out = {
    source: `numenta/NAB@ea702d75cc2258d9d7dd35ca8e5e2539d71f3140 results/${det}/<category>/${det}_<file>.csv (MIT, see shared/datasets/nab/LICENSE.txt): rows whose anomaly_score reaches the lowest published threshold, with windows as row indexes`,
    thresholds: Object.fromEntries(Object.entries(th).map(([p, v]) => [p, v.threshold])),
    files,
  };
  const f = `tests/fixtures/nab-published-${det.toLowerCase()}.json`;
  fs.writeFileSync(f, JSON.stringify(out) + "\n");
  console.log(
    f,
    fs.statSync(f).size,
    files.reduce((a, f) => a + f.detections.length, 0),
  );
}
