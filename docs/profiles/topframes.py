import sys, re, collections
# parse `jfr print --events jdk.ExecutionSample` output: top frame and "package" aggregates
top=collections.Counter(); incl=collections.Counter(); n=0
cur=[]; inst=False
buckets=[('org.postgresql','PostgreSQL JDBC driver'),('com.zaxxer.hikari','Hikari'),('com.nimbusds','token decode (Nimbus JOSE)'),
 ('org.springframework.security','Spring Security'),('tools.jackson','Jackson'),('com.fasterxml.jackson','Jackson'),
 ('io.micrometer','Micrometer'),('ch.qos.logback','Logback'),('org.slf4j','Logback'),('org.apache.catalina','Tomcat'),('org.apache.coyote','Tomcat'),('org.apache.tomcat','Tomcat'),
 ('org.springframework.web','Spring MVC'),('org.springframework.jdbc','Spring JDBC'),('org.springframework.transaction','Spring tx'),('dev.cel','CEL'),('io.miaotui','Miaotui code'),
 ('java.util.regex','regex'),('jdk.internal.misc.Unsafe.park','parking')]
def flush():
    global cur,n
    if not cur: return
    n+=1
    top[cur[0]]+=1
    seen=set()
    for f in cur:
        for pre,name in buckets:
            if f.startswith(pre) and name not in seen:
                seen.add(name); incl[name]+=1
    cur=[]
for line in open(sys.argv[1]):
    s=line.strip()
    if s.startswith('jdk.ExecutionSample'): flush(); inst=False
    elif s.startswith('stackTrace = ['): inst=True
    elif inst and s==']': inst=False
    elif inst and s and not s.startswith('...'):
        m=re.match(r'([\w.$<>]+)\(',s)
        if m: cur.append(m.group(1))
flush()
print(f"samples: {n}\n\n| top frame | samples | % |\n|---|---:|---:|")
for f,c in top.most_common(25): print(f"| `{f}` | {c} | {100*c/n:.1f} |")
print("\n| anywhere on the stack | samples | % |\n|---|---:|---:|")
for f,c in incl.most_common(): print(f"| {f} | {c} | {100*c/n:.1f} |")
