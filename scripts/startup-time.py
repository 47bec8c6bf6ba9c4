#!/usr/bin/env python3
# Time from starting `securebase take` to its first screen, in a pseudo-terminal.
# Run from the repository root after `cargo build --release`.
import os, pty, time, select, statistics, sys, tempfile
times=[]
for _ in range(20):
    d=tempfile.mkdtemp()
    t0=time.perf_counter()
    pid, fd = pty.fork()
    if pid==0:
        os.environ.update(SECUREBASE_DATA_DIR=d, NO_COLOR="1", TERM="xterm")
        os.execv("./target/release/securebase", ["securebase","take"])
    buf=b""
    while b"Press Enter" not in buf:
        r,_,_=select.select([fd],[],[],5)
        if not r: break
        try: buf+=os.read(fd,65536)
        except OSError: break
    times.append((time.perf_counter()-t0)*1000)
    os.write(fd,b"q"); 
    try: os.waitpid(pid,0)
    except: pass
print(f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms over {len(times)} runs")
