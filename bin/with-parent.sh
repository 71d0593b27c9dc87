#!/usr/bin/env bash
# Runs a command that must not outlive the process that started it: when the parent dies, even
# without cleaning up (a crash, kill -9), the command is stopped too.
# Usage: with-parent.sh <parent-pid> <command> [args...]
parent=$1
shift
"$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit' TERM INT HUP
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
kill -TERM "$child" 2>/dev/null
wait "$child"
