// hls.js failures in words a person can act on.
import type { ErrorData } from 'hls.js';

export interface PlayerProblem {
  title: string;
  text: string;
}

export const UNSUPPORTED_BROWSER: PlayerProblem = {
  title: 'This browser cannot play the stream',
  text: 'Playing HLS here needs Media Source Extensions with H.264 (any current Chrome, Edge, Firefox or Safari).',
};

export const NO_PROGRAM_DATE_TIME: PlayerProblem = {
  title: 'The recording has no program date-time',
  text: "Its playlist carries no #EXT-X-PROGRAM-DATE-TIME, so its frames cannot be placed on the dashboard's time: have the recorder write it (ffmpeg: -hls_flags program_date_time).",
};

/** What to show for a fatal hls.js error on `url`. */
export function describePlayerError(
  data: Pick<ErrorData, 'type' | 'details' | 'response' | 'url' | 'frag'>,
  url: string,
): PlayerProblem {
  const failed = data.frag?.url ?? data.url ?? url;
  const code = data.response?.code;
  if (data.type === 'networkError') {
    if (code === 404)
      return {
        title: 'Stream not found',
        text: `${failed} answered 404: check the component's URL, or whether the camera is recording.`,
      };
    if (code === 403 || code === 401)
      return {
        title: 'Stream not allowed',
        text: `${failed} answered ${code}: the data source's key may not read it.`,
      };
    return {
      title: 'Stream unreachable',
      text: `${failed} ${code ? `answered ${code}` : 'did not answer'} (${data.details}).`,
    };
  }
  if (data.type === 'mediaError')
    return {
      title: 'The stream cannot be decoded',
      text: `${data.details}: the browser may not support its codec (H.264 plays everywhere).`,
    };
  return { title: 'The stream cannot be played', text: String(data.details) };
}
