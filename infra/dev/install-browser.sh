#!/bin/sh
# Installs Debian's Chromium and its driver for the browser tests, when either is missing (idempotent).
# Run by Maven (infra/dev's pom) before the tests; needs root and a reachable apt mirror only the first time.
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-browser: /usr/bin/chromium or /usr/bin/chromedriver missing; run as root:" \
         "apt-get install -y chromium chromium-driver" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium chromium-driver
