/**
 * The viewer's window (GLFW + OpenGL 3.3 core, LWJGL): {@code gc-video} → {@link
 * org.glasscast.viewer.window.PictureQueue} (every picture in order, timed by the presentation rule) →
 * the main thread's {@link org.glasscast.viewer.window.VideoWindow} loop → picture (YUV → RGB in a
 * shader) and stats overlay (stb_easy_font). R reaches the recorder through {@link
 * org.glasscast.viewer.record.RecordingControl}.
 */
package org.glasscast.viewer.window;
