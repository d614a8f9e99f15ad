// One HLS stream on a <video> through hls.js: live from the live edge, or a recording positioned
// at a wall-clock time through its program date-times (and again whenever that time changes),
// stopping at the end of the range; reports the fragments (for the timeline), the wall-clock
// time on screen, gaps and failures.
import Hls, { type ErrorData, type LevelLoadedData } from 'hls.js';
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

import { describePlayerError, NO_PROGRAM_DATE_TIME, type PlayerProblem, UNSUPPORTED_BROWSER } from './playerErrors';
import { hasProgramDateTime, mediaPositionAt, recordedSpans, type TimedFragment, wallTimeAt } from './programDateTime';

export interface PlaybackRequest {
  url: string;
  live: boolean;
  /** recordings: the wall-clock time (epoch ms) to show first */
  startAt?: number;
  /** recordings: the wall-clock time to stop at */
  stopAt?: number;
}

export interface Playback {
  fragments: TimedFragment[];
  /** the wall-clock time of the frame on screen */
  wallTime?: number;
  problem?: PlayerProblem;
  /** e.g. the asked time fell in a gap of the recording */
  notice?: string;
  /** true once the video shows the asked position (live: the live edge) */
  positioned: boolean;
  /** plays the recording from a wall-clock time (a click on the timeline) */
  seekTo(wallMs: number): void;
}

const formatTime = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');

const fragmentsOf = (data: LevelLoadedData): TimedFragment[] =>
  data.details.fragments.map((f) => ({ start: f.start, duration: f.duration, programDateTime: f.programDateTime }));

export function useHlsPlayback(videoRef: RefObject<HTMLVideoElement | null>, request: PlaybackRequest): Playback {
  const { url, live, startAt, stopAt } = request;
  const [fragments, setFragments] = useState<TimedFragment[]>([]);
  const [wallTime, setWallTime] = useState<number>();
  const [problem, setProblem] = useState<PlayerProblem>();
  const [notice, setNotice] = useState<string>();
  const [positioned, setPositioned] = useState(false);
  const fragmentsRef = useRef<TimedFragment[]>([]);
  const hlsRef = useRef<Hls | undefined>(undefined);
  const stopAtRef = useRef(stopAt);
  stopAtRef.current = stopAt;
  const startAtRef = useRef(startAt);
  startAtRef.current = startAt;

  /** Moves a loaded recording to wall-clock time `wallMs` and plays it. */
  const position = useCallback(
    (wallMs: number) => {
      const video = videoRef.current;
      const hls = hlsRef.current;
      if (!video || !hls) return;
      const at = mediaPositionAt(fragmentsRef.current, wallMs);
      if (!at) {
        setNotice(`No recording at or after ${formatTime(wallMs)}.`);
        video.pause();
        setPositioned(true);
        return;
      }
      setNotice(
        at.inGap ? `No recording at ${formatTime(wallMs)}: playing from ${formatTime(at.wallTime)}.` : undefined,
      );
      video.currentTime = at.mediaTime;
      video.play().catch(() => {});
      setPositioned(true);
    },
    [videoRef],
  );

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    setFragments([]);
    setProblem(undefined);
    setNotice(undefined);
    setPositioned(false);
    setWallTime(undefined);
    fragmentsRef.current = [];
    if (!Hls.isSupported()) {
      setProblem(UNSUPPORTED_BROWSER);
      return;
    }
    // recordings start loading where the range starts, known once the playlist is read
    const hls = new Hls({ autoStartLoad: live, liveSyncDurationCount: 2 });
    hlsRef.current = hls;
    let started = live;
    let recovered = false;
    hls.on(Hls.Events.LEVEL_LOADED, (_event, data) => {
      const loaded = fragmentsOf(data);
      fragmentsRef.current = loaded;
      setFragments(loaded);
      if (started) return;
      started = true;
      if (!hasProgramDateTime(loaded) || !loaded.length) {
        setProblem(NO_PROGRAM_DATE_TIME);
        return;
      }
      const first = startAtRef.current ?? recordedSpans(loaded)[0]!.from;
      hls.startLoad(mediaPositionAt(loaded, first)?.mediaTime ?? -1);
      position(first);
    });
    hls.on(Hls.Events.ERROR, (_event, data: ErrorData) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
        recovered = true;
        hls.recoverMediaError();
        return;
      }
      setProblem(describePlayerError(data, url));
      hls.destroy();
    });
    const onPlaying = () => live && setPositioned(true);
    const onTime = () => {
      const wall = wallTimeAt(fragmentsRef.current, video.currentTime);
      setWallTime(wall);
      const end = stopAtRef.current;
      if (!live && wall !== undefined && end !== undefined && wall >= end && !video.paused) {
        video.pause();
        setNotice(`End of the dashboard's range (${formatTime(end)}).`);
      }
    };
    video.addEventListener('playing', onPlaying);
    video.addEventListener('timeupdate', onTime);
    hls.loadSource(url);
    hls.attachMedia(video);
    return () => {
      video.removeEventListener('playing', onPlaying);
      video.removeEventListener('timeupdate', onTime);
      hls.destroy();
      hlsRef.current = undefined;
    };
    // startAt is applied by the effect below once the stream is open; reopening is for a new URL or mode
  }, [url, live, videoRef, position]);

  // a new range start (the dashboard's range changed) seeks the open recording
  useEffect(() => {
    if (!live && startAt !== undefined && fragmentsRef.current.length) position(startAt);
  }, [live, startAt, position]);

  return { fragments, wallTime, problem, notice, positioned, seekTo: position };
}
