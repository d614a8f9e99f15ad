import { render, screen } from '@testing-library/react';

import { VideoPlayer } from './VideoPlayer';

// jsdom has no Media Source Extensions: it is the browser that cannot play HLS through hls.js
describe('VideoPlayer without Media Source Extensions', () => {
  it('says the browser cannot play the stream instead of showing an empty box', () => {
    render(<VideoPlayer url="/cam/index.m3u8" live={false} from={0} to={60_000} width={400} height={300} />);
    expect(screen.getByTestId('video-player').dataset.state).toBe('error');
    expect(screen.getByTestId('video-message')).toHaveTextContent('This browser cannot play the stream');
  });
});
