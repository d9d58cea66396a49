#!/usr/bin/python3
"""An RTSP server we did not write, as an IP camera is: GStreamer's rtsp-server with Digest log-in.

usage: gst-rtsp-auth-server.py PORT USER PASSWORD
Serves rtsp://127.0.0.1:PORT/cam (videotestsrc, H.264 by x264, no B-frames) to USER:PASSWORD only,
prints "serving" once it listens, and runs until killed.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

port, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
Gst.init(None)
server = GstRtspServer.RTSPServer.new()
server.set_address("127.0.0.1")
server.set_service(port)

factory = GstRtspServer.RTSPMediaFactory.new()
factory.set_launch("( videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=30/1"
                   " ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30"
                   " ! rtph264pay name=pay0 pt=96 config-interval=-1 )")
factory.set_shared(True)
factory.add_role_from_structure(Gst.Structure.new_from_string(
    "viewer, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"))

auth = GstRtspServer.RTSPAuth.new()
auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
token = GstRtspServer.RTSPToken.new()
token.set_string("media.factory.role", "viewer")
auth.add_digest(user, password, token)
server.set_auth(auth)

server.get_mount_points().add_factory("/cam", factory)
if server.attach(None) == 0:
    sys.exit("cannot listen on port " + port)
print("serving", flush=True)
GLib.MainLoop().run()
