// Stand-in tracks, so every peer sends exactly one video and one audio track from the
// first offer on: the camera turning on or off, or a missing device, is then a replaceTrack
// on an existing sender, never a renegotiation.

/** Black frames while the camera is off. stop() also ends the redraw timer. */
export function blackVideoTrack(doc: Document = document): MediaStreamTrack {
  const canvas = doc.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const paint = () => {
    const g = canvas.getContext('2d');
    if (!g) return;
    g.fillStyle = '#000';
    g.fillRect(0, 0, canvas.width, canvas.height);
  };
  paint();
  const track = canvas.captureStream(1).getVideoTracks()[0]!;
  // A canvas stream only yields a frame when the canvas is drawn on; once a second keeps the
  // receiver's decoder fed at almost no cost.
  const timer = setInterval(paint, 1000);
  return withCleanup(track, () => clearInterval(timer));
}

/** Silence, for a call whose microphone could not be opened. null where Web Audio is missing. */
export function silentAudioTrack(): MediaStreamTrack | null {
  if (typeof AudioContext === 'undefined') return null;
  const context = new AudioContext();
  const track = context.createMediaStreamDestination().stream.getAudioTracks()[0];
  if (!track) {
    void context.close();
    return null;
  }
  return withCleanup(track, () => void context.close());
}

/** Makes `track.stop()` also release what produces it (a timer, an AudioContext). */
function withCleanup(track: MediaStreamTrack, cleanup: () => void): MediaStreamTrack {
  const stop = track.stop.bind(track);
  track.stop = () => {
    cleanup();
    stop();
  };
  return track;
}
