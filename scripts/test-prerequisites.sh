#!/usr/bin/env bash
# Installs what the tests need from Debian's packages when run as root; otherwise names it.
# - peers we did not write play our streams in the interop tests: ffmpeg/ffprobe, GStreamer
# - screen capture is tested on a virtual X display (Xvfb), system audio on a PulseAudio null sink
# - the viewer's window is drawn there with Mesa's software OpenGL (llvmpipe) and typed at through XTEST
# - an IP camera's log-in is played by GStreamer's rtsp-server with Digest (Python bindings, x264enc)
# - network failures (a host that drops SYNs, lossy links) are made in network namespaces: ip, nft
set -euo pipefail
declare -A cmd_pkg=(
  [ffmpeg]=ffmpeg
  [ffprobe]=ffmpeg
  [gst-launch-1.0]=gstreamer1.0-tools
  [Xvfb]=xvfb
  [xauth]=xauth
  [pulseaudio]=pulseaudio
  [pactl]=pulseaudio-utils
  [ip]=iproute2
  [nft]=nftables
)
gst_pkgs=(gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav)
# shared libraries the screen grabber loads through JNA
lib_pkgs=(libx11-6 libxext6 libxfixes3 libxrandr2 libxdamage1)
# OpenGL for GLFW on Xvfb (libGL + GLX + the llvmpipe driver), XTEST for the window test's key presses
gl_pkgs=(libgl1 libglx-mesa0 libgl1-mesa-dri libxtst6)
missing=()
for c in "${!cmd_pkg[@]}"; do
  command -v "$c" >/dev/null 2>&1 || missing+=("${cmd_pkg[$c]}")
done
# GStreamer's plugins: rtspsrc, rtpvrawpay (good), h264parse (bad), avdec_h264 (libav)
if command -v gst-inspect-1.0 >/dev/null 2>&1; then
  for el in rtspsrc rtph264depay rtpvrawpay h264parse avdec_h264; do
    gst-inspect-1.0 "$el" >/dev/null 2>&1 || { missing+=("${gst_pkgs[@]}"); break; }
  done
else
  missing+=("${gst_pkgs[@]}")
fi
# the Digest camera: python3-gi with rtsp-server's introspection data, x264enc (ugly)
/usr/bin/python3 -c 'import gi; gi.require_version("GstRtspServer", "1.0"); from gi.repository import GstRtspServer' \
    >/dev/null 2>&1 || missing+=(python3 python3-gi gir1.2-gst-rtsp-server-1.0)
command -v gst-inspect-1.0 >/dev/null 2>&1 && gst-inspect-1.0 x264enc >/dev/null 2>&1 || missing+=(gstreamer1.0-plugins-ugly)
for lib in libX11.so.6 libXext.so.6 libXfixes.so.3 libXrandr.so.2 libXdamage.so.1; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || { missing+=("${lib_pkgs[@]}"); break; }
done
for lib in libGL.so.1 libGLX_mesa.so.0 libXtst.so.6; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || { missing+=("${gl_pkgs[@]}"); break; }
done
compgen -G "/usr/lib/*/dri/swrast_dri.so" >/dev/null || missing+=(libgl1-mesa-dri)
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
