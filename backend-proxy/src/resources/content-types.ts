/** The scene document media type: says "validate me as a TwinMaker scene" whatever the file is called. */
export const SCENE_CONTENT_TYPE = 'application/vnd.doppel.scene+json';

const byExtension: Record<string, string> = {
  glb: 'model/gltf-binary',
  gltf: 'model/gltf+json',
  json: 'application/json',
  bin: 'application/octet-stream',
  b3dm: 'application/octet-stream',
  i3dm: 'application/octet-stream',
  pnts: 'application/octet-stream',
  cmpt: 'application/octet-stream',
  subtree: 'application/octet-stream',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  ktx2: 'image/ktx2',
  hdr: 'image/vnd.radiance',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  // HLS (camera streams and recordings): what hls.js and browsers' native players expect
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  m4s: 'video/iso.segment',
  m4v: 'video/mp4',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** The content type a path's extension implies (`application/octet-stream` when unknown). */
export function contentTypeFor(path: string): string {
  const dot = path.lastIndexOf('.');
  const ext = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
  return byExtension[ext] ?? 'application/octet-stream';
}

/**
 * The content type to store for an upload: the one sent, unless it says nothing about the
 * content (none, octet-stream, or the form type `curl --data-binary` sends by default).
 */
export function storedContentType(path: string, sent: string | undefined): string {
  const type = (sent ?? '').trim();
  const essence = type.split(';')[0]!.trim().toLowerCase();
  if (essence === '' || essence === 'application/octet-stream' || essence === 'application/x-www-form-urlencoded')
    return contentTypeFor(path);
  return type;
}
