#!/usr/bin/env python3
# owners.py FILE.collapsed (async-profiler, by thread): share of samples by thread kind, and by "owner" (the frame nearest the leaf from a known library)
import sys, re, collections
B = [('org.postgresql','PostgreSQL JDBC'),('com.zaxxer.hikari','Hikari'),('com.nimbusds','JWT (Nimbus)'),
 ('org.springframework.security','Spring Security'),('tools.jackson','Jackson'),('com.fasterxml.jackson','Jackson'),
 ('io.micrometer','Micrometer'),('ch.qos.logback','Logback'),('org.slf4j','Logback'),('org.apache.coyote','Tomcat I/O'),('org.apache.tomcat','Tomcat I/O'),('org.apache.catalina','Tomcat'),
 ('org.springframework.web','Spring MVC'),('org.springframework.jdbc','Spring JDBC'),('org.springframework.transaction','Spring tx'),('dev.cel','CEL'),
 ('io.miaotui.server.payout','Miaotui payout'),('io.miaotui.server.refund','Miaotui refund'),('io.miaotui.server.database','Miaotui group commit'),('io.miaotui','Miaotui other'),
 ('java.util.regex','regex'),('org.springframework','Spring other')]
kinds = collections.Counter(); owners = collections.Counter(); n = 0
def kind(t):
    t = t.strip('[]')
    if 'C2 Compiler' in t or 'C1 Compiler' in t: return 'JIT'
    if t.startswith('G1') or 'GC Thread' in t or t.startswith('GC'): return 'GC'
    if 'group-commit' in t or 'writer' in t: return 'group-commit writers'
    if 'payout' in t: return 'payout'
    if 'gateway' in t: return 'gateway calls'
    if 'ForkJoinPool' in t or 'carrier' in t.lower(): return 'virtual threads (requests)'
    if 'http-nio' in t or 'tomcat' in t.lower(): return 'Tomcat threads'
    return 'other: ' + re.sub(r'[-#]?\d+', '', t)[:30]
for line in open(sys.argv[1]):
    stack, _, c = line.rstrip().rpartition(' ')
    c = int(c); n += c
    frames = stack.split(';')
    kinds[kind(frames[0])] += c
    owner = 'JVM/kernel/other'
    for f in reversed(frames):
        g = f.replace('/', '.')
        hit = next((name for pre, name in B if g.startswith(pre)), None)
        if hit: owner = hit; break
    owners[owner] += c
print(f'samples {n}')
for k, v in kinds.most_common(14): print(f'  {100*v/n:5.1f} %  {k}')
print('owners:')
for k, v in owners.most_common(22): print(f'  {100*v/n:5.1f} %  {k}')
