#!/usr/bin/env python3
# phase.py OUT_DIR LABEL: the first point's figures and the CPU ms a request (server / PostgreSQL / load generator)
# in each phase of one storm run, from OUT_DIR/LABEL.{err,cpu,json,prom} as run.sh writes them.
import json, re, sys, bisect
O = sys.argv[1].rstrip('/') + '/'; L = sys.argv[2]
cpu = [tuple(map(float, l.split())) for l in open(O+L+'.cpu') if len(l.split()) == 4]
ts = [c[0] for c in cpu]
def at(t):
    i = min(max(bisect.bisect_left(ts, t), 1), len(ts)-1)
    a, b = cpu[i-1], cpu[i]
    f = 0 if b[0] == a[0] else (t - a[0]) / (b[0] - a[0])
    return [a[k] + f*(b[k]-a[k]) for k in (1,2,3)]
err = [(float(l.split(' ',1)[0]), l.split(' ',1)[1]) for l in open(O+L+'.err') if l[:1].isdigit()]
def first(pat):
    return next(t for t, l in err if re.search(pat, l))
d = json.load(open(O+L+'.json')); p = d['points'][0]; S = d['seconds']
C = p['concurrency']; tag = rf'10k/{C}'
# the open loop's first progress line comes 2 s in; the timed phases last --seconds
open_from = first(rf'\[open {tag}\]') - 2
refunds_from = first(rf'{tag}: sustained maximum of refunds only')
phases = {
  'max': (first(rf'\] {tag}: sustained maximum, closed'), first(rf'\] {tag}: \d+ requests/s'), p['closedLoopMaximum']['requests']),
  'open': (open_from, open_from + S, p['openLoop']['requests']),
  'refunds': (refunds_from, refunds_from + S, p['refundsOnlyMaximum']['requests']),
  'raw': (first(rf'\[raw {tag}\]') - 2, first(rf'\[raw {tag}\] [\d,]+ refunds in'), p['rawSql']['refunds']),
}
if 'rawSqlOpenLoop' in p:  # runs from session 18 on: the raw SQL open-loop at the same fraction of its maximum
    phases['raw open'] = (first(rf'\[raw open {tag}\]') - 2, first(rf'\[raw open {tag}\] [\d,]+ refunds in'),
                          p['rawSqlOpenLoop']['refunds'])
for step in p.get('loadCurve', {}).get('serviceRefundsOnly', []):  # --curve: the refunds-only storm at each fraction
    pct = round(step['fraction'] * 100)
    a = first(rf'\[refunds at {pct} % {tag}\]') - 2
    phases[f'svc@{pct}%'] = (a, a + S, step['latencyMs']['count'])
for step in p.get('loadCurve', {}).get('rawSql', []):
    pct = round(step['fraction'] * 100)
    phases[f'raw@{pct}%'] = (first(rf'\[raw at {pct} % {tag}\]') - 2,
                             first(rf'\[raw at {pct} % {tag}\] [\d,]+ refunds in'), step['latencyMs']['count'])

out = {}
for k, (a, b, n) in phases.items():
    x, y = at(a), at(b)
    out[k] = [(y[j]-x[j]) * 1000 / n for j in range(3)] + [(sum(y)-sum(x)) / (b - a) * 100]
def prom(name):
    vals = {}
    for l in open(O+L+'.prom'):
        m = re.match(rf'{name}_(sum|count)\{{[^}}]*\}} (\S+)', l)
        if m: vals[m.group(1)] = vals.get(m.group(1), 0) + float(m.group(2))
    return vals.get('sum', 0) / max(vals.get('count', 1), 1)
mx, op, ro = p['closedLoopMaximum'], p['openLoop'], p['refundsOnlyMaximum']
errs = mx['errors'] + op['errors'] + ro['errors']
print(f"{L}: instant {mx['instantPerSecond']:.0f} raw {p['rawSql']['refundsPerSecond']:.0f} ratio {p['serviceOverRaw']:.2f} | "
      f"refunds-only {ro['instantPerSecond']:.0f} ratio {p['refundsOnlyOverRaw']:.2f} | batch {p['groupCommitMeanBatchAtMaximum'].get('refund requests',0):.1f} "
      f"payout batch (run) {prom('miaotui_payout_batch_size'):.1f} | open p50/p99 {op['refundLatencyMs']['p50']:.1f}/{op['refundLatencyMs']['p99']:.1f} "
      f"ttm p99 {p['timeToMoney']['p99Ms']:.0f} stall {p['machineStalls']['openLoop']['longestMs']:.0f} errors {errs}")
if 'rawSqlOpenLoop' in p:
    ro_ = p['rawSqlOpenLoop']
    print(f"  raw SQL open loop at {ro_['targetRate']:.0f}/s: p50/p99 {ro_['latencyMs']['p50']:.1f}/{ro_['latencyMs']['p99']:.1f}"
          f" ms, stall {ro_['machineStalls']['longestMs']:.0f}")
for kind, name in (('serviceRefundsOnly', 'refunds only'), ('rawSql', 'raw SQL')):
    for step in p.get('loadCurve', {}).get(kind, []):
        print(f"  load curve, {name} at {step['fraction']*100:.0f} %: {step['refundsPerSecond']:.0f}/s,"
              f" p50/p99 {step['latencyMs']['p50']:.1f}/{step['latencyMs']['p99']:.1f} ms")
# server / PostgreSQL in the same seconds: for a change to the server alone (its PostgreSQL work the same), a yardstick
# that the machine's own speed, which moves a third between runs, moves far less (BENCHMARKS.md, session 15)
for k, v in out.items():
    share = f", server / PG {v[0]/v[1]:.2f}" if not k.startswith('raw') and v[1] > 0 else ''
    print(f"  {k:9s} CPU ms a request server/PG/bench {v[0]:.2f} / {v[1]:.2f} / {v[2]:.2f}  (machine busy {v[3]/2:.0f} %{share})")
# PostgreSQL's counters a request (pgsampler.sh), where the run has them: commits, rollbacks, WAL records, WAL kB
# and WAL flushes
try:
    pg = [tuple(map(float, l.split())) for l in open(O+L+'.pg') if len(l.split()) == 6]
except FileNotFoundError:
    pg = []
if len(pg) > 2:
    pts = [r[0] for r in pg]
    def pg_at(t):
        i = min(max(bisect.bisect_left(pts, t), 1), len(pts)-1)
        a, b = pg[i-1], pg[i]
        f = 0 if b[0] == a[0] else (t - a[0]) / (b[0] - a[0])
        return [a[k] + f*(b[k]-a[k]) for k in range(1, 6)]
    for k, (a, b, n) in phases.items():
        x, y = pg_at(a), pg_at(b)
        d = [(y[j]-x[j]) / n for j in range(5)]
        print(f"  {k:8s} PostgreSQL a request: commits {d[0]:.3f}, rollbacks {d[1]:.3f}, WAL records {d[2]:.1f}, "
              f"WAL {d[3]/1024:.2f} kB, WAL flushes {d[4]:.3f}")
