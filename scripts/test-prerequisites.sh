#!/usr/bin/env bash
# Installs what the tests need from Debian's packages when run as root; otherwise names it.
# Peers we did not write (ffmpeg/ffprobe, GStreamer) play our streams in the interop tests.
set -euo pipefail
declare -A cmd_pkg=(
  [ffmpeg]=ffmpeg
  [ffprobe]=ffmpeg
  [gst-launch-1.0]=gstreamer1.0-tools
)
pkgs_always=(gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav)
missing=()
for c in "${!cmd_pkg[@]}"; do
  command -v "$c" >/dev/null 2>&1 || missing+=("${cmd_pkg[$c]}")
done
# GStreamer's plugins: rtspsrc (good), h264parse (bad), avdec_h264 (libav)
if command -v gst-inspect-1.0 >/dev/null 2>&1; then
  for el in rtspsrc rtph264depay h264parse avdec_h264; do
    gst-inspect-1.0 "$el" >/dev/null 2>&1 || { missing+=("${pkgs_always[@]}"); break; }
  done
else
  missing+=("${pkgs_always[@]}")
fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "glasscast test: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
  echo "glasscast test: please install: ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
