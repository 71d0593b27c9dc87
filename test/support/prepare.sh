#!/usr/bin/env bash
# The set-up `npm test` does before jest (its pretest script, after node_modules): installs the
# programs the tests start when they are missing (Dovecot, Chromium), with apt-get as root. PostgreSQL (the local server,
# else an embedded one) and the Temporal CLI are the jest global setup's business.
set -euo pipefail

# Each entry: a program the tests run (a command, or a file's full path), and the Debian package that has it.
needed=(
  "dovecot dovecot-imapd"  # the IMAP tests' real server (test/support/dovecot.ts)
  "/usr/lib/dovecot/submission dovecot-submissiond"  # its submission server, the OAuth2 relay tests' relay
  "chromium chromium"      # the console's browser tests (test/support/browser.ts, playwright-core)
)

if [ "$(id -u)" != 0 ]; then
  # Dovecot's test server hands the mail to a mail account, which only root may do.
  echo "npm test runs a real Dovecot for the IMAP tests, which needs root: run  sudo npm test" >&2
  exit 1
fi

missing=()
for entry in "${needed[@]}"; do
  read -r program package <<<"$entry"
  command -v "$program" >/dev/null 2>&1 || [ -x "/usr/sbin/$program" ] || [ -x "$program" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "npm test needs ${missing[*]} (Debian's package names): install them, then run npm test again" >&2
  exit 1
fi
echo "npm test: installing ${missing[*]} (apt-get, once)…" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
