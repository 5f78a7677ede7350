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
# WenQuanYi Micro Hei: 5 MB, where Noto CJK (what docs/operations.md advises for a TV) is over 100 MB.
fc-list 2>/dev/null | grep -qiE 'wqy|noto (sans|serif) cjk' || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
