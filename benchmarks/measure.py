#!/usr/bin/env python3
"""Runs a command; prints its wall time in seconds and the peak resident memory of the
process tree in MB (ru_maxrss of waited-for children), separated by a space."""
import resource, subprocess, sys, time

start = time.monotonic()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.monotonic() - start
if done.returncode != 0:
    sys.stderr.write(done.stderr.decode(errors="replace"))
    sys.exit(done.returncode)
print("%.3f %d" % (wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024))
