#!/usr/bin/env bash
# Stops a process that must not outlive the process that started it, when with-parent.sh cannot run
# it (PostgreSQL's postmaster runs as another user and in its own process group, so that Ctrl-C does
# not stop it before the system has drained). When the parent dies, even without cleaning up (a crash,
# kill -9), the process gets the signal: INT by default, PostgreSQL's fast shutdown. Exits as soon as
# the process has gone, whoever stopped it.
# Usage: stop-when-orphaned.sh <parent-pid> <pid> [signal]
parent=$1
pid=$2
signal=${3:-INT}
# A zombie has exited: it only waits for a parent that may never reap it.
running() { kill -0 "$1" 2>/dev/null && [[ "$(cat "/proc/$1/stat" 2>/dev/null)" != *") Z "* ]]; }
trap '' INT TERM HUP
while running "$parent" && running "$pid"; do sleep 1; done
running "$pid" || exit 0
kill -"$signal" "$pid" 2>/dev/null
for _ in $(seq 30); do
  running "$pid" || exit 0
  sleep 1
done
kill -QUIT "$pid" 2>/dev/null # PostgreSQL's immediate shutdown, when the fast one hangs
