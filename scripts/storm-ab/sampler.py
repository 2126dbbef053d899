#!/usr/bin/env python3
# sampler.py SERVER_PID OUT: once a second, cumulative CPU seconds of the server JVM, PostgreSQL (postmaster + live
# children + reaped children), and the bench JVM (StormCommand), with a wall-clock timestamp.
import os, sys, time
HZ = os.sysconf('SC_CLK_TCK')
def stat(pid):
    try:
        s = open(f'/proc/{pid}/stat').read()
        f = s[s.rindex(')')+2:].split()
        return f  # fields from state on; f[1] is ppid
    except Exception:
        return None
def cpu(f, children):
    v = int(f[11]) + int(f[12])
    if children: v += int(f[13]) + int(f[14])
    return v / HZ
server = int(sys.argv[1]); out = open(sys.argv[2], 'w')
while True:
    if not os.path.exists(f'/proc/{server}'): break
    srv = pg = bench = 0.0
    procs = {}
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        f = stat(p)
        if f is None: continue
        try: comm = open(f'/proc/{p}/comm').read().strip()
        except Exception: continue
        procs[int(p)] = (f, comm)
    postmasters = [p for p,(f,c) in procs.items() if c == 'postgres' and procs.get(int(f[1]), (None,''))[1] != 'postgres']
    for p,(f,c) in procs.items():  # PostgreSQL: every backend, and the postmaster's reaped children
        if p == server: srv = cpu(f, False)
        elif c == 'postgres':
            pg += cpu(f, p in postmasters)
        elif c == 'java':
            try: cmd = open(f'/proc/{p}/cmdline').read()
            except Exception: continue
            if 'StormCommand' in cmd: bench = cpu(f, False)
    out.write(f'{time.time():.3f} {srv:.2f} {pg:.2f} {bench:.2f}\n'); out.flush()
    time.sleep(1)
