#!/usr/bin/env bash
# Installs Debian's Dovecot IMAP server for the inbound mail tests (issue 28). Idempotent. Nothing is
# started here: each test starts its own Dovecot from a config file it writes (tests/support/dovecot.ts),
# on a free loopback port with a mailbox it makes, and removes it afterwards.
set -euo pipefail

if [ ! -x /usr/sbin/dovecot ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null
fi
/usr/sbin/dovecot --version
