import type { GetEntityResponse } from '../../common/twinmaker';
import { resolveVideoUrl, videoSourceOf } from './videoSource';

const BASE = '/api/datasources/proxy/uid/doppel/doppel';
const resolve = (v: string) => resolveVideoUrl(v, BASE, 'plant 1');

function entity(components: GetEntityResponse['components']): GetEntityResponse {
  return {
    entityId: 'Camera_1',
    entityName: 'Camera 1',
    arn: 'arn',
    status: { state: 'ACTIVE' } as GetEntityResponse['status'],
    workspaceId: 'plant 1',
    parentEntityId: '$ROOT',
    hasChildEntities: false,
    creationDateTime: 0,
    updateDateTime: 0,
    components,
  };
}
const str = (stringValue: string) => ({ value: { stringValue } });

describe('resolveVideoUrl', () => {
  it('keeps absolute URLs', () => {
    expect(resolve('https://nvr.example:8888/cam1/index.m3u8')).toBe('https://nvr.example:8888/cam1/index.m3u8');
  });
  it('puts resource paths under the workspace resources behind the data proxy, segments escaped', () => {
    expect(resolve('/cams/line 1/live.m3u8')).toBe(
      '/api/datasources/proxy/uid/doppel/doppel/doppel/workspaces/plant%201/resources/cams/line%201/live.m3u8',
    );
  });
});

describe('videoSourceOf', () => {
  const camera = {
    componentTypeId: 'doppel.video.stream',
    properties: { liveUrl: str('cams/live.m3u8'), recordingsUrl: str('https://nvr/rec.m3u8'), posterUrl: {} },
  };

  it('reads the named doppel.video.stream component, URLs resolved', () => {
    expect(videoSourceOf(entity({ Video: camera }), 'Video', resolve)).toEqual({
      kind: 'hls',
      componentName: 'Video',
      liveUrl: `${BASE}/doppel/workspaces/plant%201/resources/cams/live.m3u8`,
      recordingsUrl: 'https://nvr/rec.m3u8',
      posterUrl: undefined,
    });
  });
  it("takes the entity's first video component when none is named", () => {
    const source = videoSourceOf(entity({ Temp: { componentTypeId: 'com.acme.t' }, Cam: camera }), '', resolve);
    expect(source).toMatchObject({ kind: 'hls', componentName: 'Cam' });
  });
  it('recognises Kinesis Video Streams components', () => {
    const kvs = { componentTypeId: 'com.amazon.kvs.video', properties: { KinesisVideoStreamName: str('cam') } };
    expect(videoSourceOf(entity({ Cam: kvs }), '', resolve)).toEqual({ kind: 'kvs', componentName: 'Cam' });
  });
  it('says what is missing', () => {
    expect(videoSourceOf(entity({}), '', resolve)).toMatchObject({ kind: 'none', reason: /no doppel\.video\.stream/ });
    expect(videoSourceOf(entity({ Video: camera }), 'Other', resolve)).toMatchObject({
      reason: 'Entity Camera_1 has no component Other.',
    });
    expect(videoSourceOf(entity({ T: { componentTypeId: 'com.acme.t' } }), 'T', resolve)).toMatchObject({
      reason: /of type com\.acme\.t, not doppel\.video\.stream/,
    });
    expect(
      videoSourceOf(entity({ V: { componentTypeId: 'doppel.video.stream', properties: {} } }), 'V', resolve),
    ).toMatchObject({ reason: 'Component V has neither liveUrl nor recordingsUrl set.' });
  });
});
