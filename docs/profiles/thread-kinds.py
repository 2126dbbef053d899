"""CPU of the server by kind of thread, from async-profiler's collapsed stacks (`collapsed` output).

Usage: python3 thread-kinds.py PROFILE.collapsed [...]
Kinds: the garbage collector's threads, HTTP requests (Tomcat on virtual threads), the group commit's writers,
the payout workers, the JIT compiler, Tomcat's own threads, the virtual-thread scheduler and the rest.
"""
import collections
import sys


def kind(frames):
    stack = ';'.join(frames)
    if 'cont_returnBarrier' in frames[:2]:
        # a virtual thread resumed after it parked: a request's continuation (or the poller)
        return 'virtual-thread scheduler' if 'Poller' in stack else 'HTTP requests'
    if frames[0] in ('clone3', '[unknown]'):
        # the compiler first: its frames hold 'oop' too (PhaseIdealLoop), which once counted it as the collector
        if 'CompileBroker' in stack:
            return 'JIT compiler'
        if any(x in stack for x in ('G1', 'GC', 'WorkerThread', 'VMThread')):
            return 'garbage collector'
        return 'native, other'
    if 'GroupCommit' in stack:
        return 'group-commit writers'
    if 'PayoutWorker' in stack:
        return 'payout workers'
    if 'ForkJoinWorkerThread' in frames[0]:
        return 'HTTP requests' if ('tomcat' in stack or 'coyote' in stack) else 'virtual-thread scheduler'
    if 'tomcat' in stack or 'coyote' in stack:
        return 'Tomcat threads'
    return 'Java, other'


for path in sys.argv[1:]:
    total, kinds = 0, collections.Counter()
    for line in open(path):
        stack, samples = line.rstrip().rsplit(' ', 1)
        total += int(samples)
        kinds[kind(stack.split(';'))] += int(samples)
    print(path, f'{total} samples:', ', '.join(f'{k} {n / total:.1%}' for k, n in kinds.most_common()))
