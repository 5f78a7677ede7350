#!/usr/bin/env bash
# A floor TV as a kiosk: a Debian or Raspberry Pi OS box that opens one display link full screen at
# login. Run it once as root, with the link an admin made on /admin#displays:
#
#   sudo deploy/kiosk/setup-kiosk.sh 'https://floorpulse.example/wall?display=…' [user]
#
# It installs chromium and fonts-noto-cjk, the CJK font: without one a zh-CN wall draws every Chinese
# character as a box (the browser renders the page; the FloorPulse server and its image send text, not
# glyphs). Then it starts chromium in kiosk mode at the user's graphical login.
set -euo pipefail
url="${1:-}"
user="${2:-${SUDO_USER:-pi}}"
if [[ ! "$url" =~ ^https?://[^[:space:]]+/wall ]]; then
  echo "usage: $0 'https://<floorpulse>/wall?display=<link>' [user]  (the display link from /admin#displays)" >&2
  exit 2
fi
home="$(getent passwd "$user" | cut -d: -f6)"
[ -n "$home" ] || { echo "no such user: $user" >&2; exit 2; }

# Debian names the browser chromium, Raspberry Pi OS chromium-browser.
browser=chromium
apt-cache show chromium >/dev/null 2>&1 || browser=chromium-browser
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$browser" fonts-noto-cjk
fc-list | grep -qi 'noto sans cjk' || { echo "fonts-noto-cjk installed but fontconfig does not list it" >&2; exit 1; }

# The display link is the TV's credential (docs/people.md): readable by this user only.
install -d -o "$user" -m 0700 "$home/.config" "$home/.config/autostart"
cat >"$home/.config/autostart/floorpulse-wall.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=FloorPulse wall
Exec=$(command -v "$browser") --kiosk --noerrdialogs --disable-session-crashed-bubble --check-for-update-interval=31536000 --autoplay-policy=no-user-gesture-required '$url'
X-GNOME-Autostart-enabled=true
DESKTOP
chown "$user" "$home/.config/autostart/floorpulse-wall.desktop"
chmod 0600 "$home/.config/autostart/floorpulse-wall.desktop"
echo "kiosk ready: $browser opens the wall at $user's next login"
