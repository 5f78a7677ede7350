#!/usr/bin/env bash
# System packages the test suite needs beyond npm: Debian's chromium (the e2e browser, driven by
# playwright-core: never a downloaded browser), redis-server (two-process Socket.IO test) and
# docker-compose (to check docker-compose.yml; there is no Docker engine here) and a C compiler (the
# embedded ClickHouse's launcher), and a CJK font (zh-CN pages in chromium's screenshots are boxes without
# one). Needs root.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
# A C compiler: the embedded ClickHouse's launcher (server/src/storage/engine/launcher.c) is built at first start.
command -v cc >/dev/null 2>&1 || need+=(gcc libc6-dev)
# Noto CJK, the font the README tells a TV's owner to install: the screenshots show zh-CN as a TV shows
# it (about 90 MB; WenQuanYi, 5 MB, drew other glyph shapes and widths than the floor's TVs do).
fc-list 2>/dev/null | grep -qi 'noto sans cjk' || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
