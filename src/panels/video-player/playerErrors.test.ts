import { describePlayerError } from './playerErrors';

const url = '/api/datasources/proxy/uid/doppel/doppel/doppel/workspaces/w/resources/cam/index.m3u8';

describe('describePlayerError', () => {
  it('says a playlist or segment was not found, naming it', () => {
    const problem = describePlayerError(
      { type: 'networkError', details: 'manifestLoadError', response: { code: 404, text: 'Not Found' }, url } as never,
      url,
    );
    expect(problem.title).toBe('Stream not found');
    expect(problem.text).toContain(`${url} answered 404`);
  });
  it('says when nothing answered', () => {
    const problem = describePlayerError({ type: 'networkError', details: 'manifestLoadTimeOut' } as never, url);
    expect(problem).toEqual({ title: 'Stream unreachable', text: `${url} did not answer (manifestLoadTimeOut).` });
  });
  it('points at the codec when decoding fails', () => {
    expect(describePlayerError({ type: 'mediaError', details: 'bufferAppendError' } as never, url).title).toBe(
      'The stream cannot be decoded',
    );
  });
});
